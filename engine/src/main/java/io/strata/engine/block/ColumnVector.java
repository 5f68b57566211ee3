package io.strata.engine.block;

import io.strata.engine.schema.DataType;

import java.util.Arrays;

/**
 * A growable typed column of values plus a null map (Doris {@code IColumn} + {@code
 * ColumnNullable}). Values live in primitive arrays, never one object per row. A null row keeps a
 * placeholder value (zero / empty) so row indexes stay aligned.
 *
 * <p>Not thread-safe. Subclasses are chosen by physical layout, see {@link DataType}.
 */
public abstract class ColumnVector {
    protected int size;

    /** 1 = NULL; allocated lazily at the first null. */
    protected byte[] nulls;

    protected boolean hasNulls;

    /** Creates the vector class that holds values of {@code type}. */
    public static ColumnVector create(DataType type, int capacity) {
        switch (type.fieldType()) {
            case BOOLEAN:
            case TINYINT:
                return new ByteVector(capacity);
            case SMALLINT:
                return new ShortVector(capacity);
            case INT:
            case DATEV2:
            case DECIMAL32:
                return new IntVector(capacity);
            case BIGINT:
            case DATETIMEV2:
            case DECIMAL64:
                return new LongVector(capacity);
            case LARGEINT:
            case DECIMAL128I:
                return new Int128Vector(capacity);
            case FLOAT:
                return new FloatVector(capacity);
            case DOUBLE:
                return new DoubleVector(capacity);
            case CHAR:
            case VARCHAR:
            case STRING:
                return new BytesVector(capacity, capacity * 16);
            default:
                throw new IllegalArgumentException("no vector for " + type);
        }
    }

    public final int size() {
        return size;
    }

    public final boolean hasNulls() {
        return hasNulls;
    }

    public final boolean isNull(int i) {
        return hasNulls && nulls[i] != 0;
    }

    /** The null map (1 = NULL) or null when no row is NULL; valid for indexes below size(). */
    public final byte[] nullMap() {
        return hasNulls ? nulls : null;
    }

    /** Allocated value slots. */
    public abstract int capacity();

    /** Grows value storage (and the null map if present) to hold at least n rows. */
    public final void ensureCapacity(int n) {
        if (n > capacity()) {
            int newCap = Math.max(n, Math.max(16, capacity() + (capacity() >> 1)));
            growValues(newCap);
            if (nulls != null) {
                nulls = Arrays.copyOf(nulls, newCap);
            }
        }
    }

    protected abstract void growValues(int newCapacity);

    /** Appends a NULL (placeholder value). */
    public final void appendNull() {
        ensureCapacity(size + 1);
        markNull(size);
        appendPlaceholder();
    }

    /** Appends the default value placeholder at position size and increments size. */
    protected abstract void appendPlaceholder();

    protected final void markNull(int i) {
        if (nulls == null) {
            nulls = new byte[Math.max(capacity(), i + 1)];
        }
        nulls[i] = 1;
        hasNulls = true;
    }

    /** Copies nulls of src rows into this vector starting at position dst; caller grows first. */
    protected final void copyNulls(ColumnVector src, int[] rows, int off, int len, int dst) {
        if (!src.hasNulls) {
            if (hasNulls) {
                Arrays.fill(nulls, dst, dst + len, (byte) 0);
            }
            return;
        }
        byte[] sn = src.nulls;
        for (int i = 0; i < len; i++) {
            byte b = sn[rows[off + i]];
            if (b != 0) {
                markNull(dst + i);
            } else if (nulls != null) {
                nulls[dst + i] = 0;
            }
        }
    }

    protected final void copyNullRange(ColumnVector src, int start, int len, int dst) {
        if (!src.hasNulls) {
            if (hasNulls) {
                Arrays.fill(nulls, dst, dst + len, (byte) 0);
            }
            return;
        }
        for (int i = 0; i < len; i++) {
            if (src.nulls[start + i] != 0) {
                markNull(dst + i);
            } else if (nulls != null) {
                nulls[dst + i] = 0;
            }
        }
    }

    /**
     * Appends src rows {@code rows[off..off+len)} (a gather; one typed loop, no per-row dispatch).
     */
    public abstract void appendRows(ColumnVector src, int[] rows, int off, int len);

    /** Appends src rows {@code [start, start+len)}. */
    public abstract void appendRange(ColumnVector src, int start, int len);

    /** Appends one row of src. */
    public final void appendRow(ColumnVector src, int row) {
        appendRange(src, row, 1);
    }

    /**
     * Compares row i of this vector with row j of other (same class). NULL sorts first. Strings
     * compare as unsigned bytes, numbers by value (the memcmp order of Doris's KeyCoder).
     */
    public final int compare(int i, ColumnVector other, int j) {
        boolean ni = isNull(i);
        boolean nj = other.isNull(j);
        if (ni || nj) {
            return ni == nj ? 0 : (ni ? -1 : 1);
        }
        return compareValues(i, other, j);
    }

    /** Compares two non-null values. */
    protected abstract int compareValues(int i, ColumnVector other, int j);

    /**
     * The external Java object of row i (see {@link DataType}); null for NULL. Not for hot paths.
     */
    public final Object getObject(DataType type, int i) {
        return isNull(i) ? null : Values.toObject(type, this, i);
    }

    /**
     * Appends an external Java object (see {@link DataType}); null appends NULL. Not for hot paths.
     */
    public final void appendObject(DataType type, Object value) {
        if (value == null) {
            appendNull();
        } else {
            Values.append(type, this, value);
        }
    }

    /** Empties the vector, keeping its storage. */
    public void reset() {
        size = 0;
        if (hasNulls) {
            Arrays.fill(nulls, (byte) 0);
            hasNulls = false;
        }
    }

    /** Approximate heap bytes held by values and null map. */
    public abstract long memoryBytes();

    /**
     * Bytes of value data (strings: payload bytes; fixed: size × width), for raw-size accounting.
     */
    public abstract long dataBytes();

    /** A new empty vector of the same class. */
    public abstract ColumnVector newEmpty(int capacity);
}
