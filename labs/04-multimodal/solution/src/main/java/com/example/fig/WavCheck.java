package com.example.fig;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Checks an uploaded voice clip by its content: a WAV file (RIFF/WAVE) that javax.sound.sampled
 * reads, at most {@value #MAX_SECONDS} seconds long. The file name and declared type are ignored.
 */
final class WavCheck {

    /** The longest clip accepted, in seconds; longer is a 413. */
    static final int MAX_SECONDS = 60;

    /** The largest upload accepted: 60 s of 48 kHz stereo 24-bit audio fits in 25 MiB. */
    static final int MAX_BYTES = 25 * 1024 * 1024;

    private WavCheck() {}

    /**
     * @return the clip's duration in seconds
     * @throws Refusal 415 when it is not a WAV javax.sound.sampled can read; 413 when it lasts more
     *     than {@link #MAX_SECONDS} seconds or is larger than {@link #MAX_BYTES}
     */
    static double check(byte[] bytes) throws Refusal {
        if (bytes.length > MAX_BYTES) {
            throw new Refusal(413, "The recording is too large: please keep it under 60 seconds.");
        }
        AudioFileFormat file;
        try {
            file = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(bytes));
        } catch (UnsupportedAudioFileException | IOException e) {
            throw notWav();
        }
        if (!AudioFileFormat.Type.WAVE.equals(file.getType())) {
            throw notWav();
        }
        AudioFormat format = file.getFormat();
        long frames = file.getFrameLength();
        if (frames == AudioSystem.NOT_SPECIFIED && format.getFrameSize() > 0) {
            frames = bytes.length / format.getFrameSize(); // an upper bound: the header counts too
        }
        double seconds = frames / (double) format.getFrameRate();
        if (seconds > MAX_SECONDS) {
            throw new Refusal(413, "The recording is longer than 60 seconds. Please ask in a shorter one.");
        }
        return seconds;
    }

    private static Refusal notWav() {
        return new Refusal(415, "The recording is not a WAV file: please send WAV audio (RIFF/WAVE).");
    }
}
