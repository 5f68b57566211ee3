package io.strata.engine.block;

import java.util.Arrays;

/**
 * long values in a primitive array: BIGINT, DATETIMEV2 (Doris u64 bitfield), DECIMAL64 (unscaled).
 */
public final class LongVector extends ColumnVector {
    private long[] values;

    public LongVector(int capacity) {
        values = new long[Math.max(capacity, 1)];
    }

    /** The backing array; valid for indexes below size(). */
    public long[] values() {
        return values;
    }

    public long get(int i) {
        return values[i];
    }

    public void append(long v) {
        if (size == values.length) {
            ensureCapacity(size + 1);
        }
        values[size++] = v;
    }

    /** Sets row i (i < size) to a non-null value. */
    public void set(int i, long v) {
        values[i] = v;
        if (hasNulls) {
            nulls[i] = 0;
        }
    }

    /** Appends n values from an array, all non-null. */
    public void appendAll(long[] src, int off, int n) {
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
        LongVector s = (LongVector) src;
        ensureCapacity(size + len);
        long[] sv = s.values;
        long[] dv = values;
        int d = size;
        for (int i = 0; i < len; i++) {
            dv[d + i] = sv[rows[off + i]];
        }
        copyNulls(src, rows, off, len, d);
        size += len;
    }

    @Override
    public void appendRange(ColumnVector src, int start, int len) {
        LongVector s = (LongVector) src;
        ensureCapacity(size + len);
        System.arraycopy(s.values, start, values, size, len);
        copyNullRange(src, start, len, size);
        size += len;
    }

    @Override
    protected int compareValues(int i, ColumnVector other, int j) {
        return Long.compare(values[i], ((LongVector) other).values[j]);
    }

    @Override
    public long memoryBytes() {
        return (long) values.length * 8 + (nulls == null ? 0 : nulls.length);
    }

    @Override
    public long dataBytes() {
        return (long) size * 8;
    }

    @Override
    public ColumnVector newEmpty(int capacity) {
        return new LongVector(capacity);
    }
}
