package io.strata.engine.block;

import java.math.BigInteger;
import java.util.Arrays;

/** 128-bit two's-complement integers as (hi, lo) longs: LARGEINT and DECIMAL128I (unscaled). */
public final class Int128Vector extends ColumnVector {
    private long[] hi;
    private long[] lo;

    public Int128Vector(int capacity) {
        hi = new long[Math.max(capacity, 1)];
        lo = new long[Math.max(capacity, 1)];
    }

    public long[] hi() {
        return hi;
    }

    public long[] lo() {
        return lo;
    }

    public long hi(int i) {
        return hi[i];
    }

    public long lo(int i) {
        return lo[i];
    }

    public void append(long h, long l) {
        if (size == hi.length) {
            ensureCapacity(size + 1);
        }
        hi[size] = h;
        lo[size] = l;
        size++;
    }

    public void append(BigInteger v) {
        append(v.shiftRight(64).longValue(), v.longValue());
    }

    public BigInteger getBigInteger(int i) {
        return toBigInteger(hi[i], lo[i]);
    }

    public static BigInteger toBigInteger(long h, long l) {
        byte[] b = new byte[16];
        for (int k = 0; k < 8; k++) {
            b[k] = (byte) (h >>> (56 - 8 * k));
            b[8 + k] = (byte) (l >>> (56 - 8 * k));
        }
        return new BigInteger(b);
    }

    /** True when v fits in a signed 128-bit integer. */
    public static boolean fits(BigInteger v) {
        return v.bitLength() <= 127;
    }

    @Override
    public int capacity() {
        return hi.length;
    }

    @Override
    protected void growValues(int newCapacity) {
        hi = Arrays.copyOf(hi, newCapacity);
        lo = Arrays.copyOf(lo, newCapacity);
    }

    @Override
    protected void appendPlaceholder() {
        hi[size] = 0;
        lo[size] = 0;
        size++;
    }

    @Override
    public void appendRows(ColumnVector src, int[] rows, int off, int len) {
        Int128Vector s = (Int128Vector) src;
        ensureCapacity(size + len);
        for (int i = 0; i < len; i++) {
            int r = rows[off + i];
            hi[size + i] = s.hi[r];
            lo[size + i] = s.lo[r];
        }
        copyNulls(src, rows, off, len, size);
        size += len;
    }

    @Override
    public void appendRange(ColumnVector src, int start, int len) {
        Int128Vector s = (Int128Vector) src;
        ensureCapacity(size + len);
        System.arraycopy(s.hi, start, hi, size, len);
        System.arraycopy(s.lo, start, lo, size, len);
        copyNullRange(src, start, len, size);
        size += len;
    }

    @Override
    protected int compareValues(int i, ColumnVector other, int j) {
        Int128Vector o = (Int128Vector) other;
        int c = Long.compare(hi[i], o.hi[j]);
        return c != 0 ? c : Long.compareUnsigned(lo[i], o.lo[j]);
    }

    @Override
    public long memoryBytes() {
        return (long) hi.length * 16 + (nulls == null ? 0 : nulls.length);
    }

    @Override
    public long dataBytes() {
        return (long) size * 16;
    }

    @Override
    public ColumnVector newEmpty(int capacity) {
        return new Int128Vector(capacity);
    }
}
