package dev.labkit.checks.multimodal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.Picture;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The images the checks make, and the rotation an EXIF-rotated photo is compared with. */
class ImagesTests {

    @Test
    void aClockwiseTurnMakesTheLeftColumnTheTopRow() {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff0000);
        image.setRGB(0, 1, 0x00ff00);
        image.setRGB(2, 1, 0x0000ff);

        BufferedImage turned = Images.rotatedClockwise(image);

        assertThat(turned.getWidth()).isEqualTo(2);
        assertThat(turned.getHeight()).isEqualTo(3);
        assertThat(turned.getRGB(1, 0) & 0xffffff).as("top left goes top right").isEqualTo(0xff0000);
        assertThat(turned.getRGB(0, 0) & 0xffffff).as("bottom left goes top left").isEqualTo(0x00ff00);
        assertThat(turned.getRGB(0, 2) & 0xffffff).as("bottom right goes bottom left").isEqualTo(0x0000ff);
    }

    @Test
    void fourClockwiseTurnsGiveThePictureBack() {
        BufferedImage card = Images.card(120, 80);
        BufferedImage turned = card;
        for (int i = 0; i < 4; i++) {
            turned = Images.rotatedClockwise(turned);
        }
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 120; x++) {
                assertThat(turned.getRGB(x, y)).isEqualTo(card.getRGB(x, y));
            }
        }
    }

    @Test
    void theNoisePngIsOverTheLimitDecodesAndIsTheSameEachTime() {
        Picture png = Images.noisePng(4, Images.MAX_IMAGE_BYTES + 64 * 1024);

        assertThat(png.size()).isGreaterThan(Images.MAX_IMAGE_BYTES + 64 * 1024).isLessThan(12 * 1024 * 1024);
        Picture decoded = Picture.decode(png.bytes()).orElseThrow();
        assertThat(decoded.format()).isEqualTo("png");
        assertThat(decoded.width()).isEqualTo(png.width());
        assertThat(Images.noisePng(4, 100_000).sha256()).isEqualTo(Images.noisePng(4, 100_000).sha256())
                .isNotEqualTo(Images.noisePng(5, 100_000).sha256());
    }

    @Test
    void theCardLooksTheSameScaledOrAsJpegButNotTurnedOrMirrored() {
        Picture card = Picture.encode(Images.card(800, 600), "png");
        Picture scaled = Picture.decode(Picture.encode(Picture.scaled(card.image(), 400, 300), "jpeg").bytes())
                .orElseThrow();
        Picture upsideDown = Picture.encode(Images.rotatedClockwise(Images.rotatedClockwise(card.image())), "png");
        Picture quarter = Picture.encode(Images.rotatedClockwise(card.image()), "png");

        assertThat(card.difference(scaled)).isLessThan(MultimodalChecks.LOOKS_SAME / 2);
        assertThat(card.difference(upsideDown)).isGreaterThan(MultimodalChecks.LOOKS_SAME * 2);
        assertThat(card.difference(quarter)).isGreaterThan(MultimodalChecks.LOOKS_SAME * 2);
    }
}
