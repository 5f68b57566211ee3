package io.strata.engine.util;

import io.strata.engine.segment.CorruptSegmentException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A bounded cursor over {@code buf[off, off+len)}. Every read is checked against the bound; a read
 * past the end or a malformed varint throws {@link CorruptSegmentException} naming the file path
 * and the absolute file offset ({@code fileOffset} is the file position of {@code buf[off]}).
 * Positions are relative to {@code off}. Not thread-safe.
 */
public final class ByteReader {
    private static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_BE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] buf;
    private final int off;
    private final int len;
    private final String path;
    private final long fileOffset;
    private int pos;

    public ByteReader(byte[] buf, int off, int len, String path, long fileOffset) {
        if (off < 0 || len < 0 || off + len > buf.length || off + len < 0) {
            throw new IndexOutOfBoundsException(
                    "range [" + off + ", " + off + "+" + len + ") of array " + buf.length);
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.path = path;
        this.fileOffset = fileOffset;
    }

    public ByteReader(byte[] buf, String path, long fileOffset) {
        this(buf, 0, buf.length, path, fileOffset);
    }

    private void need(int n, String what) throws CorruptSegmentException {
        if (n < 0 || n > len - pos) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset + pos,
                    what + ": needs " + n + " bytes but only " + (len - pos) + " remain");
        }
    }

    public byte getByte() throws CorruptSegmentException {
        need(1, "byte");
        return buf[off + pos++];
    }

    public int getIntLE() throws CorruptSegmentException {
        need(4, "u32 LE");
        int v = (int) INT_LE.get(buf, off + pos);
        pos += 4;
        return v;
    }

    public int getIntBE() throws CorruptSegmentException {
        need(4, "u32 BE");
        int v = (int) INT_BE.get(buf, off + pos);
        pos += 4;
        return v;
    }

    public long getLongLE() throws CorruptSegmentException {
        need(8, "u64 LE");
        long v = (long) LONG_LE.get(buf, off + pos);
        pos += 8;
        return v;
    }

    /** Unsigned LEB128 that must fit in 32 bits (at most 5 bytes). */
    public int getVarint32() throws CorruptSegmentException {
        int start = pos;
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos >= len) {
                throw new CorruptSegmentException(
                        path, fileOffset + start, "varint32 runs past the end");
            }
            int b = buf[off + pos++];
            if (shift == 28 && (b & 0xF0) != 0) {
                throw new CorruptSegmentException(
                        path, fileOffset + start, "varint32 overflows 32 bits");
            }
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new CorruptSegmentException(path, fileOffset + start, "malformed varint32");
    }

    /** Unsigned LEB128 that must fit in 64 bits (at most 10 bytes). */
    public long getVarint64() throws CorruptSegmentException {
        int start = pos;
        long result = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= len) {
                throw new CorruptSegmentException(
                        path, fileOffset + start, "varint64 runs past the end");
            }
            int b = buf[off + pos++];
            if (shift == 63 && (b & 0xFE) != 0) {
                throw new CorruptSegmentException(
                        path, fileOffset + start, "varint64 overflows 64 bits");
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new CorruptSegmentException(path, fileOffset + start, "malformed varint64");
    }

    /** Copies the next n bytes. */
    public byte[] getBytes(int n) throws CorruptSegmentException {
        need(n, "byte string");
        byte[] r = Arrays.copyOfRange(buf, off + pos, off + pos + n);
        pos += n;
        return r;
    }

    /** Checks that n bytes remain and advances past them. */
    public void skip(int n) throws CorruptSegmentException {
        need(n, "skip");
        pos += n;
    }

    /** Position relative to the start of the range. */
    public int position() {
        return pos;
    }

    /** Moves to a position relative to the start of the range (0 ≤ p ≤ length). */
    public void position(int p) throws CorruptSegmentException {
        if (p < 0 || p > len) {
            throw new CorruptSegmentException(
                    path, fileOffset + pos, "position " + p + " outside [0, " + len + "]");
        }
        pos = p;
    }

    public int remaining() {
        return len - pos;
    }

    public int length() {
        return len;
    }

    /** Backing array; the current byte is {@code array()[arrayOffset() + position()]}. */
    public byte[] array() {
        return buf;
    }

    public int arrayOffset() {
        return off;
    }

    public String path() {
        return path;
    }

    /** File offset of the current position. */
    public long fileOffset() {
        return fileOffset + pos;
    }

    /** File offset of position 0. */
    public long baseFileOffset() {
        return fileOffset;
    }

    /** A CorruptSegmentException at the current position. */
    public CorruptSegmentException corrupt(String what) {
        return new CorruptSegmentException(path, fileOffset + pos, what);
    }
}
