package dev.labkit.runner.intake;

import dev.labkit.runner.LabException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The archive formats a submission may come in, told by its name's extension. */
enum ArchiveKind {
    ZIP, TAR_GZ;

    /**
     * Unpacks {@code archive} into the existing folder {@code into}. An archive that cannot be read
     * (not of its format, damaged, truncated) is rejected; a failure to write {@code into} is an
     * {@link IOException}.
     */
    void unpack(Path archive, Path into, Budget budget) throws IOException, SubmissionRejected {
        ArchiveTarget target = new ArchiveTarget(into, budget);
        try {
            if (this == ZIP) {
                requireZip(archive);
                ZipUnpacker.unpack(archive, target);
            } else {
                TarGzUnpacker.unpack(archive, target);
            }
        } catch (ArchiveTarget.Damaged e) {
            throw damaged(archive, (IOException) e.getCause());
        } catch (java.util.zip.ZipException | EOFException e) {
            throw damaged(archive, e);
        } catch (IOException e) {
            if (e.getClass().getPackageName().startsWith("org.apache.commons.compress")) {
                throw damaged(archive, e);
            }
            throw e;
        }
        target.finish();
    }

    private static SubmissionRejected damaged(Path archive, IOException e) {
        return new SubmissionRejected(archive.getFileName() + " is damaged or truncated ("
                + LabException.firstLine(e.getMessage(), e.getClass().getSimpleName()) + "): pack it again");
    }

    /** A zip starts with a local file header ({@code PK\3\4}) or, empty, an end of central directory ({@code PK\5\6}). */
    private static void requireZip(Path archive) throws IOException, SubmissionRejected {
        byte[] magic;
        try (InputStream in = Files.newInputStream(archive)) {
            magic = in.readNBytes(4);
        }
        boolean zip = magic.length == 4 && magic[0] == 'P' && magic[1] == 'K'
                && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
        if (!zip) {
            throw new SubmissionRejected(archive.getFileName() + " is not a zip archive (it does not start like one):"
                    + " hand in a real .zip, .tar.gz or the folder");
        }
    }
}
