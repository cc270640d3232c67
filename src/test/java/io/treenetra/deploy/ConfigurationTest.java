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
          "treenetra.itree.default-region",
          "treenetra.trusted-proxies");

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
      String variable = variable(key);
      // A row of its own: | `VARIABLE` | `key` | `default` | what |
      Matcher row =
          Pattern.compile(
                  "^\\| `" + Pattern.quote(variable) + "` \\| ([^|]*) \\| ([^|]*) \\|",
                  Pattern.MULTILINE)
              .matcher(readme);
      if (row.find()) {
        checked++;
        if (!row.group(1).trim().equals("`" + key + "`")) {
          wrong.add(variable + "'s key is " + row.group(1).trim() + " in README.md, " + key);
        }
        if (!row.group(2).contains("`" + defaults.getProperty(key) + "`")) {
          wrong.add(
              variable
                  + " is "
                  + row.group(2).trim()
                  + " in README.md, "
                  + defaults.getProperty(key)
                  + " in the code");
        }
      }
    }
    assertThat(checked).as("rows of one variable checked").isGreaterThanOrEqualTo(15);
    assertThat(wrong).isEmpty();
  }

  /**
   * Every key of the properties file and every optional one is in the README's key column, with the
   * environment variable MicroProfile Config maps it to in the first column of the same row.
   */
  @Test
  void theReadmeNamesEveryKeyNextToItsVariable() throws IOException {
    Set<String> keys = new TreeSet<>(OPTIONAL);
    keys.add("treenetra.datasource");
    for (String key : defaults().stringPropertyNames()) {
      // The caches' keys share one row of patterns; treenetra.service is a system property only.
      if (!key.startsWith("mp.openapi.")
          && !key.startsWith("treenetra.cache.")
          && !key.equals("treenetra.service")) {
        keys.add(key);
      }
    }
    List<String> missing = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("README.md"))) {
      String[] cells = line.split(" \\| ");
      if (line.startsWith("| `") && cells.length >= 3) {
        for (String key : keys.toArray(String[]::new)) {
          if (cells[1].contains("`" + key + "`") && cells[0].contains(variable(key))) {
            keys.remove(key);
          }
        }
      }
    }
    missing.addAll(keys);
    if (!Files.readString(Path.of("README.md"))
        .contains("| none: a system property only | `treenetra.service` | `treenetra` |")) {
      missing.add("treenetra.service");
    }
    assertThat(missing).as("keys without their row in README.md").isEmpty();
  }

  /** The environment variable MicroProfile Config reads for {@code key}. */
  private static String variable(String key) {
    return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
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
