package io.treenetra.auth;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A resource method without @RolesAllowed or @PermitAll (on itself or its class) would be open to
 * anyone: every one of them says who may call it.
 */
class EveryEndpointIsGuardedTest {

  private static final List<Class<? extends Annotation>> VERBS =
      List.of(GET.class, POST.class, PUT.class, PATCH.class, DELETE.class);

  @Test
  void everyResourceMethodNamesItsRoles() throws Exception {
    List<String> open = new ArrayList<>();
    int methods = 0;
    for (Class<?> type : applicationClasses()) {
      if (!type.isAnnotationPresent(Path.class)) {
        continue;
      }
      for (Method method : type.getDeclaredMethods()) {
        if (VERBS.stream().noneMatch(method::isAnnotationPresent)) {
          continue;
        }
        methods++;
        boolean guarded =
            method.isAnnotationPresent(RolesAllowed.class)
                || method.isAnnotationPresent(PermitAll.class)
                || type.isAnnotationPresent(RolesAllowed.class)
                || type.isAnnotationPresent(PermitAll.class);
        if (!guarded) {
          open.add(type.getSimpleName() + "." + method.getName());
        }
      }
    }
    // Every endpoint of API.md (a new one must be counted here, and so thought about).
    assertThat(methods).isEqualTo(46);
    assertThat(open).isEmpty();
    // Only the API root and sign-in are open.
    assertThat(
            applicationClasses().stream()
                .filter(c -> c.isAnnotationPresent(PermitAll.class))
                .map(Class::getSimpleName))
        .containsExactlyInAnyOrder("ApiRootResource", "AuthResource");
  }

  private static List<Class<?>> applicationClasses() throws IOException {
    java.nio.file.Path root = java.nio.file.Path.of("target", "classes");
    try (Stream<java.nio.file.Path> files = Files.walk(root)) {
      return files
          .filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$"))
          .map(f -> root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
          .filter(name -> name.startsWith("io.treenetra."))
          .map(EveryEndpointIsGuardedTest::load)
          .toList();
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, EveryEndpointIsGuardedTest.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(name, e);
    }
  }
}
