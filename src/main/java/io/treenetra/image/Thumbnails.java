package io.treenetra.image;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * A JPEG thumbnail of at most {@link #MAX_SIDE} pixels on its long side, turned upright by the
 * photo's EXIF orientation (phones store photos sideways and say so). The source is decoded
 * subsampled, so a 12-megapixel photo costs the memory of a small one.
 */
public final class Thumbnails {

  public static final int MAX_SIDE = 320;

  private Thumbnails() {}

  /** Writes the thumbnail of {@code source} to {@code target}; answers its width and height. */
  public static int[] make(Path source, String contentType, Path target) throws IOException {
    ImageReaders.registered();
    BufferedImage decoded;
    int orientation = 1;
    try (ImageInputStream in = ImageIO.createImageInputStream(source.toFile())) {
      if (contentType.equals("image/jpeg")) {
        orientation = orientation(in);
        in.seek(0);
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IOException("No reader for " + contentType);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int longSide = Math.max(reader.getWidth(0), reader.getHeight(0));
        ImageReadParam param = reader.getDefaultReadParam();
        int step = Math.max(1, longSide / (2 * MAX_SIDE));
        param.setSourceSubsampling(step, step, 0, 0);
        decoded = reader.read(0, param);
      } finally {
        reader.dispose();
      }
    }
    boolean sideways = orientation >= 5 && orientation <= 8;
    int width = sideways ? decoded.getHeight() : decoded.getWidth();
    int height = sideways ? decoded.getWidth() : decoded.getHeight();
    double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(width, height));
    int thumbWidth = Math.max(1, (int) Math.round(width * scale));
    int thumbHeight = Math.max(1, (int) Math.round(height * scale));
    BufferedImage thumbnail =
        new BufferedImage(thumbWidth, thumbHeight, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = thumbnail.createGraphics();
    try {
      graphics.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      graphics.setColor(java.awt.Color.WHITE);
      graphics.fillRect(0, 0, thumbWidth, thumbHeight);
      graphics.scale((double) thumbWidth / width, (double) thumbHeight / height);
      graphics.transform(upright(orientation, decoded.getWidth(), decoded.getHeight()));
      graphics.drawImage(decoded, 0, 0, null);
    } finally {
      graphics.dispose();
    }
    writeJpeg(thumbnail, target);
    return new int[] {thumbWidth, thumbHeight};
  }

  /**
   * EXIF orientation 1 to 8 (1 when absent or unreadable: better upright-ish than a failed
   * thumbnail).
   */
  static int orientation(ImageInputStream in) {
    try {
      List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
      if (exif.isEmpty()) {
        return 1;
      }
      InputStream data = exif.get(0).data();
      // "Exif" is followed by two NULs: the identifier's terminator is consumed, the pad byte is
      // not.
      data.mark(1);
      if (data.read() != 0) {
        data.reset();
      }
      Directory directory = new TIFFReader().read(ImageIO.createImageInputStream(data));
      Entry entry = directory.getEntryById(TIFF.TAG_ORIENTATION);
      if (entry != null
          && entry.getValue() instanceof Number number
          && number.intValue() >= 1
          && number.intValue() <= 8) {
        return number.intValue();
      }
    } catch (IOException | RuntimeException e) {
      // no usable EXIF
    }
    return 1;
  }

  /**
   * The transform that draws a stored image of {@code w} x {@code h} upright, per EXIF orientation.
   */
  static AffineTransform upright(int orientation, int w, int h) {
    return switch (orientation) {
      case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);
      case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);
      case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);
      case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);
      case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);
      case 7 -> new AffineTransform(0, -1, -1, 0, h, w);
      case 8 -> new AffineTransform(0, -1, 1, 0, 0, w);
      default -> new AffineTransform();
    };
  }

  private static void writeJpeg(BufferedImage image, Path target) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(target.toFile())) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.85f);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
  }
}
