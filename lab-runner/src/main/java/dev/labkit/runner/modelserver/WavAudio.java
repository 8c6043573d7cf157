package dev.labkit.runner.modelserver;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * WAV files (RIFF/WAVE, Microsoft's and IBM's 1991 format) and raw PCM, read, written and converted
 * with the JDK's {@code javax.sound.sampled}: mono 16-bit signed little-endian PCM at a chosen rate,
 * the format speech recognisers read and OpenAI's {@code pcm} answers carry.
 */
final class WavAudio {

    /** What the lab model synthesises and pocketsphinx reads: 16 kHz. */
    static final float SPEECH_RATE = 16_000f;

    /** OpenAI's {@code pcm} speech format: 24 kHz, 16-bit signed little-endian, mono. */
    static final float OPENAI_PCM_RATE = 24_000f;

    private WavAudio() {}

    /** Mono 16-bit signed little-endian PCM at {@code rate} samples per second. */
    static AudioFormat pcm16(float rate) {
        return new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, 16, 1, 2, rate, false);
    }

    /**
     * The samples of a WAV file as mono 16-bit signed little-endian PCM at {@code rate} (channels mixed,
     * resampled by the JDK's converter), or empty when the bytes are not a WAV file the JDK reads or
     * cannot convert.
     */
    static Optional<byte[]> samples(byte[] wav, float rate) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            if (AudioSystem.getAudioFileFormat(new ByteArrayInputStream(wav)).getType() != AudioFileFormat.Type.WAVE) {
                return Optional.empty();
            }
            return Optional.of(convert(in, rate));
        } catch (UnsupportedAudioFileException | IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code in} as mono 16-bit signed little-endian PCM at {@code rate}. */
    static byte[] convert(AudioInputStream in, float rate) throws IOException {
        AudioInputStream stream = in;
        AudioFormat format = stream.getFormat();
        if (format.getEncoding() != AudioFormat.Encoding.PCM_SIGNED || format.getSampleSizeInBits() != 16
                || format.isBigEndian()) {
            stream = AudioSystem.getAudioInputStream(new AudioFormat(AudioFormat.Encoding.PCM_SIGNED,
                    format.getSampleRate(), 16, format.getChannels(), 2 * format.getChannels(), format.getSampleRate(),
                    false), stream);
        }
        if (stream.getFormat().getChannels() != 1) {
            stream = new AudioInputStream(new ByteArrayInputStream(mixToMono(stream.readAllBytes(),
                    stream.getFormat().getChannels())), pcm16(stream.getFormat().getSampleRate()), AudioSystem.NOT_SPECIFIED);
        }
        if (stream.getFormat().getSampleRate() != rate) {
            stream = AudioSystem.getAudioInputStream(pcm16(rate), stream);
        }
        return stream.readAllBytes();
    }

    /** Interleaved 16-bit little-endian frames of {@code channels} channels, averaged to one. */
    private static byte[] mixToMono(byte[] frames, int channels) {
        int count = frames.length / (2 * channels);
        byte[] mono = new byte[count * 2];
        for (int i = 0; i < count; i++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                int at = (i * channels + c) * 2;
                sum += (short) ((frames[at] & 0xff) | (frames[at + 1] << 8));
            }
            short mean = (short) (sum / channels);
            mono[2 * i] = (byte) mean;
            mono[2 * i + 1] = (byte) (mean >> 8);
        }
        return mono;
    }

    /** A WAV file of mono 16-bit little-endian {@code samples} at {@code rate}. */
    static byte[] wav(byte[] samples, float rate) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(samples.length + 44);
        try {
            AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(samples), pcm16(rate), samples.length / 2),
                    AudioFileFormat.Type.WAVE, out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // written to memory: not expected
        }
        return out.toByteArray();
    }
}
