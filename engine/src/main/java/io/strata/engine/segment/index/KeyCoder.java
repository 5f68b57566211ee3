package io.strata.engine.segment.index;

import io.strata.engine.block.ByteVector;
import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.block.DoubleVector;
import io.strata.engine.block.FloatVector;
import io.strata.engine.block.Int128Vector;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.block.ShortVector;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;

/**
 * Doris {@code KeyCoder}: memcmp-ordered encodings of physical values (reference §4.8). For two
 * non-null values a, b of one type, {@code Arrays.compareUnsigned(enc(a), enc(b))} has the sign of
 * the value comparison (floats: −Inf &lt; … &lt; −0 &lt; +0 &lt; … &lt; +Inf &lt; NaN).
 *
 * <ul>
 *   <li>signed integers, DECIMAL32/64/128I: sign bit flipped, big-endian;
 *   <li>BOOLEAN, DATEV2, DATETIMEV2: big-endian, no flip (the bitfields are non-negative);
 *   <li>FLOAT/DOUBLE: NaN canonicalised; negative values flip all bits, others only the sign;
 *   <li>CHAR: the value zero-padded to its declared length; VARCHAR/STRING: raw bytes.
 * </ul>
 *
 * The "full" encoding is the whole value; the "short" (ascending) encoding truncates strings to the
 * column's {@code index_length} and is used by short-key index entries only.
 */
public final class KeyCoder {
    private KeyCoder() {}

    private static final int FLOAT_CANONICAL_NAN = 0x7fc00000;
    private static final long DOUBLE_CANONICAL_NAN = 0x7ff8000000000000L;

    /** Full encoding of row {@code row} of {@code v} (must be non-null), no marker. */
    public static void encodeFull(DataType type, ColumnVector v, int row, KeyBuffer out) {
        switch (type.fieldType()) {
            case BOOLEAN:
                out.append(((ByteVector) v).get(row));
                return;
            case TINYINT:
                out.append((byte) (((ByteVector) v).get(row) ^ 0x80));
                return;
            case SMALLINT:
                out.appendShortBE((short) (((ShortVector) v).get(row) ^ 0x8000));
                return;
            case INT:
            case DECIMAL32:
                out.appendIntBE(((IntVector) v).get(row) ^ Integer.MIN_VALUE);
                return;
            case DATEV2:
                out.appendIntBE(((IntVector) v).get(row));
                return;
            case BIGINT:
            case DECIMAL64:
                out.appendLongBE(((LongVector) v).get(row) ^ Long.MIN_VALUE);
                return;
            case DATETIMEV2:
                out.appendLongBE(((LongVector) v).get(row));
                return;
            case LARGEINT:
            case DECIMAL128I:
                {
                    Int128Vector iv = (Int128Vector) v;
                    out.appendLongBE(iv.hi(row) ^ Long.MIN_VALUE);
                    out.appendLongBE(iv.lo(row));
                    return;
                }
            case FLOAT:
                out.appendIntBE(floatKey(((FloatVector) v).get(row)));
                return;
            case DOUBLE:
                out.appendLongBE(doubleKey(((DoubleVector) v).get(row)));
                return;
            case CHAR:
                {
                    BytesVector bv = (BytesVector) v;
                    int len = bv.length(row);
                    out.append(bv.data(), bv.start(row), len);
                    if (len < type.length()) {
                        out.appendRepeated((byte) 0, type.length() - len);
                    }
                    return;
                }
            case VARCHAR:
            case STRING:
                {
                    BytesVector bv = (BytesVector) v;
                    out.append(bv.data(), bv.start(row), bv.length(row));
                    return;
                }
            default:
                throw new IllegalArgumentException("type " + type + " cannot be a key");
        }
    }

    /**
     * Short (index_length-truncated) encoding, as used by short-key index entries: fixed types as
     * {@link #encodeFull}; CHAR the first {@code col.indexLength()} bytes of the zero-padded value;
     * VARCHAR/STRING the first {@code min(indexLength, len)} bytes.
     */
    public static void encodeShort(
            DataType type, Column col, ColumnVector v, int row, KeyBuffer out) {
        encodeShort(type, col.indexLength(), v, row, out);
    }

    /**
     * {@link #encodeShort(DataType, Column, ColumnVector, int, KeyBuffer)} with an explicit length.
     */
    public static void encodeShort(
            DataType type, int indexLength, ColumnVector v, int row, KeyBuffer out) {
        switch (type.fieldType()) {
            case CHAR:
                {
                    BytesVector bv = (BytesVector) v;
                    int len = bv.length(row);
                    int keep = Math.min(indexLength, type.length());
                    int copy = Math.min(len, keep);
                    out.append(bv.data(), bv.start(row), copy);
                    if (copy < keep) {
                        out.appendRepeated((byte) 0, keep - copy);
                    }
                    return;
                }
            case VARCHAR:
            case STRING:
                {
                    BytesVector bv = (BytesVector) v;
                    encodeAscendingBytes(
                            bv.data(), bv.start(row), bv.length(row), indexLength, out);
                    return;
                }
            default:
                encodeFull(type, v, row, out);
        }
    }

    /**
     * Doris {@code encode_ascending} of a string slice: the first {@code min(indexSize, len)}
     * bytes, unpadded.
     */
    public static void encodeAscendingBytes(
            byte[] b, int off, int len, int indexSize, KeyBuffer out) {
        out.append(b, off, Math.min(len, Math.max(indexSize, 0)));
    }

    /**
     * Full encoding of an external Java value (see {@link DataType}), e.g. a predicate literal. The
     * value is converted with the same checks as a loaded value; a value the type cannot hold is an
     * {@link IllegalArgumentException}. Not for hot paths.
     */
    public static void encodeFull(DataType type, Object externalValue, KeyBuffer out) {
        ColumnVector v = toVector(type, externalValue);
        encodeFull(type, v, 0, out);
    }

    /** Short encoding of an external value with an explicit index length. Not for hot paths. */
    public static void encodeShort(
            DataType type, int indexLength, Object externalValue, KeyBuffer out) {
        ColumnVector v = toVector(type, externalValue);
        encodeShort(type, indexLength, v, 0, out);
    }

    static ColumnVector toVector(DataType type, Object externalValue) {
        if (externalValue == null) {
            throw new IllegalArgumentException("NULL has no key encoding for " + type);
        }
        ColumnVector v = ColumnVector.create(type, 1);
        v.appendObject(type, externalValue);
        return v;
    }

    /** Order-preserving 32-bit key of a float (as an unsigned big-endian integer). */
    public static int floatKey(float f) {
        int bits = Float.isNaN(f) ? FLOAT_CANONICAL_NAN : Float.floatToRawIntBits(f);
        return bits < 0 ? ~bits : bits ^ Integer.MIN_VALUE;
    }

    /** Order-preserving 64-bit key of a double (as an unsigned big-endian integer). */
    public static long doubleKey(double d) {
        long bits = Double.isNaN(d) ? DOUBLE_CANONICAL_NAN : Double.doubleToRawLongBits(d);
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }
}
