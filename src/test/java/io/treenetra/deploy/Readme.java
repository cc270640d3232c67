package io.treenetra.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The configuration the README documents: the variables the service reads. */
final class Readme {

  private Readme() {}

  /**
   * Whether README.md names {@code variable}: as itself, or as a suffix on the line of its siblings
   * (`TREENETRA_STORAGE_S3_BUCKET`, `_REGION`), or as one the AWS SDK reads for the S3 store.
   */
  static boolean documents(String variable) {
    String readme;
    try {
      readme = Files.readString(Path.of("README.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (readme.contains("`" + variable + "`")) {
      return true;
    }
    String text = readme;
    for (int cut = variable.indexOf('_'); cut > 0; cut = variable.indexOf('_', cut + 1)) {
      String prefix = "`" + variable.substring(0, cut + 1);
      String suffix = "`" + variable.substring(cut) + "`";
      if (text.lines().anyMatch(line -> line.contains(suffix) && line.contains(prefix))) {
        return true;
      }
    }
    return false;
  }
}
