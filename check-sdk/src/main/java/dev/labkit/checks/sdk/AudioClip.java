package dev.labkit.checks.sdk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Audio as bytes, exactly as they were sent: an upload the app made to the speech service, or the
 * audio an answer carried. Shown in transcripts and messages by its duration, size and hash, never
 * as its bytes.
 *
 * <p>WAV is read with the JDK's {@code javax.sound.sampled} (RIFF/WAVE, PCM); anything else has no
 * known duration here.
 */
public final class AudioClip {

    private final byte[] bytes;
    private final String fileName;
    private final String contentType;

    /**
     * @param bytes the audio file's bytes, copied
     * @param fileName the file name the upload declared ({@code ""} when none)
     * @param contentType the content type the upload declared ({@code ""} when none)
     */
    public AudioClip(byte[] bytes, String fileName, String contentType) {
        this.bytes = Objects.requireNonNull(bytes, "bytes").clone();
        this.fileName = fileName == null ? "" : fileName;
        this.contentType = contentType == null ? "" : contentType;
    }

    /** A clip with no declared file name or type. */
    public static AudioClip of(byte[] bytes) {
        return new AudioClip(bytes, "", "");
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    public String fileName() {
        return fileName;
    }

    public String contentType() {
        return contentType;
    }

    /** The SHA-256 of the bytes, 64 lowercase hex digits. */
    public String sha256() {
        return sha256(bytes);
    }

    /** Whether the bytes are a WAV file the JDK can read (RIFF/WAVE with a PCM or similar format). */
    public boolean isWav() {
        return wavFormat().isPresent();
    }

    /** The WAV's audio format (sample rate, channels, bits), when the bytes are a readable WAV. */
    public Optional<AudioFormat> wavFormat() {
        return fileFormat().map(AudioFileFormat::getFormat);
    }

    /** How long the WAV plays (frames / frame rate), when the bytes are a readable WAV with a known length. */
    public Optional<Duration> duration() {
        return fileFormat().filter(f -> f.getFrameLength() != AudioSystem.NOT_SPECIFIED)
                .map(f -> Duration.ofNanos(Math.round(f.getFrameLength() / (double) f.getFormat().getFrameRate()
                        * 1_000_000_000d)));
    }

    private Optional<AudioFileFormat> fileFormat() {
        try {
            AudioFileFormat format = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(bytes));
            return format.getType() == AudioFileFormat.Type.WAVE ? Optional.of(format) : Optional.empty();
        } catch (UnsupportedAudioFileException | IOException e) {
            return Optional.empty();
        }
    }

    /** For transcripts and messages, e.g. {@code WAV 2.4 s, 76,844 bytes, sha256 1a2b3c4d5e6f}. */
    public String describe() {
        String what = duration().map(d -> String.format(java.util.Locale.ROOT, "WAV %.1f s", d.toMillis() / 1000d))
                .orElse("audio (not a readable WAV)");
        return what + ", " + String.format(java.util.Locale.ROOT, "%,d", bytes.length) + " bytes, sha256 "
                + sha256().substring(0, 12) + (fileName.isEmpty() ? "" : ", file name '" + fileName + "'");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AudioClip clip && Arrays.equals(bytes, clip.bytes) && fileName.equals(clip.fileName)
                && contentType.equals(clip.contentType);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return describe();
    }
}
