package dev.labkit.checks.sdk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;

/**
 * A {@code multipart/form-data} body (RFC 7578) for {@link AppClient#postMultipart}: text fields and
 * files, in the order added, encoded by Apache HttpClient 5's {@code MultipartEntityBuilder}.
 *
 * <pre>{@code
 * app.postMultipart("/api/ask", MultipartForm.create()
 *         .field("sessionId", "s1")
 *         .file("image", "photo.png", "image/png", bytes));
 * }</pre>
 */
public final class MultipartForm {

    /** One part, kept for {@link #describe()}. */
    private record Part(String name, String value, String fileName, String contentType, byte[] bytes) {}

    private final List<Part> parts = new ArrayList<>();

    private MultipartForm() {}

    public static MultipartForm create() {
        return new MultipartForm();
    }

    /** Adds a text field (UTF-8). */
    public MultipartForm field(String name, String value) {
        parts.add(new Part(name, value, null, null, null));
        return this;
    }

    /**
     * Adds a file part.
     *
     * @param fileName the {@code filename} of its {@code Content-Disposition}
     * @param contentType its declared {@code Content-Type}, e.g. {@code image/png}
     */
    public MultipartForm file(String name, String fileName, String contentType, byte[] bytes) {
        parts.add(new Part(name, null, fileName, contentType, bytes.clone()));
        return this;
    }

    private HttpEntity entity() {
        MultipartEntityBuilder builder = MultipartEntityBuilder.create().setMode(HttpMultipartMode.STRICT);
        for (Part part : parts) {
            if (part.bytes() == null) {
                builder.addTextBody(part.name(), part.value(), ContentType.TEXT_PLAIN.withCharset("UTF-8"));
            } else {
                builder.addBinaryBody(part.name(), part.bytes(), ContentType.parse(part.contentType()), part.fileName());
            }
        }
        return builder.build();
    }

    /** The body and its {@code Content-Type} header value (with the boundary), encoded together. */
    Encoded encode() {
        HttpEntity entity = entity();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            entity.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Encoded(entity.getContentType(), out.toByteArray());
    }

    record Encoded(String contentType, byte[] body) {}

    /**
     * The parts for messages, e.g. {@code sessionId=s1, text="what is this?", image=photo.png (image/png,
     * 48,213 bytes)}.
     */
    public String describe() {
        List<String> described = new ArrayList<>();
        for (Part part : parts) {
            described.add(part.bytes() == null
                    ? part.name() + "=" + (part.value().length() <= 60 ? '"' + part.value() + '"'
                            : '"' + part.value().substring(0, 60) + "…\"")
                    : part.name() + "=" + part.fileName() + " (" + part.contentType() + ", "
                            + String.format(Locale.ROOT, "%,d", part.bytes().length) + " bytes)");
        }
        return String.join(", ", described);
    }

    @Override
    public String toString() {
        return describe();
    }
}
