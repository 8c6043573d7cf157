package dev.labkit.runner.modelserver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.RequestContext;

/**
 * A {@code multipart/form-data} request body (RFC 7578), read with Apache commons-fileupload2's
 * streaming API from bytes in memory (no temporary files).
 *
 * @param fields the text fields (parts without a file name), by name, in order; a repeated name keeps
 *     its first value, except names ending {@code []} (OpenAI's {@code timestamp_granularities[]}),
 *     whose values are joined with commas
 * @param files the file parts (parts with a file name), by field name; a repeated name keeps the first
 */
record MultipartBody(Map<String, String> fields, Map<String, FilePart> files) {

    /**
     * One uploaded file.
     *
     * @param fileName the {@code filename} of its {@code Content-Disposition} ({@code ""} when empty)
     * @param contentType its part's {@code Content-Type}, or {@code ""} when the part declared none
     * @param bytes its bytes exactly
     */
    record FilePart(String fileName, String contentType, byte[] bytes) {}

    MultipartBody {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    Optional<FilePart> file(String name) {
        return Optional.ofNullable(files.get(name));
    }

    /**
     * Reads a body sent with {@code contentType} (which names the boundary).
     *
     * @throws Wire.BadRequest when the content type is not {@code multipart/form-data} or the body is
     *     not well-formed multipart
     */
    static MultipartBody read(byte[] body, String contentType) throws Wire.BadRequest {
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw new Wire.BadRequest("the request must be multipart/form-data (got Content-Type: "
                    + (contentType == null ? "none" : contentType) + ")");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, FilePart> files = new LinkedHashMap<>();
        try {
            FileItemInputIterator items = new Upload().getItemIterator(new BytesContext(body, contentType));
            while (items.hasNext()) {
                FileItemInput item = items.next();
                byte[] bytes;
                try (InputStream in = item.getInputStream()) {
                    bytes = in.readAllBytes();
                }
                String name = item.getFieldName() == null ? "" : item.getFieldName();
                if (item.isFormField()) {
                    String value = new String(bytes, StandardCharsets.UTF_8);
                    if (name.endsWith("[]") && fields.containsKey(name)) {
                        fields.put(name, fields.get(name) + "," + value);
                    } else {
                        fields.putIfAbsent(name, value);
                    }
                } else {
                    files.putIfAbsent(name, new FilePart(item.getName() == null ? "" : item.getName(),
                            item.getContentType() == null ? "" : item.getContentType(), bytes));
                }
            }
        } catch (FileUploadException e) {
            throw new Wire.BadRequest("the multipart/form-data body cannot be read: " + e.getMessage());
        } catch (IOException e) {
            throw new Wire.BadRequest("the multipart/form-data body is not well-formed: " + e.getMessage());
        }
        return new MultipartBody(fields, files);
    }

    /** commons-fileupload2 over a body already in memory: only its streaming item iterator is used. */
    private static final class Upload extends AbstractFileUpload<RequestContext, DiskFileItem, DiskFileItemFactory> {

        @Override
        public FileItemInputIterator getItemIterator(RequestContext request) throws FileUploadException, IOException {
            return super.getItemIterator(request);
        }

        @Override
        public Map<String, List<DiskFileItem>> parseParameterMap(RequestContext request) {
            throw new UnsupportedOperationException("the lab model reads multipart bodies as a stream");
        }

        @Override
        public List<DiskFileItem> parseRequest(RequestContext request) {
            throw new UnsupportedOperationException("the lab model reads multipart bodies as a stream");
        }
    }

    private record BytesContext(byte[] body, String contentType) implements RequestContext {
        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
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
