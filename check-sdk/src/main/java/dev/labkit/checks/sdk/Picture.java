package dev.labkit.checks.sdk;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image as the app sent it (a message's base64 image) or as a check made it: its bytes, format and
 * decoded pixels. Shown in transcripts and messages by its format, size and hash, never as base64.
 *
 * <p>Decoding uses the JDK's {@code javax.imageio}: PNG, JPEG, GIF and BMP. Pixels are as stored:
 * EXIF orientation is not applied (so a check can tell whether the app applied it).
 */
public final class Picture {

    private final byte[] bytes;
    private final String format;
    private final BufferedImage image;

    private Picture(byte[] bytes, String format, BufferedImage image) {
        this.bytes = bytes;
        this.format = format;
        this.image = image;
    }

    /**
     * Decodes image bytes.
     *
     * @return the picture, or empty when the bytes are not an image {@code javax.imageio} reads
     */
    public static Optional<Picture> decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                BufferedImage image = reader.read(0);
                return Optional.of(new Picture(bytes.clone(), reader.getFormatName().toLowerCase(Locale.ROOT), image));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // A corrupt or truncated image: not a picture.
            return Optional.empty();
        }
    }

    /** Decodes a base64 image (a raw base64 string, or a {@code data:} URL), or empty when it is not one. */
    public static Optional<Picture> fromBase64(String base64) {
        String data = base64.startsWith("data:") ? base64.substring(base64.indexOf(',') + 1) : base64;
        try {
            return decode(Base64.getMimeDecoder().decode(data.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Encodes {@code image} as {@code format} ({@code png}, {@code jpeg}, {@code bmp} or {@code gif}). */
    public static Picture encode(BufferedImage image, String format) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            BufferedImage writable = format.equals("jpeg") || format.equals("bmp") ? withoutAlpha(image) : image;
            if (!ImageIO.write(writable, format, out)) {
                throw new IllegalArgumentException("javax.imageio cannot write " + format);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Picture(out.toByteArray(), format, image);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    /** The format name, lower case: {@code png}, {@code jpeg}, {@code gif} or {@code bmp}. */
    public String format() {
        return format;
    }

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }

    /** The decoded pixels (a copy is not made: do not change them). */
    public BufferedImage image() {
        return image;
    }

    /** The bytes as base64, as Ollama's {@code images} carry them. */
    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The SHA-256 of the bytes, 64 lowercase hex digits. */
    public String sha256() {
        return AudioClip.sha256(bytes);
    }

    /**
     * How different two pictures look: the mean absolute difference of their RGB channels (0 = the same,
     * 255 = opposite), after both are scaled to 64x64. Re-encoding (PNG to JPEG) or a scale gives a few
     * units; a different, rotated or mirrored picture gives tens.
     */
    public double difference(Picture other) {
        BufferedImage a = scaled(image, 64, 64);
        BufferedImage b = scaled(other.image, 64, 64);
        long sum = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                }
            }
        }
        return sum / (64d * 64 * 3);
    }

    /** {@code image} scaled to exactly {@code width} x {@code height} with bilinear interpolation. */
    public static BufferedImage scaled(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage withoutAlpha(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return image;
        }
        return scaled(image, image.getWidth(), image.getHeight());
    }

    /** For transcripts and messages, e.g. {@code PNG 1024x683, 412,003 bytes, sha256 ab12cd34ef56}. */
    public String describe() {
        return format.toUpperCase(Locale.ROOT) + " " + width() + "x" + height() + ", "
                + String.format(Locale.ROOT, "%,d", bytes.length) + " bytes, sha256 " + sha256().substring(0, 12);
    }

    @Override
    public String toString() {
        return describe();
    }
}
