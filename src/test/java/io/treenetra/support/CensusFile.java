package io.treenetra.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A census file in the nyc-2015 layout of any size: the sample's trees resampled, each with a new
 * tree_id (from {@code firstTreeId} on) and its position moved by up to about 50 m.
 */
public final class CensusFile {

  private static final String[] HEADER = {
    "tree_id", "latitude", "longitude", "status", "health", "spc_latin", "tree_dbh", "address"
  };

  private CensusFile() {}

  public static byte[] generate(int rows, long firstTreeId, long seed) {
    List<NycSample.Tree> sample = NycSample.read("census-file");
    Random random = new Random(seed);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(rows * 90);
    try (Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
        CSVPrinter csv = CSVFormat.RFC4180.builder().setHeader(HEADER).get().print(writer)) {
      for (int i = 0; i < rows; i++) {
        NycSample.Tree tree = sample.get(random.nextInt(sample.size()));
        String health =
            switch (tree.healthStatus() == null ? "" : tree.healthStatus()) {
              case "healthy" -> "Good";
              case "needs_attention" -> "Fair";
              case "critical" -> "Poor";
              default -> "";
            };
        csv.printRecord(
            firstTreeId + i,
            String.format(
                java.util.Locale.ROOT, "%.8f", tree.lat() + (random.nextDouble() - 0.5) * 0.0009),
            String.format(
                java.util.Locale.ROOT, "%.8f", tree.lng() + (random.nextDouble() - 0.5) * 0.0012),
            Character.toUpperCase(tree.status().charAt(0)) + tree.status().substring(1),
            health,
            tree.scientificName() == null ? "" : tree.scientificName(),
            tree.dbhCm() == null ? 0 : Math.round(tree.dbhCm() / 2.54),
            tree.address());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
