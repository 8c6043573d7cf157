package dev.labkit.runner.intake;

import dev.labkit.runner.LabException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One student's submission as handed in.
 *
 * @param student the folder's name, the archive's name without {@code .zip}/{@code .tar.gz}/{@code .tgz},
 *     or the roster's {@code student} column: {@code [A-Za-z0-9._@+-]{1,128}}, and neither {@code .} nor
 *     {@code ..} (it names a folder of the results); anything else is a {@link LabException} naming it
 * @param source a folder or an archive ({@code .zip}, {@code .tar.gz}, {@code .tgz})
 */
public record Submission(String student, Path source) {

    private static final Pattern STUDENT = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");

    public Submission {
        Objects.requireNonNull(source, "source");
        requireStudentId(student, source.toString());
    }

    /** Throws a {@link LabException} naming {@code where} when {@code student} is not a valid id. */
    static void requireStudentId(String student, String where) {
        if (student == null || !STUDENT.matcher(student).matches() || student.equals(".") || student.equals("..")) {
            throw LabException.of(where + ": '" + student + "' is not a usable student id: use 1 to 128 letters,"
                    + " digits and . _ @ + - (not . or ..); rename it or list it in a roster CSV with another id");
        }
    }
}
