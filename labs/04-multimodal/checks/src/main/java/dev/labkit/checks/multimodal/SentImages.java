package dev.labkit.checks.multimodal;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppResponse;
import dev.labkit.checks.sdk.Expect;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.Picture;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The images a chat request carried, as the app sent them (Ollama's {@code images}, or OpenAI
 * {@code image_url} data URLs, which the lab model reads into the same list), and what they decode
 * to. Described by size and hash, or, when an image is not base64 image data (a file path, a web
 * address), by how it starts.
 *
 * @param request the chat request
 * @param sent the images of all its messages, as sent, in order
 */
record SentImages(ModelRequest request, List<String> sent) {

    /** How much of an image that does not decode a message shows: enough for a path or an address. */
    static final int SHOWN = 60;

    SentImages {
        sent = List.copyOf(sent);
    }

    static SentImages of(ModelRequest request) {
        return new SentImages(request, request.messages().stream().flatMap(m -> m.images().stream()).toList());
    }

    /** The last chat request after the first {@code after} of the check that carried images, if any. */
    static Optional<SentImages> lastWithImages(ModelTraffic traffic, int after) {
        List<ModelRequest> chats = traffic.chatRequests();
        for (int i = chats.size() - 1; i >= after; i--) {
            if (chats.get(i).imageCount() > 0) {
                return Optional.of(of(chats.get(i)));
            }
        }
        return Optional.empty();
    }

    /**
     * The image the app forwarded with an upload: the last image of the last chat request that carried
     * one, among those after the first {@code after} chat requests of the check, decoded; a learner-facing
     * failure saying what was sent, and what the app answered, when there is none or it does not decode.
     *
     * @param upload the app's answer to the upload (its {@code request()} names the form's parts)
     */
    /** Said when no image reached the model: the checks' own hints (scaling, EXIF) would send the learner astray. */
    static final String FIRST = "Fix this first: until an image reaches the vision model, every check that looks at"
            + " it (mm.image-forwarded, mm.image-resize) fails the same way";

    static Picture forwarded(ModelTraffic traffic, int after, AppResponse upload) {
        SentImages images = lastWithImages(traffic, after).orElseThrow(() -> Expect.fail(upload.request() + ": no "
                + "chat request to the model carried an image (Ollama \"images\" or an OpenAI image_url data URL). "
                + "Chat requests of this check: " + summary(traffic) + "\nThe app answered " + upload.status() + " "
                + AppClient.shorten(upload.body()) + (refusedByTheModel(upload) ? ". A model refuses with 400 an "
                + "image that is not base64 image data (a file path, a web address), and such a request is not "
                + "recorded: send the image's bytes, base64-encoded" : "")
                + (upload.status() == 200 ? ". " + FIRST : "")));
        String last = images.sent().get(images.sent().size() - 1);
        return Picture.fromBase64(last).orElseThrow(() -> Expect.fail(upload.request() + ": the image in model "
                + "request #" + images.request().number() + " is not base64 image data, so the model cannot see it: "
                + "it is " + shown(last) + ". Send the image's bytes, base64-encoded, not a path or an address. "
                + FIRST));
    }

    /** Whether the app's answer says the model failed it (5xx, not 501 "not implemented"). */
    private static boolean refusedByTheModel(AppResponse upload) {
        return upload.status() >= 500 && upload.status() != 501;
    }

    /** Each image: {@code PNG 640x480, 26,120 bytes, sha256 ...}, or how an undecodable one starts. */
    String describe() {
        return sent.stream().map(image -> Picture.fromBase64(image).map(Picture::describe).orElse(
                "not an image: " + shown(image))).collect(Collectors.joining("; "));
    }

    /** An image string that does not decode: its start in quotes, and its length. */
    static String shown(String image) {
        String start = image.length() <= SHOWN ? image : image.substring(0, SHOWN) + "…";
        return "\"" + start.replace("\n", "\\n") + "\" (" + image.length() + " characters)";
    }

    /** The chat requests of a check, one a line: number, model, image count and what the user said. */
    static String summary(ModelTraffic traffic) {
        List<ModelRequest> chats = traffic.chatRequests();
        if (chats.isEmpty()) {
            return "none (see the transcript)";
        }
        return chats.stream().map(r -> "\n  #" + r.number() + " model=" + r.model() + ", " + r.imageCount()
                + " image(s)" + (r.imageCount() == 0 ? "" : " [" + of(r).describe() + "]") + ", user: \""
                + Clip.clip(r.lastUserMessage()) + "\"").collect(Collectors.joining());
    }
}
