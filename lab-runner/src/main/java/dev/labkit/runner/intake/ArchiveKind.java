package dev.labkit.runner.intake;

import java.io.IOException;
import java.nio.file.Path;

/** The archive formats a submission may come in. */
enum ArchiveKind {
    ZIP, TAR_GZ;

    void unpack(Path archive, Path into, Budget budget) throws IOException, SubmissionRejected {
        throw new SubmissionRejected(archive.getFileName() + ": archives are not unpacked yet (work in progress)");
    }
}
