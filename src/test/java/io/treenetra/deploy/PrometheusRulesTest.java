package io.treenetra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * monitoring/alerts.yml: valid rules (promtool check rules), each proven by
 * monitoring/alerts-test.yml to fire above its threshold and stay silent below (promtool test
 * rules), and written against metric names the service really exposes.
 */
class PrometheusRulesTest {

  private static final Path RULES = Path.of("monitoring/alerts.yml");

  @Test
  void theRulesAreValidAndEachAlertIsTested() throws Exception {
    Tools.require("promtool", "prometheus");
    Tools.Result check = Tools.run(List.of("promtool", "check", "rules", RULES.toString()));
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: 11 rules found");
    Tools.Result test =
        Tools.run(List.of("promtool", "test", "rules", "monitoring/alerts-test.yml"));
    assertThat(test.exitCode()).as(test.output()).isZero();

    // Every alert has a firing case and a silent case in the tests.
    String tests = Files.readString(Path.of("monitoring/alerts-test.yml"));
    for (String alert : alertNames()) {
      assertThat(tests)
          .as("a firing test of %s", alert)
          .containsPattern("alertname: " + alert + "\\n\\s+exp_alerts:\\n\\s+- exp_labels");
      assertThat(tests)
          .as("a silent test of %s", alert)
          .containsPattern("alertname: " + alert + "\\n\\s+exp_alerts: \\[\\]");
    }
  }

  @Test
  void theThresholdsAreTheDesigns() throws Exception {
    Map<String, String> rules = rules();
    assertThat(rules)
        .containsOnlyKeys(
            "TreeNetraHighErrorRate",
            "TreeNetraElevatedErrorRate",
            "TreeNetraSlowResponses",
            "TreeNetraDatabasePoolExhausted",
            "TreeNetraDown",
            "TreeNetraWorkersDown",
            "TreeNetraInstanceDown",
            "TreeNetraHighCpu",
            "TreeNetraHighMemory",
            "TreeNetraBackupFailed",
            "TreeNetraBackupMissing");
    assertThat(rules.get("TreeNetraHighErrorRate"))
        .contains("> 0.05", "for=5m", "severity=critical");
    assertThat(rules.get("TreeNetraElevatedErrorRate"))
        .contains("> 0.02", "for=10m", "severity=warning");
    // Payara's timer quantiles are in nanoseconds: 1000 ms.
    assertThat(rules.get("TreeNetraSlowResponses"))
        .contains("quantile=\"0.95\"", "> 1e9", "for=5m", "severity=critical");
    assertThat(rules.get("TreeNetraDatabasePoolExhausted"))
        .contains("> 0.9", "for=2m", "severity=critical");
    // Down means no target answering, also when there are no targets left at all.
    assertThat(rules.get("TreeNetraDown"))
        .contains(
            "absent(up{job=\"treenetra\",component=\"api\"} == 1)", "for=1m", "severity=critical");
    assertThat(rules.get("TreeNetraWorkersDown"))
        .contains(
            "absent(up{job=\"treenetra\",component=\"worker\"} == 1)",
            "for=5m",
            "severity=critical");
    assertThat(rules.get("TreeNetraInstanceDown"))
        .contains("up{job=\"treenetra\"} == 0", "for=5m", "severity=warning");
    assertThat(rules.get("TreeNetraHighCpu")).contains("> 0.8", "for=10m", "severity=warning");
    assertThat(rules.get("TreeNetraHighMemory")).contains("> 0.85", "for=10m", "severity=warning");
    // docs/operations.md's promise: a failed backup and a missed one both page.
    assertThat(rules.get("TreeNetraBackupFailed"))
        .contains("kube_job_status_failed{job_name=~\"treenetra-(backup|pgbackrest)-.*\"}", "> 0")
        .contains("severity=critical");
    assertThat(rules.get("TreeNetraBackupMissing"))
        .contains("kube_cronjob_status_last_successful_time", "> 26 * 3600", "severity=critical");
  }

  /**
   * monitoring/prometheus.yml gives every target the labels the rules select on. Debian's promtool
   * is built without Kubernetes service discovery, so the configuration is checked with its
   * discovery swapped for a static one; the relabelling, the part that is TreeNetra's, is checked
   * as written.
   */
  @Test
  @SuppressWarnings("unchecked")
  void theScrapeConfigurationGivesTheLabelsTheRulesUse() throws Exception {
    Tools.require("promtool", "prometheus");
    String config = Files.readString(Path.of("monitoring/prometheus.yml"));
    String discovery =
        "    kubernetes_sd_configs:\n"
            + "      - role: pod\n"
            + "        namespaces:\n"
            + "          names: [treenetra, treenetra-staging]\n";
    assertThat(config).contains(discovery);
    Path checked = Path.of("target", "prometheus-static.yml");
    Files.writeString(
        checked,
        config
            .replace(discovery, "    static_configs:\n      - targets: [\"localhost:8080\"]\n")
            .replace("  - alerts.yml", "  - " + RULES.toAbsolutePath()));
    Tools.Result check = Tools.run(List.of("promtool", "check", "config", checked.toString()));
    assertThat(check.exitCode()).as(check.output()).isZero();

    Map<String, Object> scrape =
        ((List<Map<String, Object>>)
                new Yaml().<Map<String, Object>>load(config).get("scrape_configs"))
            .get(0);
    assertThat(scrape.get("job_name")).isEqualTo("treenetra");
    Map<String, String> targetLabels = new java.util.HashMap<>();
    for (Map<String, Object> relabel : (List<Map<String, Object>>) scrape.get("relabel_configs")) {
      if (relabel.get("target_label") != null) {
        targetLabels.put(
            (String) relabel.get("target_label"),
            String.join(",", (List<String>) relabel.get("source_labels")));
      }
    }
    assertThat(targetLabels)
        .containsEntry("pod", "__meta_kubernetes_pod_name")
        .containsEntry("namespace", "__meta_kubernetes_namespace")
        .containsEntry("component", "__meta_kubernetes_pod_label_app_kubernetes_io_component");
    // The components the rules name are the Deployments' pod labels.
    String rules = Files.readString(RULES);
    for (var component :
        Map.of("api", "k8s/base/api/deployment.yaml", "worker", "k8s/base/worker-deployment.yaml")
            .entrySet()) {
      assertThat(rules).contains("component=\"" + component.getKey() + "\"");
      assertThat(Files.readString(Path.of(component.getValue())))
          .contains("        app.kubernetes.io/component: " + component.getKey() + "\n")
          .contains("        prometheus.io/scrape: \"true\"\n");
    }
    // The backup alerts match both backup CronJobs by name.
    Pattern jobs = Pattern.compile("treenetra-(backup|pgbackrest)");
    for (String file : List.of("k8s/backup/cronjob.yaml", "k8s/backup/pgbackrest-cronjob.yaml")) {
      for (Object document : new Yaml().loadAll(Files.readString(Path.of(file)))) {
        Map<String, Object> object = (Map<String, Object>) document;
        if (object != null && "CronJob".equals(object.get("kind"))) {
          String name = (String) ((Map<String, Object>) object.get("metadata")).get("name");
          assertThat(jobs.matcher(name).matches()).as("CronJob %s", name).isTrue();
        }
      }
    }
  }

  @Test
  void theServiceMetricsTheyUseAreOnesItExposes() throws Exception {
    // The names OperationsIT reads from the running server's /metrics.
    String exposed =
        Files.readString(Path.of("src/test/java/io/treenetra/platform/OperationsIT.java"));
    Matcher used =
        Pattern.compile("\\b(http_server_[a-z_]+|db_pool_[a-z_]+|trees_[a-z_]+)\\{")
            .matcher(Files.readString(RULES));
    int count = 0;
    while (used.find()) {
      count++;
      assertThat(exposed)
          .as("%s is a metric the service exposes", used.group(1))
          .contains(used.group(1));
    }
    assertThat(count).isGreaterThanOrEqualTo(5);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> rules() throws Exception {
    Map<String, Object> document = new Yaml().load(Files.readString(RULES));
    Map<String, String> rules = new java.util.LinkedHashMap<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) document.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        Map<String, Object> labels = (Map<String, Object>) rule.get("labels");
        rules.put(
            (String) rule.get("alert"),
            rule.get("expr") + " for=" + rule.get("for") + " severity=" + labels.get("severity"));
      }
    }
    return rules;
  }

  private static List<String> alertNames() throws Exception {
    return List.copyOf(rules().keySet());
  }

  @Test
  void theDashboardShowsTheDesignsPanelsFromExposedMetrics() throws Exception {
    jakarta.json.JsonObject dashboard;
    try (var reader =
        jakarta.json.Json.createReader(
            Files.newBufferedReader(Path.of("monitoring/grafana-dashboard.json")))) {
      dashboard = reader.readObject();
    }
    List<jakarta.json.JsonObject> panels =
        dashboard.getJsonArray("panels").getValuesAs(jakarta.json.JsonObject.class);
    assertThat(panels)
        .extracting(p -> p.getString("title"))
        .containsExactly(
            "Requests per second",
            "Latency p50 / p95 / p99 (slowest instance)",
            "Error rate (5xx share)",
            "Database pool in use",
            "Trees created",
            "Live trees by status");
    String exposed =
        Files.readString(Path.of("src/test/java/io/treenetra/platform/OperationsIT.java"));
    for (jakarta.json.JsonObject panel : panels) {
      for (jakarta.json.JsonObject target :
          panel.getJsonArray("targets").getValuesAs(jakarta.json.JsonObject.class)) {
        Matcher metric = Pattern.compile("\\b([a-z_]+)\\{job=").matcher(target.getString("expr"));
        assertThat(metric.find()).as(target.getString("expr")).isTrue();
        do {
          assertThat(exposed)
              .as("%s is a metric the service exposes", metric.group(1))
              .contains(metric.group(1));
        } while (metric.find());
      }
    }
    // Quantiles are nanoseconds in Payara: the latency panel converts them to seconds.
    assertThat(panels.get(1).toString()).contains("/ 1e9");
  }
}
