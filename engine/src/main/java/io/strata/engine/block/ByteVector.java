package io.strata.engine.block;

import java.util.Arrays;

/** byte values in a primitive array: BOOLEAN (0/1) and TINYINT. */
public final class ByteVector extends ColumnVector {
    private byte[] values;

    public ByteVector(int capacity) {
        values = new byte[Math.max(capacity, 1)];
    }

    /** The backing array; valid for indexes below size(). */
    public byte[] values() {
        return values;
    }

    public byte get(int i) {
        return values[i];
    }

    public void append(byte v) {
        if (size == values.length) {
            ensureCapacity(size + 1);
        }
        values[size++] = v;
    }

    /** Sets row i (i < size) to a non-null value. */
    public void set(int i, byte v) {
        values[i] = v;
        if (hasNulls) {
            nulls[i] = 0;
        }
    }

    /** Appends n values from an array, all non-null. */
    public void appendAll(byte[] src, int off, int n) {
        ensureCapacity(size + n);
        System.arraycopy(src, off, values, size, n);
        if (hasNulls) {
            Arrays.fill(nulls, size, size + n, (byte) 0);
        }
        size += n;
    }

    @Override
    public int capacity() {
        return values.length;
    }

    @Override
    protected void growValues(int newCapacity) {
        values = Arrays.copyOf(values, newCapacity);
    }

    @Override
    protected void appendPlaceholder() {
        values[size++] = 0;
    }

    @Override
    public void appendRows(ColumnVector src, int[] rows, int off, int len) {
        ByteVector s = (ByteVector) src;
        ensureCapacity(size + len);
        byte[] sv = s.values;
        byte[] dv = values;
        int d = size;
        for (int i = 0; i < len; i++) {
            dv[d + i] = sv[rows[off + i]];
        }
        copyNulls(src, rows, off, len, d);
        size += len;
    }

    @Override
    public void appendRange(ColumnVector src, int start, int len) {
        ByteVector s = (ByteVector) src;
        ensureCapacity(size + len);
        System.arraycopy(s.values, start, values, size, len);
        copyNullRange(src, start, len, size);
        size += len;
    }

    @Override
    protected int compareValues(int i, ColumnVector other, int j) {
        return Byte.compare(values[i], ((ByteVector) other).values[j]);
    }

    @Override
    public long memoryBytes() {
        return (long) values.length * 1 + (nulls == null ? 0 : nulls.length);
    }

    @Override
    public long dataBytes() {
        return (long) size * 1;
    }

    @Override
    public ColumnVector newEmpty(int capacity) {
        return new ByteVector(capacity);
    }
}
