package dev.labkit.runner.modelserver;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An answer's body stream that runs an action just before the answer ends: it holds back the last byte
 * written until the next write, a flush or the close, and on {@link #close} runs the action, then writes
 * that byte and closes. A client therefore cannot have read the whole answer (a fixed-length body's last
 * byte, a chunked body's closing chunk) before the action ran, and the action runs within microseconds of
 * the end. A flush writes everything, so a stream's chunks are not delayed.
 */
final class LastByteGate extends FilterOutputStream {

    private final Runnable beforeEnd;
    private int held = -1;
    private boolean closed;

    LastByteGate(OutputStream body, Runnable beforeEnd) {
        super(body);
        this.beforeEnd = beforeEnd;
    }

    @Override
    public void write(int b) throws IOException {
        release();
        held = b & 0xff;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (length <= 0) {
            return;
        }
        release();
        out.write(bytes, offset, length - 1);
        held = bytes[offset + length - 1] & 0xff;
    }

    @Override
    public void flush() throws IOException {
        release();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        beforeEnd.run();
        try {
            release();
        } finally {
            out.close();
        }
    }

    private void release() throws IOException {
        if (held >= 0) {
            int b = held;
            held = -1;
            out.write(b);
        }
    }
}
