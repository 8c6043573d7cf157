package fig;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.RequestContext;

/**
 * Fig (lab 04) on the JDK alone: com.sun.net.httpserver, java.net.http against OpenAI's chat API,
 * images as JPEG data URLs, transcriptions asked as plain text. See README.md for the forms it takes.
 */
public final class FigServer {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Map<String, String> ENV = System.getenv();
    static final String OLLAMA = ENV.getOrDefault("OLLAMA_BASE_URL", "http://127.0.0.1:11434");
    static final String SPEECH = ENV.getOrDefault("LAB_SPEECH_BASE_URL", OLLAMA + "/v1").replaceAll("/+$", "");
    static final Map<String, List<ObjectNode>> TURNS = new ConcurrentHashMap<>();

    /** A refusal or failure answered as {@code {"error"}} with its status. */
    static final class Answer extends Exception {
        final int status;

        Answer(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(ENV.getOrDefault("HOST", "127.0.0.1"),
                Integer.parseInt(ENV.getOrDefault("PORT", "8080"))), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", FigServer::route);
        server.start();
    }

    static void route(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("/health")) {
                send(exchange, 200, JSON.createObjectNode().put("status", "ok"));
            } else if (method.equals("GET") && path.equals("/")) {
                exchange.getResponseHeaders().set("Location", "/static/index.html");
                exchange.sendResponseHeaders(302, -1);
            } else if (method.equals("GET") && path.startsWith("/static/")) {
                String name = path.substring("/static/".length());
                try (InputStream in = FigServer.class.getResourceAsStream("/static/" + name)) {
                    if (in == null || name.contains("..")) {
                        send(exchange, 404, error("no such file"));
                        return;
                    }
                    byte[] body = in.readAllBytes();
                    exchange.getResponseHeaders().set("Content-Type",
                            name.endsWith(".js") ? "text/javascript" : "text/html; charset=UTF-8");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            } else if (method.equals("POST") && path.equals("/api/ask")) {
                try {
                    send(exchange, 200, ask(exchange));
                } catch (Answer answer) {
                    send(exchange, answer.status, error(answer.getMessage()));
                }
            } else {
                send(exchange, 404, error("not found"));
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
    }

    static ObjectNode ask(HttpExchange exchange) throws IOException, Answer {
        Map<String, String> fields = new HashMap<>();
        Map<String, byte[]> files = new HashMap<>();
        readForm(exchange, fields, files);
        String sessionId = fields.get("sessionId");
        if (sessionId == null || !sessionId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new Answer(400, "sessionId is missing or not 1-64 of A-Z a-z 0-9 _ -");
        }
        String text = fields.get("text") == null || fields.get("text").isBlank() ? null : fields.get("text");
        byte[] image = files.get("image");
        byte[] audio = files.get("audio");
        String speak = fields.getOrDefault("speak", "false");
        if (text == null && audio == null) {
            throw new Answer(400, "send text or audio");
        }
        if (!speak.equals("true") && !speak.equals("false")) {
            throw new Answer(400, "speak is true or false");
        }
        String jpeg = image == null ? null : jpegDataUrl(image);
        if (audio != null) {
            checkWav(audio);
        }

        String transcript = audio == null ? null : transcribe(audio);
        String message = transcript == null ? text : text == null ? transcript : text + "\n" + transcript;
        String reply = chat(sessionId, message, jpeg);
        String spoken = speak.equals("true") ? Base64.getEncoder().encodeToString(speech(reply)) : null;

        ObjectNode answer = JSON.createObjectNode();
        answer.put("reply", reply);
        answer.put("audio", spoken);
        answer.put("transcript", transcript);
        answer.put("model", jpeg == null ? ENV.get("LAB_CHAT_MODEL") : ENV.get("LAB_VISION_MODEL"));
        answer.put("sessionId", sessionId);
        return answer;
    }

    /** The image, upright and at most 1024 px on its long side, as a JPEG data URL; 413 or 415 otherwise. */
    static String jpegDataUrl(byte[] bytes) throws Answer, IOException {
        if (bytes.length > 10 * 1024 * 1024) {
            throw new Answer(413, "image over 10 MB");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            image = null;
        }
        if (image == null) {
            throw new Answer(415, "not an image");
        }
        int orientation = 1;
        try {
            ExifIFD0Directory exif = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes))
                    .getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (exif != null && exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                orientation = exif.getInt(ExifIFD0Directory.TAG_ORIENTATION);
            }
        } catch (Exception e) {
            orientation = 1;
        }
        image = turn(image, orientation);
        int w = image.getWidth();
        int h = image.getHeight();
        if (Math.max(w, h) > 1024) {
            int nw = w >= h ? 1024 : Math.round(w * 1024f / h);
            int nh = w >= h ? Math.round(h * 1024f / w) : 1024;
            BufferedImage small = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
            small.getGraphics().drawImage(image.getScaledInstance(nw, nh, Image.SCALE_AREA_AVERAGING), 0, 0, null);
            image = small;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(image, 0, 0, java.awt.Color.WHITE, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(rgb, "jpeg", out);
        return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** Pixel by pixel: the stored pixel that shows at each place of the upright picture (EXIF orientations 1-8). */
    static BufferedImage turn(BufferedImage in, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return in;
        }
        int w = in.getWidth();
        int h = in.getHeight();
        boolean swap = orientation >= 5;
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; }
                }
                out.setRGB(x, y, in.getRGB(sx, sy));
            }
        }
        return out;
    }

    static void checkWav(byte[] audio) throws Answer {
        try {
            AudioFileFormat format = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(audio));
            if (format.getType() != AudioFileFormat.Type.WAVE) {
                throw new Answer(415, "audio is not WAV");
            }
            if (format.getFrameLength() / format.getFormat().getFrameRate() > 60) {
                throw new Answer(413, "audio over 60 s");
            }
        } catch (javax.sound.sampled.UnsupportedAudioFileException | IOException e) {
            throw new Answer(415, "audio is not WAV");
        }
    }

    /** The transcript, asked as {@code response_format=text}: the answer is the text itself. */
    static String transcribe(byte[] wav) throws Answer {
        String boundary = "fig" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] field : new String[][] {{"model", ENV.getOrDefault("LAB_STT_MODEL", "whisper-1")},
                {"response_format", "text"}, {"language", "en"}}) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0]
                    + "\"\r\n\r\n" + field[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"voice.wav\""
                + "\r\nContent-Type: audio/x-wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(wav);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        byte[] answer = speechCall(HttpRequest.newBuilder(URI.create(SPEECH + "/audio/transcriptions"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        return new String(answer, StandardCharsets.UTF_8).strip();
    }

    static byte[] speech(String reply) throws Answer, IOException {
        ObjectNode request = JSON.createObjectNode().put("model", ENV.getOrDefault("LAB_TTS_MODEL", "tts-1"))
                .put("voice", ENV.getOrDefault("LAB_TTS_VOICE", "alloy")).put("input", reply)
                .put("response_format", "wav").put("speed", 1.0);
        return speechCall(HttpRequest.newBuilder(URI.create(SPEECH + "/audio/speech"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request))));
    }

    static byte[] speechCall(HttpRequest.Builder request) throws Answer {
        try {
            HttpResponse<byte[]> response = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200) {
                return response.body();
            }
            System.err.println("speech service answered " + response.statusCode());
        } catch (IOException e) {
            System.err.println("speech service failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new Answer(502, "The speech service is not answering; type your question instead.");
    }

    /** OpenAI's chat API; the session's earlier turns as text, the image only in the new message. */
    static String chat(String sessionId, String message, String imageDataUrl) throws Answer, IOException {
        List<ObjectNode> turns = TURNS.computeIfAbsent(sessionId, id -> new ArrayList<>());
        ObjectNode request = JSON.createObjectNode();
        request.put("model", imageDataUrl == null ? ENV.get("LAB_CHAT_MODEL") : ENV.get("LAB_VISION_MODEL"));
        request.put("stream", false);
        ArrayNode messages = request.putArray("messages");
        messages.addObject().put("role", "system").put("content", "You are Fig, who helps at a fruit stall.");
        synchronized (turns) {
            messages.addAll(turns.subList(Math.max(0, turns.size() - 20), turns.size()));
        }
        ObjectNode user = messages.addObject().put("role", "user");
        if (imageDataUrl == null) {
            user.put("content", message);
        } else {
            ArrayNode parts = user.putArray("content");
            parts.addObject().put("type", "text").put("text", message);
            parts.addObject().put("type", "image_url").putObject("image_url").put("url", imageDataUrl);
        }
        String reply;
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(OLLAMA + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new Answer(502, "the model answered an error");
            }
            JsonNode answer = JSON.readTree(response.body());
            reply = answer.path("choices").path(0).path("message").path("content").asText("");
        } catch (java.net.http.HttpTimeoutException e) {
            throw new Answer(504, "the model took too long");
        } catch (IOException e) {
            throw new Answer(502, "the model cannot be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Answer(502, "interrupted");
        }
        synchronized (turns) {
            turns.add(JSON.createObjectNode().put("role", "user").put("content", message));
            turns.add(JSON.createObjectNode().put("role", "assistant").put("content", reply));
        }
        return reply;
    }

    static void readForm(HttpExchange exchange, Map<String, String> fields, Map<String, byte[]> files)
            throws Answer, IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("multipart/form-data")) {
            throw new Answer(400, "send multipart/form-data");
        }
        byte[] body = exchange.getRequestBody().readNBytes(40 * 1024 * 1024);
        try {
            FileItemInputIterator items = new Upload().getItemIterator(new Body(body, type));
            while (items.hasNext()) {
                FileItemInput item = items.next();
                byte[] bytes;
                try (InputStream in = item.getInputStream()) {
                    bytes = in.readAllBytes();
                }
                if (item.isFormField()) {
                    fields.put(item.getFieldName(), new String(bytes, StandardCharsets.UTF_8));
                } else if (bytes.length > 0) {
                    files.put(item.getFieldName(), bytes);
                }
            }
        } catch (IOException e) {
            throw new Answer(400, "the form cannot be read");
        }
    }

    static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = (JSON.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static final class Upload extends AbstractFileUpload<RequestContext, DiskFileItem, DiskFileItemFactory> {
        @Override
        public FileItemInputIterator getItemIterator(RequestContext request) throws IOException {
            return super.getItemIterator(request);
        }

        @Override
        public Map<String, List<DiskFileItem>> parseParameterMap(RequestContext request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DiskFileItem> parseRequest(RequestContext request) {
            throw new UnsupportedOperationException();
        }
    }

    private record Body(byte[] body, String contentType) implements RequestContext {
        @Override
        public String getCharacterEncoding() {
            return "UTF-8";
        }

        @Override
        public Charset getCharset() {
            return StandardCharsets.UTF_8;
        }

        @Override
        public long getContentLength() {
            return body.length;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public boolean isMultipartRelated() {
            return false;
        }
    }
}
