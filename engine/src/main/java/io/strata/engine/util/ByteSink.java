package io.strata.engine.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable output buffer with little-endian fixed-width writes (plus one big-endian int write and
 * protobuf-style varints). Not thread-safe. {@link #array()} exposes the backing array, valid up to
 * {@link #size()}; it may be replaced by any write that grows the buffer.
 */
public final class ByteSink {
    private static final VarHandle SHORT_LE =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_BE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buf;
    private int size;

    public ByteSink() {
        this(256);
    }

    public ByteSink(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Makes room for n more bytes beyond {@link #size()}. */
    public void ensureCapacity(int n) {
        long need = (long) size + n;
        if (need > buf.length) {
            if (need > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("buffer would exceed 2 GiB: " + need);
            }
            long grown = Math.max(need, (long) buf.length * 2);
            buf = Arrays.copyOf(buf, (int) Math.min(grown, Integer.MAX_VALUE - 16));
        }
    }

    public void putByte(int v) {
        ensureCapacity(1);
        buf[size++] = (byte) v;
    }

    public void putShortLE(int v) {
        ensureCapacity(2);
        SHORT_LE.set(buf, size, (short) v);
        size += 2;
    }

    public void putIntLE(int v) {
        ensureCapacity(4);
        INT_LE.set(buf, size, v);
        size += 4;
    }

    public void putIntBE(int v) {
        ensureCapacity(4);
        INT_BE.set(buf, size, v);
        size += 4;
    }

    public void putLongLE(long v) {
        ensureCapacity(8);
        LONG_LE.set(buf, size, v);
        size += 8;
    }

    public void putBytes(byte[] b, int off, int len) {
        ensureCapacity(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    public void putBytes(byte[] b) {
        putBytes(b, 0, b.length);
    }

    /** Appends n zero bytes. */
    public void putZeros(int n) {
        ensureCapacity(n);
        Arrays.fill(buf, size, size + n, (byte) 0);
        size += n;
    }

    /** Unsigned LEB128 of the 32-bit value (negative values take 5 bytes). */
    public void putVarint32(int v) {
        ensureCapacity(5);
        while ((v & ~0x7F) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** Unsigned LEB128 of the 64-bit value (up to 10 bytes). */
    public void putVarint64(long v) {
        ensureCapacity(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** Overwrites 4 bytes at pos (pos + 4 ≤ size). */
    public void setIntLE(int pos, int v) {
        if (pos < 0 || pos + 4 > size) {
            throw new IndexOutOfBoundsException("setIntLE at " + pos + ", size " + size);
        }
        INT_LE.set(buf, pos, v);
    }

    /** Overwrites one byte at pos (pos < size). */
    public void setByte(int pos, int v) {
        if (pos < 0 || pos >= size) {
            throw new IndexOutOfBoundsException("setByte at " + pos + ", size " + size);
        }
        buf[pos] = (byte) v;
    }

    /**
     * Reserves n bytes at the end and returns their position; the caller fills them directly in
     * {@link #array()} (which must be re-read after this call).
     */
    public int reserve(int n) {
        ensureCapacity(n);
        int p = size;
        size += n;
        return p;
    }

    /** Drops bytes beyond newSize (newSize ≤ size). */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IndexOutOfBoundsException("truncate to " + newSize + ", size " + size);
        }
        size = newSize;
    }

    public int size() {
        return size;
    }

    /** The backing array; bytes [0, size()) are valid. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Empties the buffer, keeping its storage. */
    public void reset() {
        size = 0;
    }
}
