package io.treenetra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every default lives in one place, microprofile-config.properties, and the README's table shows
 * the same one: no {@code @ConfigProperty} states a default again, every key the code injects has
 * one there or is optional, and each documented variable's default matches.
 */
class ConfigurationTest {

  /** Keys without a default, injected as Optional: unset means none. */
  private static final Set<String> OPTIONAL =
      Set.of(
          "treenetra.admin-password",
          "treenetra.storage.s3.endpoint",
          "db.read-url",
          "treenetra.itree.rates-file",
          "treenetra.itree.default-region");

  private static final Pattern INJECTED =
      Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"([^)]*)\\)");

  @Test
  void everyInjectedKeyHasItsDefaultInThePropertiesFileOnly() throws IOException {
    Properties defaults = defaults();
    List<String> restated = new ArrayList<>();
    Set<String> injected = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = INJECTED.matcher(Files.readString(file));
        while (m.find()) {
          injected.add(m.group(1));
          if (m.group(2).contains("defaultValue")) {
            restated.add(file.getFileName() + ": " + m.group(1));
          }
        }
      }
    }
    assertThat(injected).contains("treenetra.ratelimit.window-seconds", "treenetra.role");
    assertThat(restated).as("defaults stated again in the code").isEmpty();
    assertThat(injected)
        .filteredOn(key -> !defaults.containsKey(key) && !OPTIONAL.contains(key))
        .as("injected without a default in microprofile-config.properties")
        .isEmpty();
  }

  @Test
  void theReadmeShowsEachDefaultAsThePropertiesFileSetsIt() throws IOException {
    Properties defaults = defaults();
    String readme = Files.readString(Path.of("README.md"));
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (String key : defaults.stringPropertyNames()) {
      if (!key.startsWith("treenetra.") || defaults.getProperty(key).isEmpty()) {
        continue;
      }
      String variable = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
      // A row of its own: | `VARIABLE` | `default` | what |
      Matcher row =
          Pattern.compile(
                  "^\\| `" + Pattern.quote(variable) + "` \\| ([^|]*) \\|", Pattern.MULTILINE)
              .matcher(readme);
      if (row.find()) {
        checked++;
        if (!row.group(1).contains("`" + defaults.getProperty(key) + "`")) {
          wrong.add(
              variable
                  + " is "
                  + row.group(1).trim()
                  + " in README.md, "
                  + defaults.getProperty(key)
                  + " in the code");
        }
      }
    }
    assertThat(checked).as("rows of one variable checked").isGreaterThanOrEqualTo(15);
    assertThat(wrong).isEmpty();
  }

  private static Properties defaults() throws IOException {
    Properties defaults = new Properties();
    try (InputStream in =
        Files.newInputStream(
            Path.of("src/main/resources/META-INF/microprofile-config.properties"))) {
      defaults.load(in);
    }
    return defaults;
  }
}
