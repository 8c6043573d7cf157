package dev.labkit.runner.modelserver;

import dev.labkit.checks.sdk.Picture;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The lab model's default answer to a chat request that carries images (docs/lab-model.md, "Speech and
 * vision"): an honest description computed from the last image, since the lab model cannot see. It
 * names the format and size, the two or three dominant colours (each pixel mapped to the nearest of
 * {@link #PALETTE} by RGB distance; colours under 5% left out) with their shares, and the text in the
 * image read by {@link TextRecognizer} (tesseract) when installed. The same image always gets the same
 * description.
 */
final class ImageDescription {

    /** A small palette of named colours (CSS/X11 names); pixels are counted by the nearest one. */
    static final List<NamedColour> PALETTE = List.of(
            new NamedColour("black", 0, 0, 0), new NamedColour("white", 255, 255, 255),
            new NamedColour("grey", 128, 128, 128), new NamedColour("red", 220, 20, 30),
            new NamedColour("orange", 255, 140, 0), new NamedColour("yellow", 255, 220, 0),
            new NamedColour("green", 30, 160, 40), new NamedColour("blue", 30, 80, 220),
            new NamedColour("purple", 128, 0, 128), new NamedColour("pink", 255, 150, 190),
            new NamedColour("brown", 140, 80, 30));

    /** At most this many pixels are counted: bigger images are sampled on a regular grid. */
    private static final int SAMPLED = 200_000;

    record NamedColour(String name, int red, int green, int blue) {
        int distance(int r, int g, int b) {
            return (r - red) * (r - red) + (g - green) * (g - green) + (b - blue) * (b - blue);
        }
    }

    /** A colour's share of the image's pixels, 0 to 1. */
    record Share(String name, double share) {}

    private ImageDescription() {}

    /** The description of a base64 image (raw or a data URL), as the lab model answers it. */
    static String of(String base64) {
        Optional<Picture> picture = Picture.fromBase64(base64);
        if (picture.isEmpty()) {
            return "I am the lab model and cannot see images. The image I was sent could not be decoded "
                    + "(it is not a PNG, JPEG, GIF or BMP image that javax.imageio reads).";
        }
        return of(picture.get());
    }

    static String of(Picture picture) {
        String colours = dominantColours(picture.image()).stream()
                .map(s -> s.name() + " (" + Math.round(s.share() * 100) + "%)").collect(Collectors.joining(", "));
        return "I am the lab model and cannot see images; this is computed from the pixels. The image is a "
                + picture.format().toUpperCase(Locale.ROOT) + " of " + picture.width() + "x" + picture.height()
                + " pixels. Its main colours are " + colours + ". " + text(picture);
    }

    /** The 2 or 3 colours with the largest shares (at least 5% each, the first always), largest first. */
    static List<Share> dominantColours(BufferedImage image) {
        long[] counts = new long[PALETTE.size()];
        long total = 0;
        int step = Math.max(1, (int) Math.ceil(Math.sqrt((double) image.getWidth() * image.getHeight() / SAMPLED)));
        for (int y = 0; y < image.getHeight(); y += step) {
            for (int x = 0; x < image.getWidth(); x += step) {
                int rgb = image.getRGB(x, y);
                counts[nearest((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff)]++;
                total++;
            }
        }
        List<Share> shares = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            shares.add(new Share(PALETTE.get(i).name(), counts[i] / (double) total));
        }
        shares.sort(Comparator.comparingDouble(Share::share).reversed());
        List<Share> dominant = new ArrayList<>(List.of(shares.get(0)));
        shares.stream().skip(1).limit(2).filter(s -> s.share() >= 0.05).forEach(dominant::add);
        return dominant;
    }

    private static int nearest(int r, int g, int b) {
        int best = 0;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < PALETTE.size(); i++) {
            int distance = PALETTE.get(i).distance(r, g, b);
            if (distance < bestDistance) {
                best = i;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static String text(Picture picture) {
        if (!TextRecognizer.installed()) {
            return "I cannot read text in it: no OCR engine installed (tesseract: apt-get install tesseract-ocr).";
        }
        try {
            byte[] png = picture.format().equals("png") ? picture.bytes() : Picture.encode(picture.image(), "png").bytes();
            String text = TextRecognizer.read(png).orElse("");
            return text.isEmpty() ? "The OCR engine (tesseract) found no text in it."
                    : "The text in it, read by the OCR engine (tesseract): \"" + text + "\".";
        } catch (IOException e) {
            return "The OCR engine (tesseract) failed on it: " + e.getMessage() + ".";
        }
    }
}
