package dev.labkit.checks.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

/** AudioClip and Picture read real WAV, PNG and JPEG bytes made with the JDK, and refuse what is not one. */
class MediaFilesTests {

    @Test
    void aWavClipKnowsItsDurationFormatAndHash() throws IOException {
        AudioClip clip = new AudioClip(wav(16_000, 24_000), "q.wav", "audio/wav");

        assertThat(clip.isWav()).isTrue();
        assertThat(clip.duration()).contains(Duration.ofMillis(1500));
        assertThat(clip.wavFormat().orElseThrow().getSampleRate()).isEqualTo(16_000f);
        assertThat(clip.sha256()).hasSize(64).matches("[0-9a-f]+");
        assertThat(clip.describe()).startsWith("WAV 1.5 s, 48,044 bytes, sha256 " + clip.sha256().substring(0, 12))
                .endsWith("file name 'q.wav'");
    }

    @Test
    void bytesThatAreNotAWavHaveNoDuration() {
        AudioClip clip = AudioClip.of("OggS not really audio".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        assertThat(clip.isWav()).isFalse();
        assertThat(clip.duration()).isEmpty();
        assertThat(clip.describe()).startsWith("audio (not a readable WAV), 21 bytes, sha256 ");
    }

    @Test
    void clipsAreEqualByTheirBytesNotByIdentity() throws IOException {
        byte[] bytes = wav(8_000, 800);
        assertThat(AudioClip.of(bytes)).isEqualTo(AudioClip.of(bytes.clone()));
        assertThat(AudioClip.of(bytes)).isNotEqualTo(AudioClip.of(wav(8_000, 801)));
    }

    @Test
    void aPictureDecodesPngAndJpegWithTheirSizes() {
        BufferedImage image = halves(300, 200);
        Picture png = Picture.encode(image, "png");
        Picture jpeg = Picture.encode(image, "jpeg");

        Picture decoded = Picture.fromBase64(png.base64()).orElseThrow();
        assertThat(decoded.format()).isEqualTo("png");
        assertThat(decoded.width()).isEqualTo(300);
        assertThat(decoded.height()).isEqualTo(200);
        assertThat(decoded.sha256()).isEqualTo(png.sha256());
        assertThat(Picture.decode(jpeg.bytes()).orElseThrow().format()).isEqualTo("jpeg");
        assertThat(Picture.fromBase64("data:image/png;base64," + png.base64())).isPresent();
        assertThat(decoded.describe()).startsWith("PNG 300x200, ").contains("sha256 " + png.sha256().substring(0, 12));
    }

    @Test
    void textACutImageAndBadBase64AreNotPictures() {
        byte[] png = Picture.encode(halves(300, 200), "png").bytes();

        assertThat(Picture.decode("not an image".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isEmpty();
        assertThat(Picture.decode(Arrays.copyOf(png, png.length / 2))).isEmpty();
        assertThat(Picture.fromBase64("%%% not base64")).isEmpty();
    }

    @Test
    void differenceIsSmallForAReencodingOrScaleAndLargeForARotation() {
        BufferedImage image = halves(400, 300);
        Picture png = Picture.encode(image, "png");

        assertThat(png.difference(Picture.encode(image, "jpeg"))).isLessThan(5);
        assertThat(png.difference(Picture.encode(Picture.scaled(image, 200, 150), "png"))).isLessThan(5);
        assertThat(png.difference(Picture.encode(rotated(image), "png"))).isGreaterThan(40);
    }

    /** Left half red, right half blue: a rotation or mirror is obvious. */
    private static BufferedImage halves(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(Color.BLUE);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return image;
    }

    private static BufferedImage rotated(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                out.setRGB(image.getWidth() - 1 - x, image.getHeight() - 1 - y, image.getRGB(x, y));
            }
        }
        return out;
    }

    /** A mono 16-bit PCM WAV of {@code frames} frames of silence. */
    static byte[] wav(int sampleRate, int frames) throws IOException {
        AudioFormat format = new AudioFormat(sampleRate, 16, 1, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new java.io.ByteArrayInputStream(new byte[frames * 2]), format, frames),
                AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }
}
