package dev.labkit.runner.intake;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds real .zip and .tar.gz archives for the tests, with commons-compress, entry by entry. */
final class ArchiveSample {

    private record Entry(String name, byte[] content, char kind, String link) {}

    private final List<Entry> entries = new ArrayList<>();

    ArchiveSample file(String name, String content) {
        entries.add(new Entry(name, content.getBytes(StandardCharsets.UTF_8), 'f', null));
        return this;
    }

    ArchiveSample directory(String name) {
        entries.add(new Entry(name.endsWith("/") ? name : name + "/", new byte[0], 'd', null));
        return this;
    }

    ArchiveSample symbolicLink(String name, String target) {
        entries.add(new Entry(name, new byte[0], 's', target));
        return this;
    }

    /** tar only. */
    ArchiveSample hardLink(String name, String target) {
        entries.add(new Entry(name, new byte[0], 'h', target));
        return this;
    }

    ArchiveSample fifo(String name) {
        entries.add(new Entry(name, new byte[0], 'p', null));
        return this;
    }

    /** A small Maven project under {@code top} ("" for none). */
    static ArchiveSample project(String top) {
        return new ArchiveSample()
                .file(top + "pom.xml", "<project/>")
                .directory(top + "src/main/java/app")
                .file(top + "src/main/java/app/App.java", "class App {}\n");
    }

    Path zip(Path file) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            for (Entry entry : entries) {
                ZipArchiveEntry z = new ZipArchiveEntry(entry.name());
                byte[] data = entry.content();
                switch (entry.kind()) {
                    case 'd' -> z.setUnixMode(0040755);
                    case 's' -> {
                        z.setUnixMode(0120777);
                        data = entry.link().getBytes(StandardCharsets.UTF_8);
                    }
                    case 'p' -> z.setUnixMode(0010644);
                    case 'f' -> z.setUnixMode(0100644);
                    default -> throw new IllegalArgumentException("a zip has no entry of kind " + entry.kind());
                }
                zip.putArchiveEntry(z);
                zip.write(data);
                zip.closeArchiveEntry();
            }
        }
        return file;
    }

    Path tarGz(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry entry : entries) {
                TarArchiveEntry t = switch (entry.kind()) {
                    case 's' -> new TarArchiveEntry(entry.name(), TarConstants.LF_SYMLINK, true);
                    case 'h' -> new TarArchiveEntry(entry.name(), TarConstants.LF_LINK, true);
                    case 'p' -> new TarArchiveEntry(entry.name(), TarConstants.LF_FIFO, true);
                    default -> new TarArchiveEntry(entry.name(), true);
                };
                if (entry.link() != null) {
                    t.setLinkName(entry.link());
                }
                if (entry.kind() == 'f') {
                    t.setSize(entry.content().length);
                }
                tar.putArchiveEntry(t);
                tar.write(entry.content());
                tar.closeArchiveEntry();
            }
        }
        return file;
    }
}
