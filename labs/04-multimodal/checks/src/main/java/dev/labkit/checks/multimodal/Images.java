package dev.labkit.checks.multimodal;

import dev.labkit.checks.sdk.Picture;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/** Images the checks make at run time, and the rotation they compare an EXIF-rotated fixture with. */
final class Images {

    /** The brief's upload limit for an image: 10 MB, 10 * 1024 * 1024 bytes. */
    static final int MAX_IMAGE_BYTES = 10 * 1024 * 1024;

    private Images() {}

    /**
     * {@code image} turned 90 degrees clockwise, as a viewer shows a photo whose EXIF Orientation is 6:
     * a {@code w x h} image becomes {@code h x w}, its left column its top row.
     */
    static BufferedImage rotatedClockwise(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        BufferedImage out = new BufferedImage(height, width, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out.setRGB(height - 1 - y, x, image.getRGB(x, y));
            }
        }
        return out;
    }

    /**
     * A PNG of random colour noise (PNG cannot compress it) whose file is larger than {@code minBytes},
     * the same for the same {@code seed}.
     */
    static Picture noisePng(long seed, int minBytes) {
        int side = (int) Math.ceil(Math.sqrt(minBytes / 3.0)) + 16;
        for (int attempt = 0; attempt < 4; attempt++, side += side / 8) {
            SplittableRandom random = new SplittableRandom(seed);
            BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    image.setRGB(x, y, random.nextInt(1 << 24));
                }
            }
            Picture png = Picture.encode(image, "png");
            if (png.size() > minBytes) {
                return png;
            }
        }
        throw new IllegalStateException("a noise PNG of more than " + minBytes + " bytes could not be made");
    }

    /**
     * A drawing with no symmetry (a sky, a sun at the top left, a red crate at the bottom right and a
     * black L), so that a scale keeps it looking the same while a turn or a mirror does not.
     */
    static BufferedImage card(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(0x87CEEB));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(0x3A7D2C));
            g.fillRect(0, height * 2 / 3, width, height - height * 2 / 3);
            g.setColor(new Color(0xFFD700));
            g.fillOval(width / 12, height / 12, width / 5, width / 5);
            g.setColor(new Color(0xB22222));
            g.fillRect(width * 3 / 5, height / 2, width / 3, height / 3);
            g.setColor(Color.BLACK);
            // An L, drawn as shapes: fonts are not on every grading machine.
            g.fillRect(width * 2 / 5, height / 6, width / 20, height / 3);
            g.fillRect(width * 2 / 5, height / 2 - height / 20, width / 6, height / 20);
        } finally {
            g.dispose();
        }
        return image;
    }
}
