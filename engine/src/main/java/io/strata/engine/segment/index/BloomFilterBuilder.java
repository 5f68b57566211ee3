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
import io.strata.engine.schema.DataType;

import java.util.Arrays;

/**
 * Builds Doris block-split bloom filters (reference §4.4), one per {@link #finishPage()}. Values
 * are hashed as Doris hashes their in-memory bytes (little-endian fixed width; CHAR zero-padded to
 * the declared length; VARCHAR/STRING raw bytes). The filter is sized at finish from the number of
 * distinct hashed values (values added through {@link #add}); keys added through {@link #addBytes}
 * are counted without de-duplication, as Doris's primary-key filter does. Not thread-safe.
 */
public final class BloomFilterBuilder {
    private final double fpp;
    private final LongHashSet distinct = new LongHashSet(1024);
    private long[] raw = new long[16];
    private int rawCount;
    private boolean hasNull;
    private final KeyBuffer scratch = new KeyBuffer(64);

    /**
     * @param fpp target false-positive probability in (0, 1); Doris default 0.05, PK index 0.01
     */
    public BloomFilterBuilder(double fpp) {
        if (!(fpp > 0 && fpp < 1)) {
            throw new IllegalArgumentException("bloom filter fpp must be in (0, 1): " + fpp);
        }
        this.fpp = fpp;
    }

    /** Adds rows {@code [start, start+n)} of v; NULL rows only set the has-null flag. */
    public void add(ColumnVector v, DataType t, int start, int n) {
        byte[] nulls = v.nullMap();
        int end = start + n;
        switch (t.fieldType()) {
            case BOOLEAN:
            case TINYINT:
                {
                    byte[] a = ((ByteVector) v).values();
                    for (int i = start; i < end; i++) {
                        if (nulls != null && nulls[i] != 0) {
                            hasNull = true;
                        } else {
                            distinct.add(hashByte(a[i]));
                        }
                    }
                    return;
                }
            case SMALLINT:
                {
                    ShortVector sv = (ShortVector) v;
                    for (int i = start; i < end; i++) {
                        if (nulls != null && nulls[i] != 0) {
                            hasNull = true;
                        } else {
                            distinct.add(hashShort(sv.get(i)));
                        }
                    }
                    return;
                }
            case INT:
            case DATEV2:
            case DECIMAL32:
                {
                    int[] a = ((IntVector) v).values();
                    for (int i = start; i < end; i++) {
                        if (nulls != null && nulls[i] != 0) {
                            hasNull = true;
                        } else {
                            distinct.add(hashInt(a[i]));
                        }
                    }
                    return;
                }
            case FLOAT:
                {
                    FloatVector fv = (FloatVector) v;
                    for (int i = start; i < end; i++) {
                        if (nulls != null && nulls[i] != 0) {
                            hasNull = true;
                        } else {
                            distinct.add(hashInt(Float.floatToRawIntBits(fv.get(i))));
                        }
                    }
                    return;
                }
            case BIGINT:
            case DATETIMEV2:
            case DECIMAL64:
                {
                    long[] a = ((LongVector) v).values();
                    for (int i = start; i < end; i++) {
                        if (nulls != null && nulls[i] != 0) {
                            hasNull = true;
                        } else {
                            distinct.add(hashLong(a[i]));
                        }
                    }
                    return;
                }
            case DOUBLE:
                {
                    DoubleVector dv = (DoubleVector) v;
                    for (int i = start; i < end; i++) {
                        if (nulls != null && nulls[i] != 0) {
                            hasNull = true;
                        } else {
                            distinct.add(hashLong(Double.doubleToRawLongBits(dv.get(i))));
                        }
                    }
                    return;
                }
            default:
                for (int i = start; i < end; i++) {
                    if (nulls != null && nulls[i] != 0) {
                        hasNull = true;
                    } else {
                        distinct.add(hashRow(t, v, i, scratch));
                    }
                }
        }
    }

    /** Adds raw key bytes (primary-key index keys); every call counts towards sizing. */
    public void addBytes(byte[] b, int off, int len) {
        if (rawCount == raw.length) {
            raw = Arrays.copyOf(raw, rawCount * 2);
        }
        raw[rawCount++] = BloomFilter.murmur3x64_64(b, off, len, BloomFilter.DEFAULT_SEED);
    }

    /** Records that the page had a NULL. */
    public void addNull() {
        hasNull = true;
    }

    /** Number of values the current filter will be sized for. */
    public int numValues() {
        return distinct.size() + rawCount;
    }

    /**
     * Doris {@code BloomFilter::optimal_bit_num}: ⌊−8n / ln(1 − fpp^(1/8))⌋ bits, capped at 2^30,
     * rounded up to a power of two, at least 256.
     */
    public static long optimalBitNum(long n, double fpp) {
        double d = -8.0 * n / Math.log(1 - Math.pow(fpp, 1.0 / 8));
        long bits = d >= 4294967295.0 ? 0xFFFFFFFFL : (long) d; // C++ cast to uint32
        long max = BloomFilter.MAXIMUM_BYTES << 3;
        if (bits > max) {
            bits = max;
        }
        if ((bits & (bits - 1)) != 0) {
            bits = Long.highestOneBit(bits) << 1;
        }
        if (bits < BloomFilter.MINIMUM_BYTES << 3) {
            bits = BloomFilter.MINIMUM_BYTES << 3;
        }
        return bits;
    }

    /**
     * Finishes the current filter: bitset + has-null byte; resets the builder for the next page.
     */
    public byte[] finishPage() {
        int numBytes = (int) (optimalBitNum(numValues(), fpp) / 8);
        byte[] out = new byte[numBytes + 1];
        distinct.forEach(h -> BloomFilter.addHash(out, numBytes, h));
        for (int i = 0; i < rawCount; i++) {
            BloomFilter.addHash(out, numBytes, raw[i]);
        }
        out[numBytes] = (byte) (hasNull ? 1 : 0);
        distinct.clear();
        rawCount = 0;
        hasNull = false;
        return out;
    }

    // ---- hashing of in-memory value bytes
    // --------------------------------------------------------

    static long hashByte(byte v) {
        long k = v & 0xFFL;
        return murmurTail(k, 1);
    }

    static long hashShort(short v) {
        long k = v & 0xFFFFL;
        return murmurTail(k, 2);
    }

    static long hashInt(int v) {
        return BloomFilter.murmurInt(v, BloomFilter.DEFAULT_SEED);
    }

    static long hashLong(long v) {
        return BloomFilter.murmurLong(v, BloomFilter.DEFAULT_SEED);
    }

    private static long murmurTail(long k, int len) {
        k *= 0x87c37b91114253d5L;
        k = Long.rotateLeft(k, 31);
        k *= 0x4cf5ad432745937fL;
        return BloomFilter.fmix64((BloomFilter.DEFAULT_SEED ^ k) ^ len);
    }

    /** Hash of one non-null row of any supported type; scratch must hold 16 bytes. */
    static long hashRow(DataType t, ColumnVector v, int row, KeyBuffer scratch) {
        switch (t.fieldType()) {
            case BOOLEAN:
            case TINYINT:
                return hashByte(((ByteVector) v).get(row));
            case SMALLINT:
                return hashShort(((ShortVector) v).get(row));
            case INT:
            case DATEV2:
            case DECIMAL32:
                return hashInt(((IntVector) v).get(row));
            case FLOAT:
                return hashInt(Float.floatToRawIntBits(((FloatVector) v).get(row)));
            case BIGINT:
            case DATETIMEV2:
            case DECIMAL64:
                return hashLong(((LongVector) v).get(row));
            case DOUBLE:
                return hashLong(Double.doubleToRawLongBits(((DoubleVector) v).get(row)));
            case LARGEINT:
            case DECIMAL128I:
                {
                    Int128Vector iv = (Int128Vector) v;
                    scratch.setLength(16);
                    putLongLE(scratch.array(), 0, iv.lo(row));
                    putLongLE(scratch.array(), 8, iv.hi(row));
                    return BloomFilter.murmur3x64_64(
                            scratch.array(), 0, 16, BloomFilter.DEFAULT_SEED);
                }
            case CHAR:
                {
                    BytesVector bv = (BytesVector) v;
                    int len = bv.length(row);
                    if (len >= t.length()) {
                        return BloomFilter.murmur3x64_64(
                                bv.data(), bv.start(row), len, BloomFilter.DEFAULT_SEED);
                    }
                    // Doris hashes CHAR zero-padded to its declared length
                    scratch.reset();
                    KeyCoder.encodeFull(t, v, row, scratch);
                    return BloomFilter.murmur3x64_64(
                            scratch.array(), 0, scratch.length(), BloomFilter.DEFAULT_SEED);
                }
            case VARCHAR:
            case STRING:
                {
                    BytesVector bv = (BytesVector) v;
                    return BloomFilter.murmur3x64_64(
                            bv.data(), bv.start(row), bv.length(row), BloomFilter.DEFAULT_SEED);
                }
            default:
                throw new IllegalArgumentException("no bloom filter for type " + t);
        }
    }

    private static void putLongLE(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
