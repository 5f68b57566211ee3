package io.strata.engine.segment.column;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Wraps the segment file's output stream and tracks the absolute file position, which becomes the
 * offset of every {@code PagePointerPB}. Not thread-safe.
 */
public final class PositionedOutput extends OutputStream {
    private final OutputStream out;
    private long position;

    public PositionedOutput(OutputStream out) {
        this.out = out;
    }

    /** Bytes written so far = offset of the next byte. */
    public long position() {
        return position;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        position++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        position += len;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
