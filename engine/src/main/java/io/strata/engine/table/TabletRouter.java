package io.strata.engine.table;

import io.strata.engine.block.Block;
import io.strata.engine.block.ByteVector;
import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.block.Int128Vector;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.block.ShortVector;

/**
 * Maps rows to tablets; shared with the Flink pre-write shuffle, which must give identical answers.
 *
 * <ul>
 *   <li>bucket = {@code (BucketHash of the distribution columns & Integer.MAX_VALUE) % buckets};
 *   <li>partition id = a 47-bit hash of the partition columns' physical values ({@link
 *       #UNPARTITIONED} for a table without partition columns), never 0;
 *   <li>tablet id = {@code partitionId << 16 | bucket}: a pure function of (partition values,
 *       bucket), so concurrent writers agree on tablet ids without coordination.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class TabletRouter {
    /** Partition id of the single partition of an unpartitioned table. */
    public static final long UNPARTITIONED = 1L;

    private static final long PARTITION_MASK = (1L << 47) - 1;

    private final int buckets;
    private final int[] distributionCols;
    private final int[] partitionCols;
    private final boolean random;

    public TabletRouter(TableDescriptor d) {
        this.buckets = d.buckets();
        this.distributionCols = d.distributionColumnIndexes();
        this.partitionCols = d.partitionColumnIndexes();
        this.random = d.isRandomDistribution();
    }

    public int buckets() {
        return buckets;
    }

    public boolean isRandom() {
        return random;
    }

    public boolean isPartitioned() {
        return partitionCols.length > 0;
    }

    /** Bucket of a distribution hash: {@code (hash & Integer.MAX_VALUE) % buckets}. */
    public int bucket(int hash) {
        return (hash & Integer.MAX_VALUE) % buckets;
    }

    /** Bucket of one row (hash distribution only). Not for hot paths; see {@link #buckets}. */
    public int bucketOfRow(Block b, int row) {
        return bucket(BucketHash.hashRow(b, distributionCols, row));
    }

    /**
     * Buckets of every row of a hash-distributed block into {@code out[0..rowCount)}; {@code
     * scratch} is reused as the hash buffer (may be {@code out} itself).
     */
    public void buckets(Block b, int[] out) {
        BucketHash.hashRows(b, distributionCols, out);
        int n = b.rowCount();
        for (int i = 0; i < n; i++) {
            out[i] = (out[i] & Integer.MAX_VALUE) % buckets;
        }
    }

    /** Tablet id of (partition, bucket). */
    public static long tabletId(long partitionId, int bucket) {
        return (partitionId << 16) | bucket;
    }

    /** Bucket part of a tablet id. */
    public static int bucketOf(long tabletId) {
        return (int) (tabletId & 0xFFFF);
    }

    /** Partition part of a tablet id. */
    public static long partitionOf(long tabletId) {
        return tabletId >>> 16;
    }

    /** Partition id of one row (see class comment). */
    public long partitionId(Block b, int row) {
        if (partitionCols.length == 0) {
            return UNPARTITIONED;
        }
        long h = partitionSeed();
        for (int c : partitionCols) {
            h = mixPartitionValue(h, valueHash(b.vector(c), row));
        }
        return finishPartitionId(h);
    }

    // ---- value-level partition hashing (for callers that do not hold Blocks, e.g. a Flink
    // pre-write shuffle over RowData): seed, mix each partition column value in order with the
    // function of its physical type, finish. Gives exactly partitionId(Block, row).

    /** Start of a partition hash. */
    public static long partitionSeed() {
        return 0x9E3779B97F4A7C15L;
    }

    /** Mixes a NULL partition value. */
    public static long mixPartitionNull(long h) {
        return mixPartitionValue(h, 0x5bd1e995L);
    }

    /** Mixes an INT / DATEV2 / DECIMAL32 (physical int) value. */
    public static long mixPartitionInt(long h, int v) {
        return mixPartitionValue(h, 0x100000000L + v);
    }

    /** Mixes a BIGINT / DATETIMEV2 / DECIMAL64 (physical long) value. */
    public static long mixPartitionLong(long h, long v) {
        return mixPartitionValue(h, fmix(v ^ 0x2545F4914F6CDD1DL));
    }

    /** Mixes a TINYINT / BOOLEAN value. */
    public static long mixPartitionByte(long h, byte v) {
        return mixPartitionValue(h, 0x200000000L + v);
    }

    /** Mixes a SMALLINT value. */
    public static long mixPartitionShort(long h, short v) {
        return mixPartitionValue(h, 0x300000000L + v);
    }

    /** Mixes a LARGEINT / DECIMAL128I value. */
    public static long mixPartitionInt128(long h, long hi, long lo) {
        return mixPartitionValue(h, fmix(hi) * 31 + fmix(lo));
    }

    /** Mixes a CHAR / VARCHAR / STRING value (its UTF-8 bytes). */
    public static long mixPartitionBytes(long h, byte[] b, int off, int len) {
        long x = 0xcbf29ce484222325L;
        for (int k = off, end = off + len; k < end; k++) {
            x = (x ^ (b[k] & 0xFF)) * 0x100000001b3L;
        }
        return mixPartitionValue(h, x ^ len);
    }

    /** The partition id of a finished hash (never 0 nor {@link #UNPARTITIONED}). */
    public static long finishPartitionId(long h) {
        long id = fmix(h) & PARTITION_MASK;
        return id <= UNPARTITIONED ? id + 2 : id;
    }

    private static long mixPartitionValue(long h, long valueHash) {
        return mix(h, valueHash);
    }

    /** Partition ids of every row into {@code out[0..rowCount)}. */
    public void partitionIds(Block b, long[] out) {
        int n = b.rowCount();
        if (partitionCols.length == 0) {
            java.util.Arrays.fill(out, 0, n, UNPARTITIONED);
            return;
        }
        // Partition columns are few and rows of one block usually share a partition: compare
        // with the previous row first, which skips hashing for runs.
        for (int i = 0; i < n; i++) {
            if (i > 0 && sameAsPrevious(b, i)) {
                out[i] = out[i - 1];
            } else {
                out[i] = partitionId(b, i);
            }
        }
    }

    private boolean sameAsPrevious(Block b, int i) {
        for (int c : partitionCols) {
            ColumnVector v = b.vector(c);
            if (v.compare(i, v, i - 1) != 0) {
                return false;
            }
        }
        return true;
    }

    private static long valueHash(ColumnVector v, int row) {
        if (v.isNull(row)) {
            return 0x5bd1e995L;
        }
        if (v instanceof IntVector iv) {
            return 0x100000000L + iv.get(row);
        } else if (v instanceof LongVector lv) {
            return fmix(lv.get(row) ^ 0x2545F4914F6CDD1DL);
        } else if (v instanceof BytesVector bv) {
            long h = 0xcbf29ce484222325L;
            byte[] d = bv.data();
            for (int k = bv.start(row), end = k + bv.length(row); k < end; k++) {
                h = (h ^ (d[k] & 0xFF)) * 0x100000001b3L;
            }
            return h ^ bv.length(row);
        } else if (v instanceof ByteVector bv) {
            return 0x200000000L + bv.get(row);
        } else if (v instanceof ShortVector sv) {
            return 0x300000000L + sv.get(row);
        } else if (v instanceof Int128Vector xv) {
            return fmix(xv.hi(row)) * 31 + fmix(xv.lo(row));
        }
        throw new IllegalArgumentException(
                "cannot partition by " + v.getClass().getSimpleName() + " values");
    }

    private static long mix(long h, long v) {
        return fmix(h ^ fmix(v)) * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
