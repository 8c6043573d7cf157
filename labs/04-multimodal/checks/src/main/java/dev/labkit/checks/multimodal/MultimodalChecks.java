package dev.labkit.checks.multimodal;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppResponse;
import dev.labkit.checks.sdk.AudioClip;
import dev.labkit.checks.sdk.Browser;
import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.Expect;
import dev.labkit.checks.sdk.Fixtures;
import dev.labkit.checks.sdk.LabChecks;
import dev.labkit.checks.sdk.LabEnvironment;
import dev.labkit.checks.sdk.Match;
import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.MultipartForm;
import dev.labkit.checks.sdk.Picture;
import dev.labkit.checks.sdk.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Lab 04, Fig the voice-and-camera helper of a market stall: text, images and voice through one
 * {@code POST /api/ask}. Every check uses its own session ids. Messages show what the app sent:
 * the multipart fields, the images by size and hash, the audio by duration and hash, the transcript.
 */
@LabChecks
public class MultimodalChecks {

    /**
     * The most two images may differ ({@link Picture#difference}, 0-255) and still look the same: on the
     * lab's fixtures a scale to 1,024 px and a JPEG re-encode stay below 2, a half or quarter turn gives
     * 22 or more.
     */
    static final double LOOKS_SAME = 8;

    /** The brief's longest side of a forwarded image, in pixels. */
    static final int LONG_SIDE = 1024;

    /**
     * How long a live question may take (the brief's "two minutes is reasonable" for a vision model on a
     * CPU); the lab's {@code limits.check} bounds the whole check too.
     */
    static final Duration LIVE = Duration.ofSeconds(120);

    /** A reply whose new lines and spaces an app must pass on as they are (only its ends may be trimmed). */
    static final String TEXT_REPLY = "\nWe have Conference pears today, 3 euros a kilo.\nAsk me about the plums "
            + "too!  \n";

    static final String VISION_REPLY = "That is a red apple with its leaf on:\n40 cents each, picked this week.";

    /** What the scripted speech service hears: not the fixture clip's words, so only the service explains it. */
    static final String HEARD = "Which of these plums would make the best jam this weekend?";

    /** A reply to be spoken, with a new line and a double space that speech may normalise. */
    static final String SPOKEN_REPLY = "Yes, the pears are ripe.\n  Press gently near the stem: it should give.";

    /** What a customer asks about a photo in the browser checks. */
    static final String PAGE_QUESTION = "Is this apple good for a pie?";

    /** The vision model's scripted reply in {@code browser.image}: plain words, as any page shows them. */
    static final String PAGE_PHOTO_REPLY = "A Bramley apple: tart and firm, just right for a pie. 45 cents each.";

    /** The reply to a question that reached the model without its photo, so the failure can say so. */
    static final String PAGE_NO_PHOTO_REPLY = "Fig here: I did not get a photo with that question.";

    /** What the scripted speech service hears in {@code browser.voice}. */
    static final String PAGE_HEARD = "Which pears are the sweetest today?";

    /** The chat model's scripted reply in {@code browser.voice}, synthesised for real by the lab model. */
    static final String PAGE_VOICE_REPLY = "The Comice pears: soft, juicy and sweet, three euros a kilo.";

    /**
     * How long a page may take to show a reply: far more than the lab model and a local app need (well under
     * a second); bounds a failing check.
     */
    static final Duration PAGE_REPLY = Duration.ofSeconds(20);

    /**
     * How long after the recording stops a page that sends it by itself may take to do so, before the check
     * clicks the send button (the reference page encodes its WAV in about half a second).
     */
    static final Duration SENDS_BY_ITSELF = Duration.ofSeconds(2);

    /** How long the customer keeps recording after question.wav has played into the microphone. */
    static final Duration AFTER_SPEAKING = Duration.ofSeconds(1);

    /** How long the reply's audio may take to start playing once the reply shows. */
    static final Duration PLAYS = Duration.ofSeconds(10);

    /** Lazily made (about 1 s): a PNG noise image over the 10 MB limit. */
    private static final class Oversized {
        static final Picture PNG = Images.noisePng(4, Images.MAX_IMAGE_BYTES + 64 * 1024);
    }

    @Check(id = "health", title = "GET /health answers 200", points = 5,
            hint = "Answer GET /health with status 200 and the JSON body {\"status\":\"ok\"}.")
    void health(AppClient app) {
        AppResponse response = app.get("/health");
        Expect.that(response.status() == 200, () -> "GET /health should answer 200, got " + response);
    }

    @Check(id = "mm.text", title = "A text question gets the model's reply, verbatim", points = 5,
            hint = "Send the user's text to LAB_CHAT_MODEL and answer 200 {\"sessionId\",\"reply\"} as JSON with the"
                    + " model's answer unchanged; answer 400 {\"error\"} when neither text nor audio is sent (a blank "
                    + "text is none).")
    void text(AppClient app, ModelScript model, ModelTraffic traffic) {
        model.onChat().reply(TEXT_REPLY);
        AskClient ask = new AskClient(app);

        AppResponse response = ask.send(AskClient.form("text-1", "Do you have pears today?"));

        ModelRequest request = lastChat(traffic, response.request(), 0);
        Expect.that(request.lastUserMessage().contains("Do you have pears today?"), () -> "the model request's user "
                + "message should hold the text the user sent (\"Do you have pears today?\"), but it is \""
                + Clip.clip(request.lastUserMessage()) + "\"");
        AskClient.Answer answer = AskClient.read(response, "text-1");
        Expect.unchanged(answer.reply(), TEXT_REPLY, "reply");
        Expect.jsonMediaType(response);

        int sent = traffic.requests().size();
        AppResponse empty = ask.send(AskClient.form("text-2", null));
        Expect.jsonError(empty, 400, empty.request() + " (no text and no audio)");
        AppResponse blank = ask.send(AskClient.form("text-3", " \n "));
        Expect.jsonError(blank, 400, blank.request() + " (a blank text counts as none, and there is no audio)");
        Expect.that(traffic.requests().size() == sent, () -> "a refused question should reach no model, but the app "
                + "sent: " + requests(traffic));
    }

    @Check(id = "mm.image-forwarded", title = "An uploaded image reaches the vision model as base64, and its reply "
            + "comes back", points = 15,
            hint = "Put the uploaded image's bytes, base64-encoded, in the user message (Ollama \"images\", or an "
                    + "OpenAI image_url data URL) as a PNG or JPEG of the same picture, and return the model's reply.")
    void imageForwarded(AppClient app, ModelScript model, ModelTraffic traffic, Fixtures fixtures) {
        byte[] apple = FixtureFiles.bytes(fixtures, FixtureFiles.APPLE);
        Picture original = fixturePicture(apple, FixtureFiles.APPLE);
        model.when(Match.hasImages()).reply(VISION_REPLY);

        AppResponse response = new AskClient(app).send(AskClient.form("image-1", "What fruit is this, and is it fresh?")
                .file("image", "apple.png", "image/png", apple));

        Picture sent = SentImages.forwarded(traffic, 0, response);
        Expect.that(sent.width() == original.width() && sent.height() == original.height(), () -> "an image of "
                + LONG_SIDE + " px or less should reach the model at its own size: the upload was "
                + original.describe() + ", the model received " + sent.describe());
        double difference = sent.difference(original);
        Expect.that(difference <= LOOKS_SAME, () -> String.format(Locale.ROOT, "the image the model received (%s) "
                + "does not look like the upload (%s): they differ by %.1f of 255 (the same picture re-encoded "
                + "differs by less than %.0f)", sent.describe(), original.describe(), difference, LOOKS_SAME));
        AskClient.Answer answer = AskClient.read(response, "image-1");
        Expect.unchanged(answer.reply(), VISION_REPLY, "reply");
    }

    @Check(id = "mm.model-routing", title = "Text goes to LAB_CHAT_MODEL with no image; an image goes to "
            + "LAB_VISION_MODEL", points = 10,
            hint = "Read both names from the environment: ask LAB_VISION_MODEL when an image is attached, "
                    + "LAB_CHAT_MODEL (with no image) otherwise.")
    void modelRouting(AppClient app, ModelScript model, ModelTraffic traffic, LabEnvironment environment,
            Fixtures fixtures) {
        LabModels models = LabModels.of(environment);
        model.onChat().reply("Fig here: quinces are back next week.");
        AskClient ask = new AskClient(app);

        AppResponse text = ask.send(AskClient.form("routing-1", "Do you sell quinces?"));
        ModelRequest textRequest = lastChat(traffic, text.request(), 0);
        Expect.that(models.chat().equals(textRequest.model()), () -> "a text-only question should go to "
                + "LAB_CHAT_MODEL (\"" + models.chat() + "\"), but the app asked \"" + textRequest.model() + "\"");
        Expect.that(textRequest.imageCount() == 0, () -> "a text-only question should carry no image, but model "
                + "request #" + textRequest.number() + " carries " + textRequest.imageCount() + ": "
                + SentImages.of(textRequest).describe());

        int before = traffic.chatRequests().size();
        AppResponse image = ask.send(AskClient.form("routing-2", "What is this?")
                .file("image", "apple.png", "image/png", FixtureFiles.bytes(fixtures, FixtureFiles.APPLE)));
        ModelRequest imageRequest = lastChat(traffic, image.request(), before);
        Expect.that(models.vision().equals(imageRequest.model()), () -> "a question with an image should go to "
                + "LAB_VISION_MODEL (\"" + models.vision() + "\"), but the app asked \"" + imageRequest.model()
                + "\"");
    }

    @Check(id = "mm.image-resize", title = "Images over 1,024 px are scaled down, aspect kept; EXIF orientation is "
            + "applied", points = 10,
            hint = "Apply the EXIF orientation first; then, when the long side is over 1,024 px, scale the image so "
                    + "it is 1,024 px (the other side in proportion). Never scale a smaller image up.")
    void imageResize(AppClient app, ModelScript model, ModelTraffic traffic, Fixtures fixtures) {
        model.onChat().reply("What a lovely stall.");
        AskClient ask = new AskClient(app);

        byte[] market = FixtureFiles.bytes(fixtures, FixtureFiles.MARKET);
        Picture large = fixturePicture(market, FixtureFiles.MARKET);
        int expectedHeight = Math.round(LONG_SIDE * large.height() / (float) large.width());
        AppResponse response = ask.send(AskClient.form("resize-1", "What is on sale here?")
                .file("image", "market.png", "image/png", market));
        Picture scaled = SentImages.forwarded(traffic, 0, response);
        Expect.that(near(scaled.width(), LONG_SIDE) && near(scaled.height(), expectedHeight), () -> "a "
                + large.width() + "x" + large.height() + " upload should reach the model scaled to " + LONG_SIDE + "x"
                + expectedHeight + " (long side " + LONG_SIDE + " px, aspect kept), but the model received "
                + scaled.describe());
        expectLooksLike(scaled, large, "the " + large.width() + "x" + large.height() + " upload, scaled");

        int before = traffic.chatRequests().size();
        Picture small = Picture.encode(Images.card(800, 600), "png");
        response = ask.send(AskClient.form("resize-2", "And this one?").file("image", "stall.png", "image/png",
                small.bytes()));
        Picture kept = SentImages.forwarded(traffic, before, response);
        Expect.that(kept.width() == 800 && kept.height() == 600, () -> "an 800x600 upload (smaller than "
                + LONG_SIDE + " px) should reach the model at its own size, never scaled up, but the model received "
                + kept.describe());
        expectLooksLike(kept, small, "the 800x600 upload");

        before = traffic.chatRequests().size();
        byte[] rotated = FixtureFiles.bytes(fixtures, FixtureFiles.EXIF_ROTATED);
        Picture stored = fixturePicture(rotated, FixtureFiles.EXIF_ROTATED);
        Picture upright = Picture.encode(Images.rotatedClockwise(stored.image()), "png");
        response = ask.send(AskClient.form("resize-3", "Which way up is this label?")
                .file("image", "exif-rotated.jpg", "image/jpeg", rotated));
        Picture turned = SentImages.forwarded(traffic, before, response);
        Expect.that(turned.width() == upright.width() && turned.height() == upright.height(), () -> "exif-rotated.jpg"
                + " is stored " + stored.width() + "x" + stored.height() + " with EXIF Orientation 6 (turn 90 degrees "
                + "clockwise to show it): it should reach the model upright, " + upright.width() + "x"
                + upright.height() + ", but the model received " + turned.describe()
                + (turned.width() == stored.width() ? ": the EXIF orientation was not applied" : ""));
        expectLooksLike(turned, upright, "exif-rotated.jpg turned 90 degrees clockwise (turned the other way?)");
    }

    @Check(id = "mm.image-validation", title = "Images are checked by content: not an image or corrupt -> 415, over "
            + "10 MB -> 413", points = 10,
            hint = "Decode the uploaded bytes (javax.imageio) whatever the file's name or declared type: answer 415 "
                    + "{\"error\"} when they are not a readable image, 413 when they are over 10 MB, and call no model"
                    + " then.")
    void imageValidation(AppClient app, ModelScript model, ModelTraffic traffic, Fixtures fixtures) {
        model.onChat().reply("A fine apple.");
        AskClient ask = new AskClient(app);

        AppResponse text = ask.send(AskClient.form("image-check-1", "What is this?").file("image", "not-an-image.png",
                "image/png", FixtureFiles.bytes(fixtures, FixtureFiles.NOT_AN_IMAGE)));
        Expect.jsonError(text, 415, text.request() + ", a file of text named .png");
        AppResponse truncated = ask.send(AskClient.form("image-check-2", "What is this?").file("image",
                "truncated.png", "image/png", FixtureFiles.bytes(fixtures, FixtureFiles.TRUNCATED)));
        Expect.jsonError(truncated, 415, truncated.request() + ", a PNG cut in half");
        Picture huge = Oversized.PNG;
        AppResponse oversized = ask.send(AskClient.form("image-check-3", "What is this?").file("image", "noise.png",
                "image/png", huge.bytes()));
        Expect.jsonError(oversized, 413, oversized.request() + ", a valid " + huge.describe() + " (over the 10 MB, "
                + String.format(Locale.ROOT, "%,d", Images.MAX_IMAGE_BYTES) + "-byte limit)");
        Expect.that(traffic.requests().isEmpty(), () -> "a refused upload should reach no model, but the app sent "
                + "model requests: " + requests(traffic));

        byte[] apple = FixtureFiles.bytes(fixtures, FixtureFiles.APPLE);
        AppResponse renamed = ask.send(AskClient.form("image-check-4", "What is this?").file("image", "photo.txt",
                "text/plain", apple));
        Expect.that(renamed.status() == 200, () -> renamed.request() + ": a valid PNG is an image whatever its file "
                + "name or declared type, so it should be answered 200, got " + renamed.status() + " "
                + AppClient.shorten(renamed.body()));
        AskClient.read(renamed, "image-check-4");
    }

    @Check(id = "mm.transcription", title = "Audio goes to the speech service unchanged; its transcript is the "
            + "question and comes back", points = 15,
            hint = "POST the uploaded bytes unchanged as \"file\" to $LAB_SPEECH_BASE_URL/audio/transcriptions with "
                    + "model=$LAB_STT_MODEL; send the transcript (after the text, when there is one) as the user's "
                    + "message and return it in \"transcript\".")
    void transcription(AppClient app, ModelScript model, ModelTraffic traffic, LabEnvironment environment,
            Fixtures fixtures) {
        LabModels models = LabModels.of(environment);
        model.onTranscription().reply(HEARD);
        model.onChat().reply("The dark Victoria plums: they are the ripest.");
        AskClient ask = new AskClient(app);
        AudioClip clip = AudioClip.of(FixtureFiles.bytes(fixtures, FixtureFiles.QUESTION));

        AppResponse response = ask.send(AskClient.form("voice-1", null)
                .file("audio", "question.wav", "audio/wav", clip.bytes()));

        List<ModelRequest> uploads = traffic.transcriptionRequests();
        Expect.that(!uploads.isEmpty(), () -> response.request() + ": the app sent no transcription request to the "
                + "speech service (POST $LAB_SPEECH_BASE_URL/audio/transcriptions); requests sent: "
                + requests(traffic));
        ModelRequest upload = uploads.get(uploads.size() - 1);
        Expect.that(upload.audio() != null && upload.audio().sha256().equals(clip.sha256()), () -> "the audio "
                + "should reach the speech service unchanged: the upload was " + clip.describe() + ", the speech "
                + "service received " + (upload.audio() == null ? "no file" : upload.audio().describe())
                + " (fields " + upload.options() + ")");
        Expect.that(models.stt().equals(upload.model()), () -> "the transcription request should ask for "
                + "LAB_STT_MODEL (\"" + models.stt() + "\"), but it asked \"" + upload.model() + "\" (fields "
                + upload.options() + ")");
        ModelRequest chat = lastChat(traffic, response.request(), 0);
        Expect.that(Clip.normalised(chat.lastUserMessage()).contains(HEARD), () -> "the speech service heard \""
                + HEARD + "\": that transcript is the user's question, but the model request's user message is \""
                + Clip.clip(chat.lastUserMessage()) + "\"");
        AskClient.Answer answer = AskClient.read(response, "voice-1");
        Expect.that(answer.transcript() != null && answer.transcript().strip().equals(HEARD), () -> "\"transcript\" "
                + "should be what the speech service heard, \"" + HEARD + "\", but it is "
                + (answer.transcript() == null ? "absent" : "\"" + Clip.clip(answer.transcript()) + "\""));

        int before = traffic.chatRequests().size();
        String typed = "I am at the fruit stall.";
        AppResponse both = ask.send(AskClient.form("voice-2", typed)
                .file("audio", "question.wav", "audio/wav", clip.bytes()));
        ModelRequest joined = lastChat(traffic, both.request(), before);
        String message = Clip.normalised(joined.lastUserMessage());
        Expect.that(message.contains(typed) && message.contains(HEARD), () -> "with text and audio, the user's "
                + "message should hold both the text (\"" + typed + "\") and the transcript (\"" + HEARD + "\"), but "
                + "it is \"" + Clip.clip(joined.lastUserMessage()) + "\"");
        AskClient.read(both, "voice-2");
    }

    @Check(id = "mm.speech-out", title = "speak=true: the reply is synthesised and comes back as a WAV", points = 10,
            hint = "With speak=true, POST {\"model\": $LAB_TTS_MODEL, \"input\": <the reply>, \"voice\": "
                    + "$LAB_TTS_VOICE, \"response_format\": \"wav\"} to $LAB_SPEECH_BASE_URL/audio/speech and return "
                    + "the WAV it answers, base64-encoded, in \"audio\".")
    void speechOut(AppClient app, ModelScript model, ModelTraffic traffic, LabEnvironment environment) {
        LabModels models = LabModels.of(environment);
        model.onChat().reply(SPOKEN_REPLY);

        AppResponse response = new AskClient(app).send(AskClient.form("speak-1", "Are these pears ripe?")
                .field("speak", "true"));

        List<ModelRequest> speech = traffic.speechRequests();
        Expect.that(!speech.isEmpty(), () -> response.request() + ": with speak=true the app should ask the speech "
                + "service to say the reply (POST $LAB_SPEECH_BASE_URL/audio/speech), but it sent no speech request; "
                + "requests sent: " + requests(traffic));
        ModelRequest said = speech.get(speech.size() - 1);
        Expect.that(Clip.normalised(said.speechInput()).equals(Clip.normalised(SPOKEN_REPLY)), () -> "the speech "
                + "request's input should be the model's reply, \"" + Clip.clip(SPOKEN_REPLY) + "\", but it is \""
                + Clip.clip(said.speechInput()) + "\"");
        Expect.that(models.tts().equals(said.model()), () -> "the speech request should ask for LAB_TTS_MODEL (\""
                + models.tts() + "\"), but it asked \"" + said.model() + "\" (fields " + said.options() + ")");
        AskClient.Answer answer = AskClient.read(response, "speak-1");
        Expect.unchanged(answer.reply(), SPOKEN_REPLY, "reply");
        AudioClip wav = AudioClip.of(answer.audioBytes());
        Expect.that(wav.isWav(), () -> "\"audio\" should be a WAV file (RIFF/WAVE), base64-encoded, but it decodes "
                + "to " + wav.describe() + ", starting " + start(wav));
        Expect.that(wav.duration().filter(d -> !d.isZero()).isPresent(), () -> "\"audio\" should be a WAV that "
                + "plays, but it is " + wav.describe());
    }

    @Check(id = "mm.audio-validation", title = "Audio is checked by content: not a WAV -> 415, over 60 s -> 413",
            points = 5,
            hint = "Read the upload with javax.sound.sampled whatever its name or type: answer 415 {\"error\"} when "
                    + "it is not a WAV, 413 when it plays longer than 60 s, and do not send it to the speech service.")
    void audioValidation(AppClient app, ModelScript model, ModelTraffic traffic, Fixtures fixtures) {
        model.onTranscription().reply("Do you have any figs?");
        model.onChat().reply("Fresh figs, 50 cents each.");
        AskClient ask = new AskClient(app);

        AppResponse ogg = ask.send(AskClient.form("audio-check-1", null).file("audio", "not-a-wav.wav", "audio/wav",
                FixtureFiles.bytes(fixtures, FixtureFiles.NOT_A_WAV)));
        Expect.jsonError(ogg, 415, ogg.request() + ", a file named .wav that is not a WAV");
        AudioClip tooLong = AudioClip.of(FixtureFiles.bytes(fixtures, FixtureFiles.TOO_LONG));
        AppResponse longer = ask.send(AskClient.form("audio-check-2", null).file("audio", "too-long.wav", "audio/wav",
                tooLong.bytes()));
        Expect.jsonError(longer, 413, longer.request() + ", a " + tooLong.describe() + " (over the 60 s limit)");
        Expect.that(traffic.transcriptionRequests().isEmpty(), () -> "refused audio should not reach the speech "
                + "service, but the app sent it: " + requests(traffic));
    }

    @Check(id = "mm.memory", title = "A session remembers its text turns, not its images; sessions are separate",
            points = 5,
            hint = "Keep each session's text turns (the user's text or transcript, and the reply) and send them before"
                    + " the new message; do not resend earlier images; start each new session empty.")
    void memory(AppClient app, ModelScript model, ModelTraffic traffic, Fixtures fixtures) {
        String firstQuestion = "What apples are these, and what do they cost?";
        String firstReply = "Those are Bramley apples, 2 euros a kilo.";
        // Scripted by the question, not by its image: memory is graded even when the image does not get through.
        model.when(Match.lastUserMessageContains(firstQuestion)).reply(firstReply);
        model.onChat().reply("Three kilos.");
        AskClient ask = new AskClient(app);

        ask.ask(AskClient.form("memory-1", firstQuestion).file("image", "apple.png", "image/png",
                FixtureFiles.bytes(fixtures, FixtureFiles.APPLE)), "memory-1");
        int before = traffic.chatRequests().size();
        AppResponse second = ask.send(AskClient.form("memory-1", "How many kilos do I get for 6 euros?"));
        ModelRequest request = lastChat(traffic, second.request(), before);
        List<Message> history = request.history();
        Expect.that(history.stream().anyMatch(m -> m.isUser() && m.content().contains(firstQuestion))
                && history.stream().anyMatch(m -> m.isAssistant() && m.content().strip().equals(firstReply)), () ->
                "the second question of a session should come after the first turn (user: \"" + firstQuestion
                        + "\", assistant: \"" + firstReply + "\"), but the model request's earlier messages are "
                        + lines(history));
        Expect.that(request.imageCount() == 0, () -> "images of earlier turns are not resent, but the second "
                + "request of the session carries " + request.imageCount() + ": " + SentImages.of(request).describe());

        before = traffic.chatRequests().size();
        AppResponse other = ask.send(AskClient.form("memory-2", "Hello, what do you sell?"));
        ModelRequest fresh = lastChat(traffic, other.request(), before);
        List<Message> carried = fresh.history().stream().filter(m -> m.isUser() || m.isAssistant()).toList();
        Expect.that(carried.isEmpty(), () -> "a new session should start empty, but its first model request "
                + "carries earlier messages: " + lines(carried));
    }

    @Check(id = "mm.speech-failure", title = "Speech service down: voice requests get 502, text and image requests "
            + "still work", points = 5,
            hint = "When the speech service answers 5xx or cannot be reached, answer a request with audio or "
                    + "speak=true 502 {\"error\"} naming the speech service; keep answering text and image requests "
                    + "(no speak) as usual.")
    void speechFailure(AppClient app, ModelScript model, ModelTraffic traffic, Fixtures fixtures) {
        byte[] clip = FixtureFiles.bytes(fixtures, FixtureFiles.QUESTION);
        byte[] apple = FixtureFiles.bytes(fixtures, FixtureFiles.APPLE);
        AskClient ask = new AskClient(app);
        for (boolean refused : new boolean[] {true, false}) {
            model.clear();
            if (refused) {
                model.when(Match.audio()).fail(503);
            } else {
                model.when(Match.audio()).dropConnection();
            }
            model.onChat().reply("Fig here: the figs are sweet today.");
            String down = refused ? "with the speech service answering 503" : "with the speech service dropping the "
                    + "connection";
            String id = refused ? "down-" : "dropped-";

            expectSpeechDown(ask.send(AskClient.form(id + "1", null).file("audio", "question.wav", "audio/wav",
                    clip)), down);
            expectSpeechDown(ask.send(AskClient.form(id + "2", "Are the figs sweet?").field("speak", "true")), down);
            AppResponse text = ask.send(AskClient.form(id + "3", "Are the figs sweet?"));
            Expect.that(text.status() == 200, () -> down + ", a text request (no speak) needs no speech and "
                    + "should still be answered 200, but " + text.request() + " got " + text.status() + " "
                    + AppClient.shorten(text.body()));
            AskClient.read(text, id + "3");
            AppResponse image = ask.send(AskClient.form(id + "4", "What is this?").field("speak", "false")
                    .file("image", "apple.png", "image/png", apple));
            Expect.that(image.status() == 200, () -> down + ", an image request (no speak) needs no speech and "
                    + "should still be answered 200, but " + image.request() + " got " + image.status() + " "
                    + AppClient.shorten(image.body()));
            AskClient.read(image, id + "4");
        }
    }

    @Check(id = "mm.web-ui", title = "GET / serves a page to type, attach an image, record or upload audio and hear "
            + "the reply", points = 5,
            hint = "Serve an HTML page at / with a text box, a file input accepting image/*, a recorder "
                    + "(MediaRecorder) or a file input accepting audio/*, a speak checkbox, an <audio> element, and a "
                    + "script (in the page, or loaded from the app) that calls /api/ask.")
    void webUi(AppClient app) {
        AskPage page = AskPage.load(app);
        Expect.that(page.page().status() == 200, () -> "GET / should answer 200 with the page, got " + page.page());
        Expect.that(page.page().hasMediaType("text/html"), () -> "GET / should be served as text/html, got \""
                + page.page().header("content-type").orElse("(no content type)") + "\"");
        List<String> missing = page.missing();
        Expect.that(missing.isEmpty(), () -> "the page at / should have " + String.join("; ", missing)
                + ", in the page or made by its scripts; read: " + page.describe());
    }

    @Check(id = "browser.image", title = "In a real browser: a photo attached in the page reaches the model, and the "
            + "reply appears", points = 5, tier = Tier.BROWSER,
            hint = "In the page, send the file chosen in the <input type=\"file\" accept=\"image/*\"> as the form's "
                    + "\"image\" field with the typed text (FormData), and show the answer's \"reply\" in the page.")
    void browserImage(Browser browser, ModelScript model, ModelTraffic traffic, Fixtures fixtures) {
        Picture apple = fixturePicture(FixtureFiles.bytes(fixtures, FixtureFiles.APPLE), FixtureFiles.APPLE);
        model.when(Match.hasImages()).reply(PAGE_PHOTO_REPLY);
        model.onChat().reply(PAGE_NO_PHOTO_REPLY);
        FigPage page = new FigPage(browser.open("/"));
        String did = "in the page at /, with apple.png attached in its photo input, \"" + PAGE_QUESTION + "\" typed "
                + "and sent";

        page.attach(FigPage.FileKind.IMAGE, fixtures.path(FixtureFiles.APPLE));
        page.type(PAGE_QUESTION);
        page.send();
        boolean shown = page.waitUntilShows(PAGE_REPLY, PAGE_PHOTO_REPLY);

        Expect.that(!traffic.chatRequests().isEmpty(), () -> did + ", no question reached the model within "
                + PAGE_REPLY.toSeconds() + " s: the page did not call /api/ask, or the app refused it. The page ("
                + page.url() + ") sent " + page.sent() + ", and shows: " + page.shown());
        Optional<SentImages> sent = SentImages.lastWithImages(traffic, 0);
        Expect.that(sent.isPresent(), () -> did + ", the question reached the model without an image: send the "
                + "chosen file as the form's \"image\" field. Model requests: " + requests(traffic));
        Optional<Picture> received = Picture.fromBase64(sent.get().sent().get(sent.get().sent().size() - 1));
        Expect.that(received.isPresent() && received.get().difference(apple) <= LOOKS_SAME, () -> did + ", the image "
                + "the model received (" + sent.get().describe() + ") is not apple.png (" + apple.describe() + ")");
        Expect.that(shown, () -> did + ", the model replied \"" + PAGE_PHOTO_REPLY + "\", but within "
                + PAGE_REPLY.toSeconds() + " s the page does not show that reply; it shows: " + page.shown());
    }

    @Check(id = "browser.voice", title = "In a real browser: a question recorded in the page is heard, answered and "
            + "spoken", points = 5, tier = Tier.BROWSER,
            hint = "In the page, record with MediaRecorder, encode the recording as a WAV and send it as the form's "
                    + "\"audio\" field with speak=true when the speak box is ticked; show the answer's \"transcript\" "
                    + "and \"reply\", and play its \"audio\" (a data:audio/wav;base64 URL) in the <audio> element.")
    void browserVoice(Browser browser, ModelScript model, ModelTraffic traffic, Fixtures fixtures) {
        Path question = fixtures.path(FixtureFiles.QUESTION);
        AudioClip clip = AudioClip.of(FixtureFiles.bytes(fixtures, FixtureFiles.QUESTION));
        Duration speaking = clip.duration().orElseThrow(() -> new IllegalStateException("lab fixture "
                + FixtureFiles.QUESTION + " is not a WAV the JDK reads")).plus(AFTER_SPEAKING);
        model.onTranscription().reply(PAGE_HEARD);
        model.onChat().reply(PAGE_VOICE_REPLY);
        FigPage page = new FigPage(browser.withMicrophone(question).open("/"));

        page.tickSpeak();
        String did;
        if (page.recordButton().isPresent()) {
            did = "in the page at /, with the speak box ticked, question.wav recorded from the microphone (Record, "
                    + String.format(Locale.ROOT, "%.1f", speaking.toMillis() / 1000d) + " s, Stop)";
            page.startRecording();
            // A page may stop by itself (on silence) and send at once: then there is nothing left to click.
            if (!FigPage.within(speaking, () -> !traffic.transcriptionRequests().isEmpty())) {
                page.stopRecording();
                if (!FigPage.within(SENDS_BY_ITSELF, () -> !traffic.transcriptionRequests().isEmpty())) {
                    page.send();
                    did += " and sent";
                }
            }
        } else if (page.fileInput(FigPage.FileKind.AUDIO).isPresent()) {
            did = "in the page at /, with the speak box ticked (the page has no record button, so question.wav was "
                    + "attached in its audio input) and sent";
            page.attach(FigPage.FileKind.AUDIO, question);
            page.send();
        } else {
            throw Expect.fail("the page has no record button (a button whose text, id, aria-label or title says "
                    + "Record) and no audio file input (<input type=\"file\" accept=\"audio/*\">); it shows: "
                    + page.shown());
        }
        String asked = did;
        boolean shown = page.waitUntilShows(PAGE_REPLY, PAGE_HEARD, PAGE_VOICE_REPLY);

        List<ModelRequest> uploads = traffic.transcriptionRequests();
        Expect.that(!uploads.isEmpty(), () -> asked + ", no recording reached the speech service within "
                + PAGE_REPLY.toSeconds() + " s: the page did not send it to /api/ask as the form's \"audio\" field, "
                + "or the app refused it (the API takes WAV only: encode the recording as WAV in the page). The page ("
                + page.url() + ") sent " + page.sent() + ", and shows: " + page.shown());
        AudioClip recording = uploads.get(uploads.size() - 1).audio();
        double peak = recording == null ? 0 : Loudness.peak(recording).orElse(1d);
        Expect.that(peak > Loudness.SILENCE, () -> asked + ", the speech service received "
                + (recording == null ? "no file" : "a recording of silence (" + recording.describe() + ")")
                + ": the page should send what the microphone recorded");
        Expect.that(shown, () -> asked + ", the speech service heard \"" + PAGE_HEARD + "\" and the model replied \""
                + PAGE_VOICE_REPLY + "\": within " + PAGE_REPLY.toSeconds() + " s the page should show both, but it "
                + "shows: " + page.shown());
        Expect.that(!traffic.speechRequests().isEmpty(), () -> asked + ", the app asked the speech service to say "
                + "nothing: with the speak box ticked, the page should send speak=true");
        Expect.that(page.waitUntilPlayed(PLAYS), () -> asked + ", the reply came back spoken, but within "
                + PLAYS.toSeconds() + " s of showing it the page played none of it: " + media(page));
    }

    @Check(id = "live.mm.describe", title = "With a real vision model: Fig names the fruit in a photo", points = 5,
            tier = Tier.LIVE, models = "vision",
            hint = "A real vision model sees only what it is sent: send the image's bytes, base64-encoded, with the "
                    + "question, to LAB_VISION_MODEL.")
    void liveDescribe(AppClient app, Fixtures fixtures) {
        AskClient.Answer answer = new AskClient(app.withTimeout(LIVE)).ask(AskClient.form("live-describe",
                "What is the main object in this picture? Answer in a few words.").file("image", "apple.png",
                "image/png", FixtureFiles.bytes(fixtures, FixtureFiles.APPLE)), "live-describe");
        String reply = answer.reply().toLowerCase(Locale.ROOT);
        Expect.that(reply.contains("apple") || reply.contains("fruit"), () -> "shown a drawing of a red apple, a "
                + "real vision model should name an apple or a fruit; it said: " + AppClient.shorten(answer.reply()));
    }

    @Check(id = "live.mm.transcribe", title = "With real speech models: a spoken question is heard, answered and "
            + "spoken back", points = 5, tier = Tier.LIVE, models = {"stt", "chat", "tts"},
            hint = "Real speech models work only on what they are sent: send the uploaded WAV's bytes unchanged as "
                    + "\"file\" with model=$LAB_STT_MODEL and return its text in \"transcript\"; with speak=true, "
                    + "return the WAV that $LAB_TTS_MODEL made of the reply.")
    void liveTranscribe(AppClient app, Fixtures fixtures) {
        String said = fixtures.read(FixtureFiles.QUESTION_TEXT).strip();
        List<String> keyWords = KeyWords.of(said);
        AskClient.Answer answer = new AskClient(app.withTimeout(LIVE)).ask(AskClient.form("live-transcribe", null)
                .field("speak", "true")
                .file("audio", "question.wav", "audio/wav", FixtureFiles.bytes(fixtures, FixtureFiles.QUESTION)),
                "live-transcribe");
        Expect.that(answer.transcript() != null, () -> "a request with audio should answer its \"transcript\", but "
                + "it has none; reply: " + AppClient.shorten(answer.reply()));
        List<String> missing = KeyWords.missing(keyWords, answer.transcript());
        Expect.that(missing.isEmpty(), () -> "question.wav says \"" + said + "\": a real speech-to-text model should "
                + "hear " + keyWords + ", but the transcript \"" + Clip.clip(answer.transcript()) + "\" lacks "
                + missing);
        AudioClip spoken = AudioClip.of(answer.audioBytes());
        Expect.that(spoken.duration().filter(d -> !d.isZero()).isPresent(), () -> "with speak=true, \"audio\" should "
                + "be the WAV a real text-to-speech model made of the reply, but it is " + spoken.describe()
                + ", starting " + start(spoken));
    }

    /** The page's audio elements, for messages. */
    private static String media(FigPage page) {
        List<FigPage.Media> media = page.media();
        if (media.isEmpty()) {
            return "it has no <audio> element";
        }
        StringBuilder out = new StringBuilder();
        for (FigPage.Media m : media) {
            out.append("\n  ").append(m.describe());
        }
        return out.toString();
    }

    /** The last chat request after the first {@code after} of the check, or a failure naming what was sent. */
    private static ModelRequest lastChat(ModelTraffic traffic, String situation, int after) {
        List<ModelRequest> chats = traffic.chatRequests();
        Expect.that(chats.size() > after, () -> situation + ": the app sent no chat request to the model at "
                + "OLLAMA_BASE_URL; requests sent: " + requests(traffic));
        return chats.get(chats.size() - 1);
    }

    /** A refused voice request: 502 with a JSON error that names the speech service. */
    private static void expectSpeechDown(AppResponse response, String down) {
        String situation = down + ", " + response.request() + " needs speech";
        Expect.jsonError(response, 502, situation);
        String error = response.text("error");
        Expect.that(error.toLowerCase(Locale.ROOT).contains("speech"), () -> situation + ": the error should name "
                + "the speech service, so the user knows what is down, but it says \"" + error + "\"");
    }

    private static void expectLooksLike(Picture sent, Picture expected, String what) {
        double difference = sent.difference(expected);
        Expect.that(difference <= LOOKS_SAME, () -> String.format(Locale.ROOT, "the image the model received (%s) "
                + "should look like %s (%s), but they differ by %.1f of 255 (the same picture scaled or re-encoded "
                + "differs by less than %.0f)", sent.describe(), what, expected.describe(), difference, LOOKS_SAME));
    }

    private static Picture fixturePicture(byte[] bytes, String name) {
        return Picture.decode(bytes).orElseThrow(() -> new IllegalStateException("lab fixture " + name
                + " is not an image javax.imageio reads"));
    }

    private static boolean near(int actual, int expected) {
        return Math.abs(actual - expected) <= 1;
    }

    /** Every model request of the check, one a line: kind, model, and what it carried. */
    static String requests(ModelTraffic traffic) {
        List<ModelRequest> all = traffic.requests();
        if (all.isEmpty()) {
            return "none";
        }
        StringBuilder out = new StringBuilder();
        for (ModelRequest r : all) {
            out.append("\n  #").append(r.number()).append(' ').append(r.kind()).append(" model=").append(r.model());
            if (r.isTranscription()) {
                out.append(", audio ").append(r.audio() == null ? "(no file)" : r.audio().describe())
                        .append(", fields ").append(r.options());
            } else if (r.isSpeech()) {
                out.append(", input \"").append(Clip.clip(r.speechInput())).append('"');
            } else {
                out.append(", ").append(r.imageCount()).append(" image(s), user: \"")
                        .append(Clip.clip(r.lastUserMessage())).append('"');
            }
        }
        return out.toString();
    }

    /** The first bytes of a clip, as text with invisible characters escaped: shows what format it is. */
    private static String start(AudioClip clip) {
        byte[] bytes = clip.bytes();
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < Math.min(12, bytes.length); i++) {
            int b = bytes[i] & 0xff;
            out.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format(Locale.ROOT, "\\x%02x", b));
        }
        return out.append('"').toString();
    }

    private static String lines(List<Message> messages) {
        if (messages.isEmpty()) {
            return "none";
        }
        StringBuilder out = new StringBuilder();
        for (Message m : messages) {
            out.append("\n  ").append(m.role()).append(": ").append(Clip.clip(m.content()));
        }
        return out.toString();
    }
}
