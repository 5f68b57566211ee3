package io.strata.engine.segment.encoding;

import io.strata.engine.block.ByteVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.block.DoubleVector;
import io.strata.engine.block.FloatVector;
import io.strata.engine.block.Int128Vector;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.block.ShortVector;
import io.strata.engine.schema.FieldType;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Moves fixed-width values between column vectors and their Doris little-endian physical layout
 * (1/2/4/8 bytes; 16-byte Int128 as lo then hi; floats by raw bits so NaN payloads survive). One
 * type switch per batch, then a primitive loop.
 */
final class FixedValues {
    static final VarHandle SHORT_LE =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private FixedValues() {}

    /** Storage width of a fixed type (BOOLEAN 1, ..., LARGEINT/DECIMAL128I 16). */
    static int width(FieldType t) {
        if (t.isString()) {
            throw new IllegalArgumentException(t + " is not a fixed-width type");
        }
        return t.fixedSize;
    }

    private static IllegalArgumentException mismatch(ColumnVector vec, int width) {
        return new IllegalArgumentException(
                vec.getClass().getSimpleName() + " cannot hold " + width + "-byte values");
    }

    /**
     * Writes vec[rows[off..off+n)] (rows null = contiguous from off) to dst starting at byte pos,
     * width bytes each.
     */
    static void gather(
            ColumnVector vec, int[] rows, int off, int n, int width, byte[] dst, int pos) {
        if (vec instanceof ByteVector) {
            if (width != 1) {
                throw mismatch(vec, width);
            }
            byte[] v = ((ByteVector) vec).values();
            if (rows == null) {
                System.arraycopy(v, off, dst, pos, n);
            } else {
                for (int i = 0; i < n; i++) {
                    dst[pos + i] = v[rows[off + i]];
                }
            }
        } else if (vec instanceof ShortVector) {
            if (width != 2) {
                throw mismatch(vec, width);
            }
            short[] v = ((ShortVector) vec).values();
            for (int i = 0; i < n; i++) {
                SHORT_LE.set(dst, pos + 2 * i, v[rows == null ? off + i : rows[off + i]]);
            }
        } else if (vec instanceof IntVector) {
            if (width != 4) {
                throw mismatch(vec, width);
            }
            int[] v = ((IntVector) vec).values();
            if (rows == null) {
                for (int i = 0; i < n; i++) {
                    INT_LE.set(dst, pos + 4 * i, v[off + i]);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    INT_LE.set(dst, pos + 4 * i, v[rows[off + i]]);
                }
            }
        } else if (vec instanceof LongVector) {
            if (width != 8) {
                throw mismatch(vec, width);
            }
            long[] v = ((LongVector) vec).values();
            if (rows == null) {
                for (int i = 0; i < n; i++) {
                    LONG_LE.set(dst, pos + 8 * i, v[off + i]);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    LONG_LE.set(dst, pos + 8 * i, v[rows[off + i]]);
                }
            }
        } else if (vec instanceof FloatVector) {
            if (width != 4) {
                throw mismatch(vec, width);
            }
            float[] v = ((FloatVector) vec).values();
            for (int i = 0; i < n; i++) {
                INT_LE.set(
                        dst,
                        pos + 4 * i,
                        Float.floatToRawIntBits(v[rows == null ? off + i : rows[off + i]]));
            }
        } else if (vec instanceof DoubleVector) {
            if (width != 8) {
                throw mismatch(vec, width);
            }
            double[] v = ((DoubleVector) vec).values();
            for (int i = 0; i < n; i++) {
                LONG_LE.set(
                        dst,
                        pos + 8 * i,
                        Double.doubleToRawLongBits(v[rows == null ? off + i : rows[off + i]]));
            }
        } else if (vec instanceof Int128Vector) {
            if (width != 16) {
                throw mismatch(vec, width);
            }
            long[] hi = ((Int128Vector) vec).hi();
            long[] lo = ((Int128Vector) vec).lo();
            for (int i = 0; i < n; i++) {
                int r = rows == null ? off + i : rows[off + i];
                LONG_LE.set(dst, pos + 16 * i, lo[r]);
                LONG_LE.set(dst, pos + 16 * i + 8, hi[r]);
            }
        } else {
            throw mismatch(vec, width);
        }
    }

    /**
     * Values of one page decoded into the primitive array matching the type, ready to be appended
     * to vectors in slices.
     */
    static final class Decoded {
        final int count;
        final int width;
        byte[] b;
        short[] s;
        int[] i;
        long[] l;
        float[] f;
        double[] d;
        long[] hi;
        long[] lo;

        private Decoded(int count, int width) {
            this.count = count;
            this.width = width;
        }

        /** Wraps decoded 8-byte values (raw bits for DOUBLE); the array may be longer. */
        static Decoded ofLongs(FieldType t, long[] v, int count) {
            Decoded r = new Decoded(count, 8);
            if (t == FieldType.DOUBLE) {
                r.d = new double[count];
                for (int k = 0; k < count; k++) {
                    r.d[k] = Double.longBitsToDouble(v[k]);
                }
            } else {
                r.l = v;
            }
            return r;
        }

        /** Wraps decoded 4-byte values (raw bits for FLOAT); the array may be longer. */
        static Decoded ofInts(FieldType t, int[] v, int count) {
            Decoded r = new Decoded(count, 4);
            if (t == FieldType.FLOAT) {
                r.f = new float[count];
                for (int k = 0; k < count; k++) {
                    r.f[k] = Float.intBitsToFloat(v[k]);
                }
            } else {
                r.i = v;
            }
            return r;
        }

        /** Converts count values of type t stored LE at src[off...]. */
        static Decoded fromLE(FieldType t, byte[] src, int off, int count) {
            int w = width(t);
            Decoded r = new Decoded(count, w);
            ByteBuffer bb = ByteBuffer.wrap(src, off, count * w).order(ByteOrder.LITTLE_ENDIAN);
            switch (t) {
                case BOOLEAN:
                case TINYINT:
                    r.b = new byte[count];
                    System.arraycopy(src, off, r.b, 0, count);
                    break;
                case SMALLINT:
                    r.s = new short[count];
                    bb.asShortBuffer().get(r.s);
                    break;
                case INT:
                case DATEV2:
                case DECIMAL32:
                    r.i = new int[count];
                    bb.asIntBuffer().get(r.i);
                    break;
                case BIGINT:
                case DATETIMEV2:
                case DECIMAL64:
                    r.l = new long[count];
                    bb.asLongBuffer().get(r.l);
                    break;
                case FLOAT:
                    r.f = new float[count];
                    bb.asFloatBuffer().get(r.f);
                    break;
                case DOUBLE:
                    r.d = new double[count];
                    bb.asDoubleBuffer().get(r.d);
                    break;
                case LARGEINT:
                case DECIMAL128I:
                    r.hi = new long[count];
                    r.lo = new long[count];
                    for (int k = 0; k < count; k++) {
                        r.lo[k] = (long) LONG_LE.get(src, off + 16 * k);
                        r.hi[k] = (long) LONG_LE.get(src, off + 16 * k + 8);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("not a fixed type: " + t);
            }
            return r;
        }

        /** Appends values [pos, pos+n) to out, whose class must match the type. */
        void appendTo(ColumnVector out, int pos, int n) {
            if (b != null && out instanceof ByteVector) {
                ((ByteVector) out).appendAll(b, pos, n);
            } else if (s != null && out instanceof ShortVector) {
                ((ShortVector) out).appendAll(s, pos, n);
            } else if (i != null && out instanceof IntVector) {
                ((IntVector) out).appendAll(i, pos, n);
            } else if (l != null && out instanceof LongVector) {
                ((LongVector) out).appendAll(l, pos, n);
            } else if (f != null && out instanceof FloatVector) {
                ((FloatVector) out).appendAll(f, pos, n);
            } else if (d != null && out instanceof DoubleVector) {
                ((DoubleVector) out).appendAll(d, pos, n);
            } else if (hi != null && out instanceof Int128Vector) {
                Int128Vector v = (Int128Vector) out;
                v.ensureCapacity(v.size() + n);
                for (int k = 0; k < n; k++) {
                    v.append(hi[pos + k], lo[pos + k]);
                }
            } else {
                throw new IllegalArgumentException(
                        out.getClass().getSimpleName()
                                + " cannot receive "
                                + width
                                + "-byte values");
            }
        }
    }
}
