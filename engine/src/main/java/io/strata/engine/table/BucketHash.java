package io.strata.engine.table;

import io.strata.engine.block.Block;
import io.strata.engine.block.ByteVector;
import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.block.DoubleVector;
import io.strata.engine.block.FloatVector;
import io.strata.engine.block.Int128Vector;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.block.ShortVector;

/**
 * Doris-style distribution hash: zlib CRC-32 chained over the distribution column values of a row,
 * each value hashed as its little-endian physical bytes (strings: their bytes), NULL hashed as a
 * 4-byte zero int; the first column starts from seed 0. The connector's pre-write shuffle uses the
 * same functions, so both sides route a row to the same bucket.
 *
 * <p>{@link #hashRows} works column at a time over primitive arrays (one type switch per column,
 * not per row).
 */
public final class BucketHash {
    private static final int[] TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            TABLE[n] = c;
        }
    }

    private BucketHash() {}

    private static int step(int c, int b) {
        return TABLE[(c ^ b) & 0xFF] ^ (c >>> 8);
    }

    /** zlib {@code crc32(seed, b[off..off+len))}. */
    public static int hashBytes(int seed, byte[] b, int off, int len) {
        int c = ~seed;
        for (int i = off, end = off + len; i < end; i++) {
            c = TABLE[(c ^ b[i]) & 0xFF] ^ (c >>> 8);
        }
        return ~c;
    }

    /** One byte (TINYINT, BOOLEAN). */
    public static int hashByte(int seed, byte v) {
        return ~step(~seed, v);
    }

    /** Two little-endian bytes (SMALLINT). */
    public static int hashShort(int seed, short v) {
        int c = ~seed;
        c = step(c, v);
        c = step(c, v >>> 8);
        return ~c;
    }

    /** Four little-endian bytes (INT, DATEV2, DECIMAL32). */
    public static int hashInt(int seed, int v) {
        int c = ~seed;
        c = step(c, v);
        c = step(c, v >>> 8);
        c = step(c, v >>> 16);
        c = step(c, v >>> 24);
        return ~c;
    }

    /** Eight little-endian bytes (BIGINT, DATETIMEV2, DECIMAL64). */
    public static int hashLong(int seed, long v) {
        int c = ~seed;
        for (int k = 0; k < 64; k += 8) {
            c = step(c, (int) (v >>> k));
        }
        return ~c;
    }

    /** Sixteen little-endian bytes, low word first (LARGEINT, DECIMAL128I). */
    public static int hashInt128(int seed, long hi, long lo) {
        return hashLong(hashLong(seed, lo), hi);
    }

    /** FLOAT as its IEEE bits. */
    public static int hashFloat(int seed, float v) {
        return hashInt(seed, Float.floatToRawIntBits(v));
    }

    /** DOUBLE as its IEEE bits. */
    public static int hashDouble(int seed, double v) {
        return hashLong(seed, Double.doubleToRawLongBits(v));
    }

    /** NULL: a 4-byte zero int, as Doris's {@code zlib_crc_hash_null}. */
    public static int hashNull(int seed) {
        return hashInt(seed, 0);
    }

    /** Hash of one row over the given columns (not for hot paths: use {@link #hashRows}). */
    public static int hashRow(Block b, int[] cols, int row) {
        int h = 0;
        for (int c : cols) {
            h = hashValue(h, b.vector(c), row);
        }
        return h;
    }

    private static int hashValue(int h, ColumnVector v, int row) {
        if (v.isNull(row)) {
            return hashNull(h);
        }
        if (v instanceof IntVector iv) {
            return hashInt(h, iv.get(row));
        } else if (v instanceof LongVector lv) {
            return hashLong(h, lv.get(row));
        } else if (v instanceof BytesVector bv) {
            return hashBytes(h, bv.data(), bv.start(row), bv.length(row));
        } else if (v instanceof ByteVector bv) {
            return hashByte(h, bv.get(row));
        } else if (v instanceof ShortVector sv) {
            return hashShort(h, sv.get(row));
        } else if (v instanceof Int128Vector xv) {
            return hashInt128(h, xv.hi(row), xv.lo(row));
        } else if (v instanceof FloatVector fv) {
            return hashFloat(h, fv.get(row));
        } else if (v instanceof DoubleVector dv) {
            return hashDouble(h, dv.get(row));
        }
        throw new IllegalArgumentException("cannot hash " + v.getClass().getSimpleName());
    }

    /**
     * Hashes every row of {@code b} over {@code cols} into {@code out[0..rowCount)}: column at a
     * time, each column's loop typed once.
     */
    public static void hashRows(Block b, int[] cols, int[] out) {
        int n = b.rowCount();
        java.util.Arrays.fill(out, 0, n, 0);
        for (int c : cols) {
            hashColumn(b.vector(c), n, out);
        }
    }

    private static void hashColumn(ColumnVector v, int n, int[] h) {
        byte[] nulls = v.nullMap();
        if (v instanceof IntVector iv) {
            int[] a = iv.values();
            for (int i = 0; i < n; i++) {
                h[i] = nulls != null && nulls[i] != 0 ? hashNull(h[i]) : hashInt(h[i], a[i]);
            }
        } else if (v instanceof LongVector lv) {
            long[] a = lv.values();
            for (int i = 0; i < n; i++) {
                h[i] = nulls != null && nulls[i] != 0 ? hashNull(h[i]) : hashLong(h[i], a[i]);
            }
        } else if (v instanceof BytesVector bv) {
            byte[] d = bv.data();
            int[] o = bv.offsets();
            for (int i = 0; i < n; i++) {
                h[i] =
                        nulls != null && nulls[i] != 0
                                ? hashNull(h[i])
                                : hashBytes(h[i], d, o[i], o[i + 1] - o[i]);
            }
        } else if (v instanceof ByteVector bv) {
            byte[] a = bv.values();
            for (int i = 0; i < n; i++) {
                h[i] = nulls != null && nulls[i] != 0 ? hashNull(h[i]) : hashByte(h[i], a[i]);
            }
        } else if (v instanceof ShortVector sv) {
            short[] a = sv.values();
            for (int i = 0; i < n; i++) {
                h[i] = nulls != null && nulls[i] != 0 ? hashNull(h[i]) : hashShort(h[i], a[i]);
            }
        } else if (v instanceof Int128Vector xv) {
            long[] hi = xv.hi();
            long[] lo = xv.lo();
            for (int i = 0; i < n; i++) {
                h[i] =
                        nulls != null && nulls[i] != 0
                                ? hashNull(h[i])
                                : hashInt128(h[i], hi[i], lo[i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                h[i] = hashValue(h[i], v, i);
            }
        }
    }
}
