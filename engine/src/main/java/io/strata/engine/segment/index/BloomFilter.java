package io.strata.engine.segment.index;

import io.strata.engine.block.ColumnVector;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.schema.DataType;
import io.strata.engine.segment.CorruptSegmentException;

/**
 * Doris block-split bloom filter (reference §4.4), reader side, plus the hash both sides use.
 * Stored form: {@code num_bytes} of bitset (32-byte blocks of eight little-endian u32 words), then
 * one has-null byte. Hash: Doris {@code murmur_hash3_x64_64}, seed {@link #DEFAULT_SEED}. A filter
 * never answers false for a value that was added.
 */
public final class BloomFilter {
    /** Doris {@code BloomFilter::DEFAULT_SEED}. */
    public static final long DEFAULT_SEED = 1575457558L;

    static final int BYTES_PER_BLOCK = 32;
    static final int MINIMUM_BYTES = 32;
    static final long MAXIMUM_BYTES = 128L * 1024 * 1024;

    static final int[] SALT = {
        0x47b6137b, 0x44974d91, 0x8824ad5b, 0xa2b7289d,
        0x705495c7, 0x2df1424b, 0x9efc4947, 0x5c6bfb31
    };

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private final byte[] data; // bitset followed by the has-null byte
    private final int numBytes;

    private BloomFilter(byte[] data) {
        this.data = data;
        this.numBytes = data.length - 1;
    }

    /** Wraps a stored filter (not copied). Checks the size: a power of two ≥ 32 bytes, plus 1. */
    public static BloomFilter of(byte[] stored) throws CorruptSegmentException {
        return of(stored, "<bloom filter>", 0);
    }

    /** As {@link #of(byte[])}, naming the file and offset in errors. */
    public static BloomFilter of(byte[] stored, String path, long offset)
            throws CorruptSegmentException {
        int n = stored.length - 1;
        if (n < MINIMUM_BYTES || n > MAXIMUM_BYTES || (n & (n - 1)) != 0) {
            throw new CorruptSegmentException(
                    path,
                    offset,
                    "bloom filter of "
                            + stored.length
                            + " bytes: bitset size "
                            + n
                            + " is not a power of two in [32, 2^27]");
        }
        if (stored[n] != 0 && stored[n] != 1) {
            throw new CorruptSegmentException(
                    path, offset + n, "bloom filter has-null byte is " + (stored[n] & 0xFF));
        }
        return new BloomFilter(stored);
    }

    /** Bitset size in bytes (without the has-null byte). */
    public int numBytes() {
        return numBytes;
    }

    /** True when the page or segment had a NULL. */
    public boolean hasNull() {
        return data[numBytes] != 0;
    }

    /** Whether the raw bytes may have been added (no false negatives). */
    public boolean mightContainBytes(byte[] b, int off, int len) {
        return mightContainHash(murmur3x64_64(b, off, len, DEFAULT_SEED));
    }

    /** Whether a value with this Doris hash may have been added. */
    public boolean mightContainHash(long hash) {
        return testHash(data, numBytes, hash);
    }

    /**
     * Whether an external value (see {@link DataType}) may be in the filter. Conservative (true)
     * when the value cannot be converted to the column type. FLOAT/DOUBLE ±0 are checked in both
     * signs and NaN always answers true, since equality there is numeric, not bitwise.
     */
    public boolean mightContain(DataType t, Object externalValue) {
        if (externalValue == null) {
            return hasNull();
        }
        ColumnVector v;
        try {
            v = KeyCoder.toVector(t, externalValue);
        } catch (RuntimeException e) {
            return true;
        }
        switch (t.fieldType()) {
            case FLOAT:
                {
                    float f = ((io.strata.engine.block.FloatVector) v).get(0);
                    if (Float.isNaN(f)) {
                        return true;
                    }
                    if (f == 0f) {
                        return mightContainHash(
                                        BloomFilterBuilder.hashInt(Float.floatToRawIntBits(0f)))
                                || mightContainHash(
                                        BloomFilterBuilder.hashInt(Float.floatToRawIntBits(-0f)));
                    }
                    break;
                }
            case DOUBLE:
                {
                    double d = ((io.strata.engine.block.DoubleVector) v).get(0);
                    if (Double.isNaN(d)) {
                        return true;
                    }
                    if (d == 0d) {
                        return mightContainHash(
                                        BloomFilterBuilder.hashLong(Double.doubleToRawLongBits(0d)))
                                || mightContainHash(
                                        BloomFilterBuilder.hashLong(
                                                Double.doubleToRawLongBits(-0d)));
                    }
                    break;
                }
            default:
                break;
        }
        return mightContainHash(BloomFilterBuilder.hashRow(t, v, 0, new KeyBuffer(16)));
    }

    /**
     * Whether a row covered by this filter may satisfy p: EQ and IN test their literals, IS NULL
     * tests the has-null flag; every other operator answers true (a bloom filter cannot prune it).
     */
    public boolean mayMatch(ColumnPredicate p, DataType t) {
        switch (p.op()) {
            case EQ:
                return mightContain(t, p.value());
            case IN:
                for (Object v : p.values()) {
                    if (mightContain(t, v)) {
                        return true;
                    }
                }
                return false;
            case IS_NULL:
                return hasNull();
            default:
                return true;
        }
    }

    static void addHash(byte[] bits, int numBytes, long hash) {
        int blocks = numBytes / BYTES_PER_BLOCK;
        int block = (int) (hash >>> 32) & (blocks - 1);
        int key = (int) hash;
        int base = block * BYTES_PER_BLOCK;
        for (int i = 0; i < 8; i++) {
            int bit = (key * SALT[i]) >>> 27;
            int p = base + 4 * i + (bit >>> 3);
            bits[p] |= (byte) (1 << (bit & 7));
        }
    }

    static boolean testHash(byte[] bits, int numBytes, long hash) {
        int blocks = numBytes / BYTES_PER_BLOCK;
        int block = (int) (hash >>> 32) & (blocks - 1);
        int key = (int) hash;
        int base = block * BYTES_PER_BLOCK;
        for (int i = 0; i < 8; i++) {
            int bit = (key * SALT[i]) >>> 27;
            int p = base + 4 * i + (bit >>> 3);
            if ((bits[p] & (1 << (bit & 7))) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Doris {@code murmur_hash3_x64_64}: one 64-bit lane of MurmurHash3 x64 over 8-byte
     * little-endian blocks, tail folded as in MurmurHash3, then {@code h ^= len} and fmix64. Not
     * the first half of MurmurHash3_x64_128.
     */
    public static long murmur3x64_64(byte[] b, int off, int len, long seed) {
        long h = seed;
        int nblocks = len >>> 3;
        int p = off;
        for (int i = 0; i < nblocks; i++, p += 8) {
            long k =
                    (b[p] & 0xFFL)
                            | (b[p + 1] & 0xFFL) << 8
                            | (b[p + 2] & 0xFFL) << 16
                            | (b[p + 3] & 0xFFL) << 24
                            | (b[p + 4] & 0xFFL) << 32
                            | (b[p + 5] & 0xFFL) << 40
                            | (b[p + 6] & 0xFFL) << 48
                            | (b[p + 7] & 0xFFL) << 56;
            h = mixBlock(h, k);
        }
        int tail = len & 7;
        if (tail != 0) {
            long k = 0;
            for (int i = tail - 1; i >= 0; i--) {
                k ^= (b[p + i] & 0xFFL) << (8 * i);
            }
            k *= C1;
            k = Long.rotateLeft(k, 31);
            k *= C2;
            h ^= k;
        }
        h ^= len;
        return fmix64(h);
    }

    /** The hash of a single 8-byte little-endian block (hashing a long value's bytes). */
    static long murmurLong(long k, long seed) {
        return fmix64(mixBlock(seed, k) ^ 8);
    }

    /** The hash of a 4-byte little-endian value. */
    static long murmurInt(int v, long seed) {
        long k = v & 0xFFFFFFFFL;
        k *= C1;
        k = Long.rotateLeft(k, 31);
        k *= C2;
        return fmix64((seed ^ k) ^ 4);
    }

    private static long mixBlock(long h, long k) {
        k *= C1;
        k = Long.rotateLeft(k, 31);
        k *= C2;
        h ^= k;
        h = Long.rotateLeft(h, 27);
        return h * 5 + 0x52dce729;
    }

    static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
