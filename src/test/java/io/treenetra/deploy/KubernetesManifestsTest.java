package io.treenetra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests as `kubectl kustomize` renders them, overlay by overlay: probes on the
 * service's real paths and port, selectors that select, requests and limits and a non-root,
 * read-only container everywhere, the autoscaler and rollout the design asks for, and only
 * configuration the service reads.
 */
class KubernetesManifestsTest {

  private static final List<String> RENDERED =
      List.of("overlays/staging", "overlays/production", "blue-green", "canary");

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> render(String kustomization) throws Exception {
    Tools.require("kubectl", "kubernetes-client");
    Tools.Result result = Tools.run(List.of("kubectl", "kustomize", "k8s/" + kustomization));
    assertThat(result.exitCode())
        .as("kubectl kustomize k8s/%s: %s", kustomization, result.output())
        .isZero();
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object document : new Yaml().loadAll(result.output())) {
      if (document != null) {
        objects.add((Map<String, Object>) document);
      }
    }
    return objects;
  }

  @Test
  void everyContainerHasItsResourcesProbesAndARestrictedSecurityContext() throws Exception {
    Set<String> operationsPaths = operationsPaths();
    for (String kustomization : RENDERED) {
      for (Map<String, Object> deployment : ofKind(render(kustomization), "Deployment")) {
        String name = kustomization + " " + name(deployment);
        Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
        Map<String, Object> podSecurity = map(pod, "securityContext");
        assertThat(podSecurity.get("runAsNonRoot")).as(name).isEqualTo(true);
        assertThat((Integer) podSecurity.get("runAsUser")).as(name).isGreaterThan(0);
        for (Map<String, Object> container : list(pod, "containers")) {
          Map<String, Object> resources = map(container, "resources");
          assertThat(map(resources, "requests"))
              .as(name)
              .isEqualTo(Map.of("cpu", "500m", "memory", "576Mi"));
          assertThat(map(resources, "limits"))
              .as(name)
              .isEqualTo(Map.of("cpu", "2", "memory", "768Mi"));
          Map<String, Object> security = map(container, "securityContext");
          assertThat(security.get("readOnlyRootFilesystem")).as(name).isEqualTo(true);
          assertThat(security.get("allowPrivilegeEscalation")).as(name).isEqualTo(false);
          assertThat(map(security, "capabilities").get("drop")).as(name).isEqualTo(List.of("ALL"));

          Map<String, Integer> ports = new java.util.HashMap<>();
          for (Map<String, Object> port : list(container, "ports")) {
            ports.put((String) port.get("name"), (Integer) port.get("containerPort"));
          }
          // The port the server listens on: PORT's default in payara/launch.sh, and the image's.
          assertThat(ports.get("http")).as(name).isEqualTo(8080);
          assertThat(ports)
              .as(name)
              .containsEntry("jgroups", 7800)
              .containsEntry("jgroups-fd", 57800);
          for (String[] probe :
              new String[][] {
                {"startupProbe", "/health/started"},
                {"livenessProbe", "/health"},
                {"readinessProbe", "/ready"}
              }) {
            Map<String, Object> get = map(map(container, probe[0]), "httpGet");
            assertThat(get.get("path")).as(name + " " + probe[0]).isEqualTo(probe[1]);
            assertThat(operationsPaths).as("the service answers %s", probe[1]).contains(probe[1]);
            assertThat(ports).as(name).containsKey((String) get.get("port"));
          }
          // Writable places for a read-only root: Payara's root directory and the JVM's files under
          // /tmp.
          assertThat(list(container, "volumeMounts"))
              .extracting(m -> m.get("mountPath"))
              .contains("/tmp");
          assertThat(map(map(container, "lifecycle"), "preStop")).as(name).isNotNull();
        }
        assertThat((Integer) pod.get("terminationGracePeriodSeconds"))
            .as(name)
            .isGreaterThan(10 + 30);
        Map<String, Object> rolling =
            map(map(map(deployment, "spec"), "strategy"), "rollingUpdate");
        assertThat(rolling.get("maxUnavailable")).as(name).isEqualTo(0);
        assertThat(list(pod, "topologySpreadConstraints"))
            .extracting(c -> c.get("topologyKey"))
            .as(name)
            .contains("topology.kubernetes.io/zone");
      }
    }
  }

  @Test
  void selectorsSelectAndTheAutoscalerIsTheDesigns() throws Exception {
    for (String kustomization : List.of("overlays/staging", "overlays/production")) {
      List<Map<String, Object>> objects = render(kustomization);
      List<Map<String, Object>> deployments = ofKind(objects, "Deployment");
      assertThat(deployments)
          .extracting(KubernetesManifestsTest::name)
          .containsExactlyInAnyOrder("treenetra-api", "treenetra-worker");
      for (Map<String, Object> deployment : deployments) {
        Map<String, Object> selector = map(map(map(deployment, "spec"), "selector"), "matchLabels");
        assertThat(podLabels(deployment))
            .as(name(deployment))
            .containsAllEntriesOf(castMap(selector));
        String role = name(deployment).equals("treenetra-api") ? "api" : "worker";
        assertThat(
                list(map(map(map(deployment, "spec"), "template"), "spec"), "containers")
                    .get(0)
                    .get("env")
                    .toString())
            .contains("name=TREENETRA_ROLE, value=" + role);
      }
      Map<String, Object> api = byName(deployments, "treenetra-api");
      Map<String, Object> worker = byName(deployments, "treenetra-worker");

      Map<String, Object> service = byName(ofKind(objects, "Service"), "treenetra-api");
      assertThat(podLabels(api))
          .containsAllEntriesOf(castMap(map(map(service, "spec"), "selector")));
      assertThat(podLabels(worker)).doesNotContainEntry("app.kubernetes.io/component", "api");

      Map<String, Object> cluster =
          map(byName(ofKind(objects, "Service"), "treenetra-cluster"), "spec");
      assertThat(cluster.get("clusterIP")).isEqualTo("None");
      assertThat(cluster.get("publishNotReadyAddresses")).isEqualTo(true);
      assertThat(list(cluster, "ports"))
          .extracting(p -> p.get("port"))
          .containsExactlyInAnyOrder(7800, 57800);
      assertThat(podLabels(api)).containsAllEntriesOf(castMap(map(cluster, "selector")));
      assertThat(podLabels(worker)).containsAllEntriesOf(castMap(map(cluster, "selector")));

      for (Map<String, Object> budget : ofKind(objects, "PodDisruptionBudget")) {
        Map<String, String> selects =
            castMap(map(map(map(budget, "spec"), "selector"), "matchLabels"));
        assertThat(deployments)
            .as(name(budget))
            .anyMatch(d -> podLabels(d).entrySet().containsAll(selects.entrySet()));
      }

      Map<String, Object> hpa =
          map(byName(ofKind(objects, "HorizontalPodAutoscaler"), "treenetra-api"), "spec");
      assertThat(map(hpa, "scaleTargetRef").get("name")).isEqualTo("treenetra-api");
      boolean production = kustomization.endsWith("production");
      assertThat(hpa.get("minReplicas")).isEqualTo(production ? 3 : 1);
      assertThat(hpa.get("maxReplicas")).isEqualTo(production ? 10 : 2);
      Map<String, Object> targets = new java.util.HashMap<>();
      for (Map<String, Object> metric : list(hpa, "metrics")) {
        Map<String, Object> resource = map(metric, "resource");
        targets.put(
            (String) resource.get("name"), map(resource, "target").get("averageUtilization"));
      }
      assertThat(targets).isEqualTo(Map.of("cpu", 70));
      assertThat(map(map(hpa, "behavior"), "scaleUp").get("stabilizationWindowSeconds"))
          .isEqualTo(60);
      assertThat(map(map(hpa, "behavior"), "scaleDown").get("stabilizationWindowSeconds"))
          .isEqualTo(300);
      assertThat(map(api, "spec").get("replicas")).isEqualTo(production ? 3 : 1);
      assertThat(map(worker, "spec").get("replicas")).isEqualTo(production ? 2 : 1);
    }
  }

  /**
   * Blue-green beside production: the colour is in the Service's selector only through switch.sh's
   * patch, so no applied configuration (blue-green's or production's) carries it, and re-applying
   * production keeps it (kubectl apply removes only what an earlier apply wrote). Each colour
   * scales with its own autoscaler, which production's apply leaves alone.
   */
  @Test
  void blueGreenAndCanarySitBehindTheSameService() throws Exception {
    List<Map<String, Object>> blueGreen = render("blue-green");
    assertThat(ofKind(blueGreen, "Service"))
        .as("no Service in blue-green's configuration")
        .isEmpty();
    Map<String, String> production =
        castMap(
            map(
                map(
                    byName(ofKind(render("overlays/production"), "Service"), "treenetra-api"),
                    "spec"),
                "selector"));
    assertThat(production).doesNotContainKey("treenetra.io/track");
    for (String colour : List.of("blue", "green")) {
      Map<String, Object> deployment =
          byName(ofKind(blueGreen, "Deployment"), "treenetra-api-" + colour);
      assertThat(podLabels(deployment))
          .containsAllEntriesOf(production)
          .containsEntry("treenetra.io/track", colour);
      Map<String, Object> hpa =
          map(
              byName(ofKind(blueGreen, "HorizontalPodAutoscaler"), "treenetra-api-" + colour),
              "spec");
      assertThat(map(hpa, "scaleTargetRef").get("name")).isEqualTo("treenetra-api-" + colour);
      assertThat(hpa.get("minReplicas")).isEqualTo(3);
      assertThat(hpa.get("maxReplicas")).isEqualTo(10);
    }
    String switchScript = Files.readString(Path.of("k8s/blue-green/switch.sh"));
    assertThat(switchScript)
        .contains("rollout status")
        .contains(
            "patch service treenetra-api --type merge \\\n"
                + "  -p \"{\\\"spec\\\":{\\\"selector\\\":{\\\"treenetra.io/track\\\":\\\"$colour\\\"}}}\"")
        .doesNotContain("patch hpa");

    // The canary has the production Service's selector in its labels, and a selector of its own.
    Map<String, Object> canary =
        byName(ofKind(render("canary"), "Deployment"), "treenetra-api-canary");
    assertThat(podLabels(canary))
        .containsAllEntriesOf(production)
        .containsEntry("treenetra.io/track", "canary");
    assertThat(map(canary, "spec").get("replicas")).isEqualTo(1);
    assertThat(map(canary, "metadata").get("namespace")).isEqualTo("treenetra");
  }

  @Test
  void theBackupJobsRunNonRootWithThePolicyAndScriptsOfTheRepository() throws Exception {
    List<Map<String, Object>> backup = render("backup");
    assertThat(ofKind(backup, "CronJob").stream().map(KubernetesManifestsTest::name))
        .containsExactlyInAnyOrder("treenetra-backup", "treenetra-pgbackrest");
    for (Map<String, Object> cronJob : ofKind(backup, "CronJob")) {
      Map<String, Object> pod =
          map(map(map(map(map(cronJob, "spec"), "jobTemplate"), "spec"), "template"), "spec");
      assertThat(map(pod, "securityContext").get("runAsNonRoot")).isEqualTo(true);
      List<Map<String, Object>> containers = new ArrayList<>(list(pod, "containers"));
      if (pod.containsKey("initContainers")) {
        containers.addAll(list(pod, "initContainers"));
      }
      for (Map<String, Object> container : containers) {
        Map<String, Object> security = map(container, "securityContext");
        assertThat(security.get("readOnlyRootFilesystem")).as(name(cronJob)).isEqualTo(true);
        assertThat(security.get("allowPrivilegeEscalation")).as(name(cronJob)).isEqualTo(false);
        assertThat(map(map(container, "resources"), "limits")).as(name(cronJob)).isNotEmpty();
        assertThat((String) container.get("image")).as(name(cronJob)).matches(".+:v?\\d[\\w.-]*");
      }
    }
    Map<String, Object> pgbackrest = byName(ofKind(backup, "CronJob"), "treenetra-pgbackrest");
    Map<String, Object> pod =
        map(map(map(map(map(pgbackrest, "spec"), "jobTemplate"), "spec"), "template"), "spec");
    assertThat(pod.get("serviceAccountName")).isEqualTo("treenetra-pgbackrest");
    assertThat(list(pod, "containers").get(0).get("args"))
        .isEqualTo(
            List.of(
                "exec",
                "statefulset/treenetra-db",
                "--container=postgres",
                "--",
                "bash",
                "/etc/pgbackrest/pgbackrest-backup.sh"));
    // The ConfigMap the database's pod mounts at /etc/pgbackrest: the files of this repository.
    Map<String, String> files =
        castMap(map(byName(ofKind(backup, "ConfigMap"), "treenetra-pgbackrest"), "data"));
    assertThat(files)
        .containsOnlyKeys("pgbackrest.conf", "pgbackrest-backup.sh")
        .containsEntry("pgbackrest.conf", Files.readString(Path.of("k8s/backup/pgbackrest.conf")))
        .containsEntry(
            "pgbackrest-backup.sh", Files.readString(Path.of("k8s/backup/pgbackrest-backup.sh")));
    List<String> rules = new ArrayList<>();
    for (Map<String, Object> rule :
        list(byName(ofKind(backup, "Role"), "treenetra-pgbackrest"), "rules")) {
      rules.add(rule.get("resources") + " " + rule.get("verbs"));
    }
    assertThat(rules)
        .containsExactly("[statefulsets] [get]", "[pods] [get, list]", "[pods/exec] [create]");
    Map<String, Object> binding = byName(ofKind(backup, "RoleBinding"), "treenetra-pgbackrest");
    assertThat(list(binding, "subjects").get(0).get("name")).isEqualTo("treenetra-pgbackrest");
    assertThat(ofKind(backup, "Secret")).isEmpty();
  }

  /**
   * The edge and the pods' identity: the API only over TLS (cert-manager fills the certificate's
   * Secret), a host per overlay, the client's address believed from the controller's pods only; and
   * S3 access through the service account's role, never keys.
   */
  @Test
  void theApiIsServedOverTlsAndThePodsReachS3ThroughTheirServiceAccountsRole() throws Exception {
    for (String kustomization : RENDERED) {
      List<Map<String, Object>> objects = render(kustomization);
      for (Map<String, Object> deployment : ofKind(objects, "Deployment")) {
        Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
        assertThat(pod.get("serviceAccountName"))
            .as("%s %s", kustomization, name(deployment))
            .isEqualTo("treenetra");
        for (Map<String, Object> container : list(pod, "containers")) {
          assertThat(list(container, "env"))
              .as("%s %s: no S3 keys", kustomization, name(deployment))
              .noneMatch(env -> String.valueOf(env.get("name")).startsWith("AWS_"));
        }
      }
    }
    for (String overlay : List.of("overlays/staging", "overlays/production")) {
      List<Map<String, Object>> objects = render(overlay);
      String host =
          overlay.endsWith("staging") ? "staging.treenetra.example.org" : "treenetra.example.org";
      Map<String, Object> account = byName(ofKind(objects, "ServiceAccount"), "treenetra");
      assertThat(castMap(map(account, "metadata").get("annotations")))
          .containsEntry(
              "eks.amazonaws.com/role-arn",
              "arn:aws:iam::ACCOUNT_ID:role/"
                  + (overlay.endsWith("staging")
                      ? "treenetra-staging-photos"
                      : "treenetra-photos"));

      Map<String, Object> ingress = byName(ofKind(objects, "Ingress"), "treenetra");
      assertThat(castMap(map(ingress, "metadata").get("annotations")))
          .containsEntry("cert-manager.io/cluster-issuer", "letsencrypt")
          .containsEntry("nginx.ingress.kubernetes.io/force-ssl-redirect", "true");
      Map<String, Object> spec = map(ingress, "spec");
      Map<String, Object> tls = list(spec, "tls").get(0);
      assertThat(tls.get("hosts")).isEqualTo(List.of(host));
      assertThat(tls.get("secretName")).isEqualTo("treenetra-tls");
      Map<String, Object> rule = list(spec, "rules").get(0);
      assertThat(rule.get("host")).isEqualTo(host);
      Map<String, Object> backend =
          map(map(list(map(rule, "http"), "paths").get(0), "backend"), "service");
      assertThat(backend.get("name")).isEqualTo("treenetra-api");
      assertThat(map(backend, "port").get("name")).isEqualTo("http");
      Map<String, Object> service = byName(ofKind(objects, "Service"), "treenetra-api");
      assertThat(list(map(service, "spec"), "ports"))
          .anyMatch(port -> "http".equals(port.get("name")));

      Map<String, String> config =
          castMap(map(byName(ofKind(objects, "ConfigMap"), "treenetra-config"), "data"));
      assertThat(config)
          .containsEntry("TREENETRA_TRUSTED_PROXIES", "10.0.0.0/8")
          .containsEntry("TREENETRA_TRUSTED_PROXY_HEADER", "X-Forwarded-For");
    }
  }

  @Test
  void theSecretIsATemplateOnlyAndEveryVariableIsOneTheServiceReads() throws Exception {
    for (String kustomization : RENDERED) {
      List<Map<String, Object>> objects = render(kustomization);
      assertThat(ofKind(objects, "Secret"))
          .as("no Secret is rendered: they are made from secret-template.yaml")
          .isEmpty();
      List<String> names = new ArrayList<>();
      for (Map<String, Object> configMap : ofKind(objects, "ConfigMap")) {
        names.addAll(castMap(map(configMap, "data")).keySet());
      }
      for (Map<String, Object> deployment : ofKind(objects, "Deployment")) {
        for (Map<String, Object> container :
            list(map(map(map(deployment, "spec"), "template"), "spec"), "containers")) {
          list(container, "env").forEach(env -> names.add((String) env.get("name")));
        }
      }
      for (String name : names) {
        if (!name.equals("POD_NAMESPACE")) {
          assertThat(Readme.documents(name)).as("README documents %s", name).isTrue();
        }
      }
    }
    Map<String, Object> template =
        new Yaml().load(Files.readString(Path.of("k8s/base/secret-template.yaml")));
    assertThat(castMap(map(template, "stringData")).values()).allMatch(String::isEmpty);
    Map<String, Object> base =
        new Yaml().load(Files.readString(Path.of("k8s/base/kustomization.yaml")));
    assertThat(base.get("resources").toString()).doesNotContain("secret-template");
  }

  /**
   * The operations paths the server answers (RequestFilter's list, each answered 200 by
   * OperationsIT).
   */
  private static Set<String> operationsPaths() throws Exception {
    String source =
        Files.readString(Path.of("src/main/java/io/treenetra/platform/web/RequestFilter.java"));
    Matcher paths = Pattern.compile("OPERATIONS_PATHS =\\s*Set.of\\(([^)]*)\\)").matcher(source);
    assertThat(paths.find()).isTrue();
    Set<String> found = new java.util.HashSet<>();
    Matcher path = Pattern.compile("\"([^\"]+)\"").matcher(paths.group(1));
    while (path.find()) {
      found.add(path.group(1));
    }
    return found;
  }

  static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
  }

  static Map<String, Object> byName(List<Map<String, Object>> objects, String name) {
    return objects.stream()
        .filter(o -> name.equals(name(o)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no object named " + name));
  }

  static String name(Map<String, Object> object) {
    return (String) map(object, "metadata").get("name");
  }

  static Map<String, String> podLabels(Map<String, Object> deployment) {
    return castMap(map(map(map(deployment, "spec"), "template"), "metadata").get("labels"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> object, String key) {
    Object value = object.get(key);
    assertThat(value).as("%s in %s", key, object.keySet()).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Map<String, Object> object, String key) {
    Object value = object.get(key);
    assertThat(value).as("%s in %s", key, object.keySet()).isInstanceOf(List.class);
    return (List<Map<String, Object>>) value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> castMap(Object value) {
    return (Map<String, String>) value;
  }
}
