package dev.labkit.runner.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Unpacks a {@code .zip} (PKWARE APPNOTE.TXT, https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT)
 * with commons-compress's {@link ZipFile}, which reads the central directory. A Unix mode, when the
 * zip was made on Unix, tells links and special files apart: links are handed to {@link
 * ArchiveTarget}; devices, FIFOs and sockets are refused.
 */
final class ZipUnpacker {

    private static final int TYPE = 0170000;
    private static final int DIRECTORY = 0040000;
    private static final int LINK = 0120000;
    private static final int REGULAR = 0100000;
    private static final int MAX_LINK_TARGET = 4096;

    private ZipUnpacker() {}

    static void unpack(Path archive, ArchiveTarget target) throws IOException, SubmissionRejected {
        ZipFile opened;
        try {
            opened = ZipFile.builder().setPath(archive).get();
        } catch (IOException e) {
            throw new ArchiveTarget.Damaged(e);
        }
        try (ZipFile zip = opened) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
                String name = entry.getName();
                int type = entry.getUnixMode() & TYPE;
                if (entry.isDirectory() || type == DIRECTORY) {
                    target.directory(name);
                } else if (type == LINK) {
                    target.symbolicLink(name, linkTarget(zip, entry));
                } else if (type == 0 || type == REGULAR) {
                    if (!zip.canReadEntryData(entry)) {
                        throw new SubmissionRejected("entry '" + name + "' is encrypted or compressed with a method"
                                + " that cannot be read (method " + entry.getMethod() + "): zip it again without"
                                + " a password");
                    }
                    try (InputStream in = open(zip, entry)) {
                        target.file(name, in);
                    }
                } else {
                    throw new SubmissionRejected("entry '" + name + "' is a device, FIFO or socket (Unix mode "
                            + Integer.toOctalString(entry.getUnixMode()) + "), not a file: remove it");
                }
            }
        }
    }

    private static InputStream open(ZipFile zip, ZipArchiveEntry entry) throws IOException {
        try {
            return zip.getInputStream(entry);
        } catch (IOException e) {
            throw new ArchiveTarget.Damaged(e);
        }
    }

    /** The link's target text, read from its entry with a bound (a link's data is its target path). */
    private static String linkTarget(ZipFile zip, ZipArchiveEntry entry) throws IOException, SubmissionRejected {
        try (InputStream in = open(zip, entry)) {
            byte[] bytes = in.readNBytes(MAX_LINK_TARGET + 1);
            if (bytes.length > MAX_LINK_TARGET) {
                throw new SubmissionRejected("link '" + entry.getName() + "' has a target longer than "
                        + MAX_LINK_TARGET + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (SubmissionRejected e) {
            throw e;
        } catch (IOException e) {
            throw new ArchiveTarget.Damaged(e);
        }
    }
}
