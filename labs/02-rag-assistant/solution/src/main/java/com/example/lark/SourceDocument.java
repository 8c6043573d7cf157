package com.example.lark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A document to index: its id (the file name without extension), title (the first {@code # }
 * heading, else the id) and text.
 */
record SourceDocument(String id, String title, String text) {

    /** Every {@code .md} and {@code .txt} file of a folder, sorted by id. */
    static List<SourceDocument> readFolder(Path dir) throws IOException {
        List<SourceDocument> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(SourceDocument::isDocument).sorted().toList()) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.lastIndexOf('.'));
                String text = Files.readString(file);
                documents.add(new SourceDocument(id, title(text, id), text));
            }
        }
        return documents;
    }

    private static boolean isDocument(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".md") || name.endsWith(".txt"));
    }

    private static String title(String text, String fallback) {
        return text.lines().filter(line -> line.startsWith("# ")).map(line -> line.substring(2).strip())
                .findFirst().orElse(fallback);
    }
}
