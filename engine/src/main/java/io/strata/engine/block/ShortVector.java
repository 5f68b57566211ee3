package io.strata.engine.block;

import java.util.Arrays;

/** short values in a primitive array: SMALLINT. */
public final class ShortVector extends ColumnVector {
    private short[] values;

    public ShortVector(int capacity) {
        values = new short[Math.max(capacity, 1)];
    }

    /** The backing array; valid for indexes below size(). */
    public short[] values() {
        return values;
    }

    public short get(int i) {
        return values[i];
    }

    public void append(short v) {
        if (size == values.length) {
            ensureCapacity(size + 1);
        }
        values[size++] = v;
    }

    /** Sets row i (i < size) to a non-null value. */
    public void set(int i, short v) {
        values[i] = v;
        if (hasNulls) {
            nulls[i] = 0;
        }
    }

    /** Appends n values from an array, all non-null. */
    public void appendAll(short[] src, int off, int n) {
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
        ShortVector s = (ShortVector) src;
        ensureCapacity(size + len);
        short[] sv = s.values;
        short[] dv = values;
        int d = size;
        for (int i = 0; i < len; i++) {
            dv[d + i] = sv[rows[off + i]];
        }
        copyNulls(src, rows, off, len, d);
        size += len;
    }

    @Override
    public void appendRange(ColumnVector src, int start, int len) {
        ShortVector s = (ShortVector) src;
        ensureCapacity(size + len);
        System.arraycopy(s.values, start, values, size, len);
        copyNullRange(src, start, len, size);
        size += len;
    }

    @Override
    protected int compareValues(int i, ColumnVector other, int j) {
        return Short.compare(values[i], ((ShortVector) other).values[j]);
    }

    @Override
    public long memoryBytes() {
        return (long) values.length * 2 + (nulls == null ? 0 : nulls.length);
    }

    @Override
    public long dataBytes() {
        return (long) size * 2;
    }

    @Override
    public ColumnVector newEmpty(int capacity) {
        return new ShortVector(capacity);
    }
}
