package dev.labkit.runner.intake;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the submissions of a class: in a folder, or listed by a roster CSV ({@link Roster}). */
public final class SubmissionIntake {

    private SubmissionIntake() {}

    /**
     * The submissions of a class, sorted by student.
     *
     * <p>A folder: each subfolder, {@code *.zip}, {@code *.tar.gz} and {@code *.tgz} in it is one
     * student's submission, named after it without the extension (hidden entries, {@code __MACOSX}
     * and any other file are skipped). A {@code .csv} file: a roster with a header row naming
     * columns {@code student} and {@code path} (see {@link Roster}).
     *
     * @throws LabException (one line, what to do) when nothing is found, a roster's path is missing,
     *     a student comes twice, or an id is not usable
     */
    public static List<Submission> discover(Path submissions) {
        if (Files.isDirectory(submissions)) {
            return inFolder(submissions);
        }
        if (Files.isRegularFile(submissions)
                && submissions.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return sorted(Roster.read(submissions), submissions);
        }
        if (!Files.exists(submissions)) {
            throw LabException.of(submissions + " does not exist: pass the folder of the class's submissions or a"
                    + " roster .csv");
        }
        throw LabException.of(submissions + " is neither a folder nor a .csv roster: pass the folder of the"
                + " class's submissions (one subfolder, .zip, .tar.gz or .tgz per student) or a roster .csv");
    }

    /** The student id an archive's or folder's name gives, if it is a submission's. */
    static Optional<String> studentOf(Path entry) {
        String name = entry.getFileName().toString();
        if (name.startsWith(".") || name.equals("__MACOSX")) {
            return Optional.empty();
        }
        if (Files.isDirectory(entry)) {
            return Optional.of(name);
        }
        if (!Files.isRegularFile(entry)) {
            return Optional.empty();
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (String extension : List.of(".zip", ".tar.gz", ".tgz")) {
            if (lower.endsWith(extension) && lower.length() > extension.length()) {
                return Optional.of(name.substring(0, name.length() - extension.length()));
            }
        }
        return Optional.empty();
    }

    private static List<Submission> inFolder(Path folder) {
        List<Submission> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.sorted().toList()) {
                studentOf(entry).ifPresent(student -> found.add(new Submission(student, entry)));
            }
        } catch (IOException e) {
            throw LabException.of(folder + " cannot be listed (" + FileTrees.reason(e) + "): check its permissions",
                    e);
        }
        if (found.isEmpty()) {
            throw LabException.of(folder + " holds no submission: put one folder, .zip, .tar.gz or .tgz per student"
                    + " in it, or pass a roster .csv");
        }
        return sorted(found, folder);
    }

    private static List<Submission> sorted(List<Submission> submissions, Path where) {
        Map<String, Submission> byStudent = new HashMap<>();
        for (Submission submission : submissions) {
            Submission other = byStudent.putIfAbsent(submission.student(), submission);
            if (other != null) {
                throw LabException.of(where + ": student '" + submission.student() + "' has two submissions ("
                        + other.source().getFileName() + " and " + submission.source().getFileName()
                        + "): keep one of them");
            }
        }
        return submissions.stream().sorted(Comparator.comparing(Submission::student)).toList();
    }
}
