package com.example.fig;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Turns uploaded image bytes into the picture the vision model gets: decoded by content (never by
 * file name or declared type) with javax.imageio, turned upright by its EXIF orientation
 * (metadata-extractor), scaled down so its long side is at most {@value #MAX_SIDE} px, as PNG.
 */
final class ImagePrep {

    /** The largest upload accepted: 10 MiB; more is a 413. */
    static final int MAX_BYTES = 10 * 1024 * 1024;

    /** The longest side, in pixels, a picture may have when it is sent to the model. */
    static final int MAX_SIDE = 1024;

    /** A picture ready for the model: PNG bytes and its size in pixels. */
    record Prepared(byte[] png, int width, int height) {}

    private ImagePrep() {}

    /**
     * @throws Refusal 413 for more than {@link #MAX_BYTES} bytes; 415 for bytes javax.imageio
     *     cannot decode (not an image, or a corrupt one)
     */
    static Prepared prepare(byte[] bytes) throws Refusal {
        if (bytes.length > MAX_BYTES) {
            throw new Refusal(413, "The image is larger than 10 MB. Please send a smaller one.");
        }
        BufferedImage image = decode(bytes);
        image = upright(image, orientation(bytes));
        image = fitted(image, MAX_SIDE);
        return new Prepared(png(image), image.getWidth(), image.getHeight());
    }

    private static BufferedImage decode(byte[] bytes) throws Refusal {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image != null) {
                return image;
            }
        } catch (IOException | RuntimeException e) {
            // a corrupt image (e.g. cut short) reads as an error: the same answer as no image at all
        }
        throw new Refusal(415, "The image could not be read: please send a PNG, JPEG, GIF or BMP picture.");
    }

    /** The EXIF orientation (1 to 8, 1 = as stored), or 1 when the file has none. */
    static int orientation(byte[] bytes) {
        try {
            ExifIFD0Directory exif = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes))
                    .getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (exif != null && exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                return exif.getInt(ExifIFD0Directory.TAG_ORIENTATION);
            }
        } catch (ImageProcessingException | MetadataException | IOException e) {
            // no readable metadata: the pixels are shown as stored
        }
        return 1;
    }

    /**
     * The image as it is meant to be seen, for an EXIF orientation (EXIF 2.32, tag 0x0112): 2 and 4
     * mirror, 3 turns half a turn, 6 a quarter clockwise, 8 a quarter counter-clockwise, 5 and 7
     * mirror along a diagonal.
     */
    static BufferedImage upright(BufferedImage image, int orientation) {
        int w = image.getWidth();
        int h = image.getHeight();
        AffineTransform turn = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w);
            case 8 -> new AffineTransform(0, -1, 1, 0, 0, w);
            default -> null;
        };
        if (turn == null) {
            return image;
        }
        boolean sideways = orientation >= 5;
        BufferedImage turned = blank(image, sideways ? h : w, sideways ? w : h);
        Graphics2D g = turned.createGraphics();
        g.drawImage(image, turn, null);
        g.dispose();
        return turned;
    }

    /**
     * The image scaled so its long side is {@code maxSide} (the other side rounded, aspect kept),
     * or unchanged when it already fits: never scaled up. Halves the size step by step with
     * bilinear filtering, so a large photo does not turn grainy.
     */
    static BufferedImage fitted(BufferedImage image, int maxSide) {
        int w = image.getWidth();
        int h = image.getHeight();
        int longSide = Math.max(w, h);
        if (longSide <= maxSide) {
            return image;
        }
        int targetW = w >= h ? maxSide : Math.max(1, (int) Math.round((double) w * maxSide / h));
        int targetH = w >= h ? Math.max(1, (int) Math.round((double) h * maxSide / w)) : maxSide;
        BufferedImage current = image;
        int cw = w;
        int ch = h;
        do {
            cw = Math.max(targetW, cw / 2);
            ch = Math.max(targetH, ch / 2);
            BufferedImage next = blank(image, cw, ch);
            Graphics2D g = next.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(current, 0, 0, cw, ch, null);
            g.dispose();
            current = next;
        } while (cw != targetW || ch != targetH);
        return current;
    }

    private static BufferedImage blank(BufferedImage like, int width, int height) {
        int type = like.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        return new BufferedImage(width, height, type);
    }

    private static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG in memory", e);
        }
    }
}
