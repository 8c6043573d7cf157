package dev.labkit.runner.doctor;

/**
 * One thing the doctor looked at.
 *
 * @param level how it stands
 * @param subject what was looked at, e.g. {@code Docker}
 * @param detail what was found
 * @param fix what to run or do about it (empty when nothing is needed)
 */
public record Finding(Level level, String subject, String detail, String fix) {

    public enum Level {
        /** Works. */
        OK,
        /** Optional and missing: some features are off (real models, containers). */
        WARN,
        /** Grading cannot work without it. */
        ERROR
    }
}
