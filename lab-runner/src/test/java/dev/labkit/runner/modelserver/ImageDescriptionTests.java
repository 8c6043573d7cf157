package dev.labkit.runner.modelserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labkit.checks.sdk.Picture;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lab model's default answer to an image: computed from its pixels, honest that it cannot see. */
class ImageDescriptionTests {

    private final ModelServerFixture model = new ModelServerFixture();

    @AfterEach
    void stop() {
        model.close();
    }

    /** A 640x480 picture: the left 60% red, the rest white, with a green band 10% high at the top of the white. */
    private static Picture apple() {
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 640, 480);
        g.setColor(new Color(200, 30, 30));
        g.fillRect(0, 0, 384, 480);
        g.setColor(new Color(40, 150, 50));
        g.fillRect(384, 0, 256, 48);
        g.dispose();
        return Picture.encode(image, "png");
    }

    @Test
    void anImageIsDescribedBySizeAndDominantColoursWithTheirShares() throws Exception {
        JsonNode answer = model.postJson("/api/chat", """
                {"model": "%s", "stream": false, "messages": [{"role": "system", "content": "You are Fig."},
                  {"role": "user", "content": "What fruit is this?", "images": ["%s"]}]}"""
                .formatted(ModelServerFixture.CHAT_MODEL, apple().base64()));

        String text = answer.path("message").path("content").asText();
        assertThat(text).startsWith("I am the lab model and cannot see images")
                .contains("PNG of 640x480 pixels", "Its main colours are red (60%), white (36%).")
                .as("green covers 4%: under 5%, left out").doesNotContain("green");
        assertThat(ImageDescription.dominantColours(apple().image())).extracting(ImageDescription.Share::name)
                .containsExactly("red", "white");
        assertThat(text).contains(TextRecognizer.installed() ? "tesseract" : "no OCR engine installed");
    }

    @Test
    void theLastImageIsDescribedOnOpenAisApiToo() throws Exception {
        BufferedImage blue = new BufferedImage(100, 50, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = blue.createGraphics();
        g.setColor(new Color(20, 70, 230));
        g.fillRect(0, 0, 100, 50);
        g.dispose();
        String jpeg = Picture.encode(blue, "jpeg").base64();

        JsonNode answer = model.postJson("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role": "user", "content": [{"type": "text", "text": "And this?"},
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,%s"}},
                  {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,%s"}}]}]}"""
                .formatted(ModelServerFixture.CHAT_MODEL, apple().base64(), jpeg));

        String text = answer.path("choices").path(0).path("message").path("content").asText();
        assertThat(text).contains("JPEG of 100x50 pixels", "blue (100%)").doesNotContain("640x480");
    }

    @Test
    void anImageThatDoesNotDecodeIsSaidToBeOne() throws Exception {
        JsonNode answer = model.postJson("/api/chat", """
                {"model": "%s", "stream": false, "messages": [{"role": "user", "content": "Look", "images": ["aGVsbG8="]}]}"""
                .formatted(ModelServerFixture.CHAT_MODEL));

        assertThat(answer.path("message").path("content").asText()).contains("cannot see images", "could not be decoded");
    }

    @Test
    void aScriptedRuleStillAnswersImageRequests() throws Exception {
        model.script.onChat().reply("An apple.");

        JsonNode answer = model.postJson("/api/chat", """
                {"model": "%s", "stream": false, "messages": [{"role": "user", "content": "What?", "images": ["%s"]}]}"""
                .formatted(ModelServerFixture.CHAT_MODEL, apple().base64()));

        assertThat(answer.path("message").path("content").asText()).isEqualTo("An apple.");
    }

    @Test
    void tesseractWhenInstalledReadsTheTextInAnImage() throws Exception {
        assumeTrue(TextRecognizer.installed(), "tesseract is not installed here (Debian: apt-get install "
                + "tesseract-ocr): the OCR path is not tested");
        BufferedImage label = new BufferedImage(600, 160, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = label.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 600, 160);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 56));
        g.drawString("FRESH FIGS", 40, 100);
        g.dispose();

        JsonNode answer = model.postJson("/api/chat", """
                {"model": "%s", "stream": false, "messages": [{"role": "user", "content": "Read it", "images": ["%s"]}]}"""
                .formatted(ModelServerFixture.CHAT_MODEL, Picture.encode(label, "jpeg").base64()));

        assertThat(answer.path("message").path("content").asText())
                .contains("read by the OCR engine (tesseract): \"FRESH FIGS\"");
    }
}
