package io.strata.engine.segment.index;

import java.util.Arrays;

/**
 * A small growable byte buffer for building index keys (KeyCoder encodings, row keys, short keys).
 * Reused across rows via {@link #reset()} so encoding a key allocates nothing once the buffer has
 * grown to the largest key. Not thread-safe.
 */
public final class KeyBuffer {
    private byte[] buf;
    private int len;

    public KeyBuffer() {
        this(64);
    }

    public KeyBuffer(int initialCapacity) {
        buf = new byte[Math.max(initialCapacity, 8)];
    }

    private void ensure(int extra) {
        int need = len + extra;
        if (need > buf.length) {
            if (need < 0) {
                throw new IllegalStateException("key buffer exceeds 2 GiB");
            }
            buf = Arrays.copyOf(buf, Math.max(need, buf.length << 1));
        }
    }

    public KeyBuffer append(byte b) {
        ensure(1);
        buf[len++] = b;
        return this;
    }

    public KeyBuffer append(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public KeyBuffer append(byte[] b) {
        return append(b, 0, b.length);
    }

    /** Appends {@code n} copies of byte {@code b}. */
    public KeyBuffer appendRepeated(byte b, int n) {
        ensure(n);
        Arrays.fill(buf, len, len + n, b);
        len += n;
        return this;
    }

    public KeyBuffer appendShortBE(short v) {
        ensure(2);
        buf[len] = (byte) (v >>> 8);
        buf[len + 1] = (byte) v;
        len += 2;
        return this;
    }

    public KeyBuffer appendIntBE(int v) {
        ensure(4);
        buf[len] = (byte) (v >>> 24);
        buf[len + 1] = (byte) (v >>> 16);
        buf[len + 2] = (byte) (v >>> 8);
        buf[len + 3] = (byte) v;
        len += 4;
        return this;
    }

    public KeyBuffer appendLongBE(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[len + i] = (byte) (v >>> (56 - 8 * i));
        }
        len += 8;
        return this;
    }

    /** Appends an unsigned LEB128 varint (protobuf style). */
    public KeyBuffer appendVarint32(int v) {
        while ((v & ~0x7F) != 0) {
            append((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        return append((byte) v);
    }

    public int length() {
        return len;
    }

    /** The backing array; bytes {@code [0, length())} are valid. Changes when the buffer grows. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public void reset() {
        len = 0;
    }

    /** Truncates (or, with zero bytes, extends) the content to {@code n} bytes. */
    public void setLength(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative length " + n);
        }
        if (n > len) {
            ensure(n - len);
            Arrays.fill(buf, len, n, (byte) 0);
        }
        len = n;
    }
}
