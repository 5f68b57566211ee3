package io.strata.engine.segment.column;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * An in-memory, growable output stream whose bytes can be handed on without copying. Column data
 * pages are buffered here until the segment is finished, because the file holds each column's pages
 * contiguously while rows arrive for all columns at once.
 */
public final class PageBuffer extends OutputStream {
    private byte[] buf = new byte[4096];
    private int size;

    @Override
    public void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    private void ensure(int extra) {
        long need = (long) size + extra;
        if (need > buf.length) {
            if (need > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("column data of one segment exceeds 2 GiB");
            }
            buf =
                    Arrays.copyOf(
                            buf,
                            (int)
                                    Math.max(
                                            need,
                                            Math.min(Integer.MAX_VALUE - 16, 2L * buf.length)));
        }
    }

    public int size() {
        return size;
    }

    /** Writes the buffered bytes to {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    /** Drops the buffered bytes and the storage. */
    public void release() {
        buf = new byte[0];
        size = 0;
    }
}
