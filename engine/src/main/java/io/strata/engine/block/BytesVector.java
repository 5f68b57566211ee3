package io.strata.engine.block;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Variable-length byte strings (CHAR, VARCHAR, STRING as UTF-8) in one data array with an offsets
 * array: value i is {@code data[offsets[i] .. offsets[i+1])}. CHAR values are held unpadded.
 */
public final class BytesVector extends ColumnVector {
    private int[] offsets;
    private byte[] data;

    public BytesVector(int capacity, int dataCapacity) {
        offsets = new int[Math.max(capacity, 1) + 1];
        data = new byte[Math.max(dataCapacity, 16)];
    }

    /** Offsets array (length ≥ size+1); offsets[0] = 0. */
    public int[] offsets() {
        return offsets;
    }

    public byte[] data() {
        return data;
    }

    public int start(int i) {
        return offsets[i];
    }

    public int length(int i) {
        return offsets[i + 1] - offsets[i];
    }

    public byte[] getBytes(int i) {
        return Arrays.copyOfRange(data, offsets[i], offsets[i + 1]);
    }

    public String getString(int i) {
        return new String(data, offsets[i], offsets[i + 1] - offsets[i], StandardCharsets.UTF_8);
    }

    private void ensureData(int extra) {
        int need = offsets[size] + extra;
        if (need > data.length) {
            if (need < 0) {
                throw new IllegalStateException("string column exceeds 2 GiB in one vector");
            }
            data = Arrays.copyOf(data, Math.max(need, data.length + (data.length >> 1)));
        }
    }

    public void append(byte[] b, int off, int len) {
        if (size + 1 >= offsets.length) {
            ensureCapacity(size + 1);
        }
        ensureData(len);
        int o = offsets[size];
        System.arraycopy(b, off, data, o, len);
        offsets[++size] = o + len;
    }

    public void append(byte[] b) {
        append(b, 0, b.length);
    }

    public void append(String s) {
        append(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int capacity() {
        return offsets.length - 1;
    }

    @Override
    protected void growValues(int newCapacity) {
        offsets = Arrays.copyOf(offsets, newCapacity + 1);
    }

    @Override
    protected void appendPlaceholder() {
        offsets[size + 1] = offsets[size];
        size++;
    }

    @Override
    public void appendRows(ColumnVector src, int[] rows, int off, int len) {
        BytesVector s = (BytesVector) src;
        ensureCapacity(size + len);
        int total = 0;
        for (int i = 0; i < len; i++) {
            int r = rows[off + i];
            total += s.offsets[r + 1] - s.offsets[r];
        }
        ensureData(total);
        int d = size;
        int o = offsets[size];
        for (int i = 0; i < len; i++) {
            int r = rows[off + i];
            int l = s.offsets[r + 1] - s.offsets[r];
            System.arraycopy(s.data, s.offsets[r], data, o, l);
            o += l;
            offsets[d + i + 1] = o;
        }
        copyNulls(src, rows, off, len, d);
        size += len;
    }

    @Override
    public void appendRange(ColumnVector src, int start, int len) {
        BytesVector s = (BytesVector) src;
        ensureCapacity(size + len);
        int from = s.offsets[start];
        int bytes = s.offsets[start + len] - from;
        ensureData(bytes);
        int base = offsets[size];
        System.arraycopy(s.data, from, data, base, bytes);
        int delta = base - from;
        for (int i = 1; i <= len; i++) {
            offsets[size + i] = s.offsets[start + i] + delta;
        }
        copyNullRange(src, start, len, size);
        size += len;
    }

    @Override
    protected int compareValues(int i, ColumnVector other, int j) {
        BytesVector o = (BytesVector) other;
        return Arrays.compareUnsigned(
                data, offsets[i], offsets[i + 1], o.data, o.offsets[j], o.offsets[j + 1]);
    }

    @Override
    public void reset() {
        super.reset();
        offsets[0] = 0;
    }

    @Override
    public long memoryBytes() {
        return (long) offsets.length * 4 + data.length + (nulls == null ? 0 : nulls.length);
    }

    @Override
    public long dataBytes() {
        return offsets[size];
    }

    @Override
    public ColumnVector newEmpty(int capacity) {
        return new BytesVector(capacity, capacity * 16);
    }
}
