package dev.labkit.runner.intake;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a gzip-compressed tar ({@code .tar.gz}, {@code .tgz}: POSIX pax/ustar and GNU tar, see
 * https://www.gnu.org/software/tar/manual/html_node/Standard.html; gzip RFC 1952) with
 * commons-compress, streaming. Files, folders, symbolic and hard links go to {@link ArchiveTarget};
 * devices, FIFOs and other entry types are refused.
 */
final class TarGzUnpacker {

    private TarGzUnpacker() {}

    static void unpack(Path archive, ArchiveTarget target) throws IOException, SubmissionRejected {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive))) {
            byte[] magic = new byte[2];
            file.mark(2);
            int n = file.readNBytes(magic, 0, 2);
            file.reset();
            if (!GzipCompressorInputStream.matches(magic, n)) {
                throw new SubmissionRejected(archive.getFileName() + " is not a gzip-compressed tar archive (its"
                        + " first bytes are not gzip's): pack it again with tar -czf");
            }
            TarArchiveInputStream tar;
            try {
                tar = new TarArchiveInputStream(GzipCompressorInputStream.builder().setInputStream(file)
                        .setDecompressConcatenated(true).get());
            } catch (IOException e) {
                throw new ArchiveTarget.Damaged(e);
            }
            try (tar) {
                while (true) {
                    TarArchiveEntry entry;
                    try {
                        entry = tar.getNextEntry();
                    } catch (IOException e) {
                        throw new ArchiveTarget.Damaged(e);
                    }
                    if (entry == null) {
                        return;
                    }
                    String name = entry.getName();
                    if (entry.isDirectory()) {
                        target.directory(name);
                    } else if (entry.isSymbolicLink()) {
                        target.symbolicLink(name, entry.getLinkName());
                    } else if (entry.isLink()) {
                        target.hardLink(name, entry.getLinkName());
                    } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                        throw new SubmissionRejected("entry '" + name + "' is a device or FIFO, not a file: remove it");
                    } else if (entry.isFile()) {
                        target.file(name, tar);
                    } else {
                        throw new SubmissionRejected("entry '" + name + "' is of a tar type that is not a file, folder"
                                + " or link ('" + (char) entry.getLinkFlag() + "'): pack the project again");
                    }
                }
            }
        }
    }
}
