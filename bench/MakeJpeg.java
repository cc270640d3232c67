import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes a photo-sized JPEG of noisy gradients (hard to compress, like foliage): java MakeJpeg.java
 * OUT WIDTH HEIGHT.
 */
public class MakeJpeg {
  public static void main(String[] args) throws Exception {
    int width = Integer.parseInt(args[1]);
    int height = Integer.parseInt(args[2]);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(42);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int g = (x * 255 / width + random.nextInt(60)) & 0xff;
        int r = (y * 255 / height + random.nextInt(60)) & 0xff;
        image.setRGB(x, y, (r << 16) | (g << 8) | random.nextInt(80));
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(new File(args[0]))) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.92f);
      writer.write(null, new IIOImage(image, null, null), param);
    }
  }
}
