package io.treenetra.itree;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The project's copy of the i-Tree tables is the data, byte for byte. */
class ItreeCopyTest {

  private static final Path COPY = Path.of("src/main/resources/itree");

  private static Map<String, String> sums(Path file) throws IOException {
    Map<String, String> sums = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        sums.put(line.substring(66), line.substring(0, 64));
      }
    }
    return sums;
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void everyCopiedFileMatchesItsChecksumAndNothingIsMissingOrExtra()
      throws IOException, NoSuchAlgorithmException {
    Map<String, String> sums = sums(COPY.resolve("SHA256SUMS"));
    assertThat(sums).hasSize(275);
    for (var entry : sums.entrySet()) {
      assertThat(sha256(COPY.resolve(entry.getKey())))
          .as(entry.getKey())
          .isEqualTo(entry.getValue());
    }
    List<String> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(COPY)) {
      walk.filter(Files::isRegularFile).forEach(f -> files.add(COPY.relativize(f).toString()));
    }
    files.removeAll(sums.keySet());
    // Ours, not copies: the checksums, the provenance and the synonyms.
    assertThat(files).containsExactlyInAnyOrder("SHA256SUMS", "README.md", "synonyms.csv");
  }

  @Test
  void theCopyIsTheSharedDataWhereThisCheckoutHasIt() throws IOException, NoSuchAlgorithmException {
    Path shared = SharedTables.shared();
    Map<String, String> ours = sums(COPY.resolve("SHA256SUMS"));
    if (shared == null) {
      // A user's checkout has no ../shared: the checksums above are the check.
      assertThat(ours).hasSize(275);
      return;
    }
    Map<String, String> theirs = sums(shared.resolve("SHA256SUMS"));
    for (var entry : ours.entrySet()) {
      Path original = shared.resolve(entry.getKey());
      String expected =
          theirs.containsKey(entry.getKey()) ? theirs.get(entry.getKey()) : sha256(original);
      assertThat(entry.getValue()).as(entry.getKey()).isEqualTo(expected);
      assertThat(sha256(original)).as(entry.getKey()).isEqualTo(entry.getValue());
    }
    // Every factor table, species list, the polygons and the prices of the data are copied.
    List<String> missing = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(shared)) {
      walk.filter(Files::isRegularFile)
          .map(f -> shared.relativize(f).toString())
          .filter(f -> f.endsWith(".csv") || f.endsWith(".json"))
          .filter(f -> !f.endsWith("interpolation_range.csv"))
          .filter(f -> !ours.containsKey(f))
          .forEach(missing::add);
    }
    assertThat(missing).isEmpty();
  }
}
