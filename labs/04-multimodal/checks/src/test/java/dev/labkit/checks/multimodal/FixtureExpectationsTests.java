package dev.labkit.checks.multimodal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.AudioClip;
import dev.labkit.checks.sdk.Fixtures;
import dev.labkit.checks.sdk.Picture;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The lab's fixtures are what the checks take them for: sizes, orientation, formats and words. A
 * fixture made again differently fails here, naming what changed, before a check misjudges an app.
 */
class FixtureExpectationsTests {

    /** The lab's fixtures/, beside this checks/ project (Maven runs tests in the project's folder). */
    private final Fixtures fixtures = new Fixtures(Path.of("..", "fixtures"));

    private Picture picture(String name) {
        return Picture.decode(FixtureFiles.bytes(fixtures, name)).orElseThrow();
    }

    @Test
    void theAppleIsA640x480PngAndReencodingItKeepsItsLook() {
        Picture apple = picture(FixtureFiles.APPLE);

        assertThat(apple.format()).isEqualTo("png");
        assertThat(apple.width()).isEqualTo(640);
        assertThat(apple.height()).isEqualTo(480);
        Picture jpeg = Picture.decode(Picture.encode(apple.image(), "jpeg").bytes()).orElseThrow();
        assertThat(apple.difference(jpeg)).isLessThan(MultimodalChecks.LOOKS_SAME / 2);
        Picture upsideDown = Picture.encode(Images.rotatedClockwise(Images.rotatedClockwise(apple.image())), "png");
        assertThat(apple.difference(upsideDown)).isGreaterThan(MultimodalChecks.LOOKS_SAME * 2);
    }

    @Test
    void theMarketIsLargerThanTheLimitAndLooksTheSameScaledTo1024() {
        Picture market = picture(FixtureFiles.MARKET);

        assertThat(market.width()).isEqualTo(2400);
        assertThat(market.height()).isEqualTo(1600);
        Picture scaled = Picture.decode(Picture.encode(Picture.scaled(market.image(), 1024, 683), "jpeg").bytes())
                .orElseThrow();
        assertThat(market.difference(scaled)).isLessThan(MultimodalChecks.LOOKS_SAME / 2);
    }

    @Test
    void theExifPhotoIsStoredLandscapeAndTurnedClockwiseItLooksUnlikeAnyOtherTurn() {
        Picture stored = picture(FixtureFiles.EXIF_ROTATED);
        Picture clockwise = Picture.encode(Images.rotatedClockwise(stored.image()), "png");
        Picture anticlockwise = Picture.encode(Images.rotatedClockwise(Images.rotatedClockwise(clockwise.image())),
                "png");

        assertThat(stored.format()).isEqualTo("jpeg");
        assertThat(stored.width()).isEqualTo(600);
        assertThat(stored.height()).isEqualTo(400);
        assertThat(clockwise.difference(anticlockwise)).isGreaterThan(MultimodalChecks.LOOKS_SAME * 2);
        assertThat(clockwise.difference(stored)).as("the stored pixels, stretched upright")
                .isGreaterThan(MultimodalChecks.LOOKS_SAME * 2);
    }

    @Test
    void theBrokenImagesDoNotDecode() {
        assertThat(Picture.decode(FixtureFiles.bytes(fixtures, FixtureFiles.NOT_AN_IMAGE))).isEmpty();
        assertThat(Picture.decode(FixtureFiles.bytes(fixtures, FixtureFiles.TRUNCATED))).isEmpty();
    }

    @Test
    void theClipsAreWhatTheirNamesSay() {
        AudioClip question = AudioClip.of(FixtureFiles.bytes(fixtures, FixtureFiles.QUESTION));
        AudioClip tooLong = AudioClip.of(FixtureFiles.bytes(fixtures, FixtureFiles.TOO_LONG));

        assertThat(question.duration()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofMillis(500),
                Duration.ofSeconds(60)));
        assertThat(tooLong.duration()).hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofSeconds(60)));
        assertThat(AudioClip.of(FixtureFiles.bytes(fixtures, FixtureFiles.NOT_A_WAV)).isWav()).isFalse();
    }

    @Test
    void theScriptedTranscriptSharesNoKeyWordWithTheClip() {
        String said = fixtures.read(FixtureFiles.QUESTION_TEXT);

        assertThat(KeyWords.of(said)).isNotEmpty();
        assertThat(KeyWords.missing(KeyWords.of(said), MultimodalChecks.HEARD)).isEqualTo(KeyWords.of(said));
    }
}
