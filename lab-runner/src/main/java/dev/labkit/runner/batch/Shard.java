package dev.labkit.runner.batch;

import dev.labkit.runner.LabException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One of {@code count} parts of a class ({@code --shard index/count}, 1 &lt;= index &lt;= count). A student
 * belongs to the shard given by the first 8 bytes of the SHA-256 of their id modulo {@code count}: stable
 * across runs and machines, and independent of the other students (adding one moves nobody else).
 */
public record Shard(int index, int count) {

    /** The whole class. */
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw LabException.of("--shard " + index + "/" + count + ": write i/n with 1 <= i <= n, e.g. --shard 1/4");
        }
    }

    /** {@code "2/4"} -> shard 2 of 4; anything else -> a LabException saying how to write it. */
    public static Shard parse(String text) {
        String[] parts = text.strip().split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw LabException.of("--shard " + text + ": write i/n with 1 <= i <= n, e.g. --shard 1/4");
    }

    /** Whether {@code student} is graded by this shard. */
    public boolean contains(String student) {
        return Math.floorMod(hash(student), (long) count) == index - 1;
    }

    private static long hash(String student) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(student.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
