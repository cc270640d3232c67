package io.treenetra.image;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * What an uploaded file is, from its bytes alone (never its name or declared type), and its size in
 * pixels read from its header, without decoding it: a file that declares more pixels than allowed
 * is refused before any memory is spent on it. Also a cheap check that the file is whole (a JPEG
 * ends with its end-of-image marker, a PNG with its IEND chunk, a WebP's RIFF size matches the
 * file).
 */
public final class ImageInspector {

  /** A recognised image. */
  public record Inspected(String contentType, int width, int height) {}

  /**
   * Why a file is refused: not an image of ours ({@code unsupported}), or a damaged or oversized
   * one.
   */
  public static final class Refused extends Exception {
    private final boolean unsupported;

    Refused(boolean unsupported, String message) {
      super(message, null, false, false);
      this.unsupported = unsupported;
    }

    public boolean unsupported() {
      return unsupported;
    }
  }

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] PNG_END = {
    0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xae, 0x42, 0x60, (byte) 0x82
  };

  private ImageInspector() {}

  public static Inspected inspect(Path file, long maxPixels) throws Refused, IOException {
    ImageReaders.registered();
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long size = in.length();
      byte[] head = new byte[(int) Math.min(16, size)];
      in.readFully(head);
      String type =
          type(head)
              .orElseThrow(
                  () ->
                      new Refused(true, "is not a JPEG, PNG or WebP image (judged by its bytes)"));
      if (!whole(in, type, size)) {
        throw new Refused(
            false, "is truncated or damaged: the " + type + " does not end where it should");
      }
      int[] dimensions = dimensions(file);
      long pixels = (long) dimensions[0] * dimensions[1];
      if (pixels > maxPixels) {
        throw new Refused(
            false,
            "declares "
                + dimensions[0]
                + " x "
                + dimensions[1]
                + " pixels; at most "
                + maxPixels / 1_000_000
                + " megapixels are accepted");
      }
      return new Inspected(type, dimensions[0], dimensions[1]);
    }
  }

  static Optional<String> type(byte[] head) {
    if (head.length >= 3
        && (head[0] & 0xff) == 0xff
        && (head[1] & 0xff) == 0xd8
        && (head[2] & 0xff) == 0xff) {
      return Optional.of("image/jpeg");
    }
    if (head.length >= 8 && Arrays.equals(Arrays.copyOf(head, 8), PNG)) {
      return Optional.of("image/png");
    }
    if (head.length >= 12
        && head[0] == 'R'
        && head[1] == 'I'
        && head[2] == 'F'
        && head[3] == 'F'
        && head[8] == 'W'
        && head[9] == 'E'
        && head[10] == 'B'
        && head[11] == 'P') {
      return Optional.of("image/webp");
    }
    return Optional.empty();
  }

  private static boolean whole(RandomAccessFile in, String type, long size) throws IOException {
    switch (type) {
      case "image/jpeg" -> {
        // The end-of-image marker, allowing a little padding after it (some cameras add zeros).
        int tail = (int) Math.min(64, size);
        byte[] end = new byte[tail];
        in.seek(size - tail);
        in.readFully(end);
        for (int i = tail - 2; i >= 0; i--) {
          if ((end[i] & 0xff) == 0xff && (end[i + 1] & 0xff) == 0xd9) {
            return true;
          }
          if (end[i + 1] != 0) {
            return false;
          }
        }
        return false;
      }
      case "image/png" -> {
        if (size < PNG.length + PNG_END.length) {
          return false;
        }
        byte[] end = new byte[PNG_END.length];
        in.seek(size - PNG_END.length);
        in.readFully(end);
        return Arrays.equals(end, PNG_END);
      }
      default -> {
        in.seek(4);
        long riff = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
        return riff + 8 == size;
      }
    }
  }

  /** Width and height from the header only: the readers parse no pixel data for these calls. */
  private static int[] dimensions(Path file) throws Refused, IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new Refused(true, "is not an image this service can read");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return new int[] {reader.getWidth(0), reader.getHeight(0)};
      } catch (IOException | RuntimeException e) {
        throw new Refused(false, "is truncated or damaged: its header cannot be read");
      } finally {
        reader.dispose();
      }
    }
  }
}
