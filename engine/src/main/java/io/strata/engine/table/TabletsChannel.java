package io.strata.engine.table;

import io.strata.engine.block.Block;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.tablet.DeltaWriter;
import io.strata.engine.tablet.LiteralText;
import io.strata.engine.tablet.TabletContext;
import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.strata.PartitionPB;
import io.strata.proto.strata.TabletRowsetsPB;
import io.strata.proto.strata.TxnCommitPB;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write side of one writer subtask (Doris {@code TabletsChannel}): checks each block against
 * the schema, routes its rows (partition values → bucket → tablet) and hands every {@link
 * DeltaWriter} its row indexes; after each block enforces the process memory budget. {@link
 * #prepareCommit()} closes the open rowsets and returns them as a {@link TxnCommit} (durable,
 * invisible). Used by one thread at a time.
 *
 * <p>RANDOM distribution: the channel writes only buckets {@code b} with {@code b % numChannels ==
 * channelIndex}, rotating among them block by block.
 */
public final class TabletsChannel implements Closeable {
    private static final AtomicLong TXN_IDS = new AtomicLong(System.currentTimeMillis() << 12);

    private final Table table;
    private final StorageEngine engine;
    private final ChannelOptions options;
    private final TabletSchema schema;
    private final TabletRouter router;
    private final TabletContext ctx;
    private final int[] ownedBuckets;
    private int nextRandom;

    /** Open writers by tablet id, plus a per-partition slot table for fast lookup. */
    private final Map<Long, DeltaWriter> writers = new LinkedHashMap<>();

    private final Map<Long, PartitionWriters> byPartition = new HashMap<>();
    private final Map<Long, PartitionPB> partitions = new LinkedHashMap<>();

    private int[] bucketBuf = new int[0];
    private long[] partBuf = new long[0];
    private int[] rowBuf = new int[0];
    private int[] sortedRowBuf = new int[0];

    private long rowsWritten;
    private long rowsetsClosed;
    private long segmentsClosed;
    private long bytesClosed;
    private long flushCount;
    private long flushNanos;
    private boolean closed;

    TabletsChannel(Table table, StorageEngine engine, ChannelOptions options) {
        this.table = table;
        this.engine = engine;
        this.options = options;
        this.schema = table.schema();
        this.router = table.router();
        this.ctx = table.tabletContext();
        List<Integer> owned = new ArrayList<>();
        for (int b = 0; b < router.buckets(); b++) {
            if (b % options.numChannels() == options.channelIndex()) {
                owned.add(b);
            }
        }
        this.ownedBuckets = owned.stream().mapToInt(Integer::intValue).toArray();
        if (router.isRandom() && ownedBuckets.length == 0) {
            throw new IllegalArgumentException(
                    "channel "
                            + options.channelIndex()
                            + " of "
                            + options.numChannels()
                            + " owns no bucket of "
                            + router.buckets()
                            + ": use at least as many buckets as writers");
        }
        this.nextRandom = options.channelIndex() / Math.max(1, options.numChannels());
    }

    public ChannelOptions options() {
        return options;
    }

    /**
     * Writes a block whose columns are the schema's columns in order (same names and types); rows
     * are routed to their tablets. May block on flush backpressure or the memory budget.
     */
    public void write(Block block) throws IOException {
        if (closed) {
            throw new IllegalStateException("channel is closed");
        }
        checkBlock(block);
        int n = block.rowCount();
        if (n == 0) {
            return;
        }
        ensureBuffers(n);
        router.partitionIds(block, partBuf);
        boolean onePartition = true;
        for (int i = 1; i < n && onePartition; i++) {
            onePartition = partBuf[i] == partBuf[0];
        }
        if (router.isRandom()) {
            int bucket = ownedBuckets[nextRandom++ % ownedBuckets.length];
            if (onePartition) {
                writer(block, 0, partBuf[0], bucket).writeRange(block, 0, n);
            } else {
                Arrays.fill(bucketBuf, 0, n, bucket);
                scatter(block, n);
            }
        } else {
            router.buckets(block, bucketBuf);
            scatter(block, n);
        }
        rowsWritten += n;
        engine.memoryLimiter().enforce();
    }

    /** Writers of one partition by bucket, with per-block slot stamps (no per-row hashing). */
    private static final class PartitionWriters {
        final DeltaWriter[] writers;
        final int[] slot;
        final int[] stamp;

        PartitionWriters(int buckets) {
            writers = new DeltaWriter[buckets];
            slot = new int[buckets];
            stamp = new int[buckets];
        }
    }

    private int blockStamp;

    /** Groups rows by tablet with a counting sort over writer slots and writes each group. */
    private void scatter(Block block, int n) throws IOException {
        int stampNow = ++blockStamp;
        List<DeltaWriter> slots = new ArrayList<>();
        int[] slotOfRow = rowBuf;
        long lastPart = Long.MIN_VALUE;
        PartitionWriters pw = null;
        for (int i = 0; i < n; i++) {
            long p = partBuf[i];
            if (pw == null || p != lastPart) {
                pw = partitionTable(p);
                lastPart = p;
            }
            int b = bucketBuf[i];
            if (pw.stamp[b] != stampNow) {
                DeltaWriter w = pw.writers[b];
                if (w == null) {
                    w = writer(block, i, p, b);
                }
                pw.stamp[b] = stampNow;
                pw.slot[b] = slots.size();
                slots.add(w);
            }
            slotOfRow[i] = pw.slot[b];
        }
        int k = slots.size();
        if (k == 1) {
            slots.get(0).writeRange(block, 0, n);
            return;
        }
        int[] start = new int[k + 1];
        for (int i = 0; i < n; i++) {
            start[slotOfRow[i] + 1]++;
        }
        for (int s = 0; s < k; s++) {
            start[s + 1] += start[s];
        }
        int[] fill = Arrays.copyOf(start, k);
        int[] rows = sortedRowBuf;
        for (int i = 0; i < n; i++) {
            rows[fill[slotOfRow[i]]++] = i;
        }
        for (int s = 0; s < k; s++) {
            slots.get(s).write(block, rows, start[s], start[s + 1] - start[s]);
        }
    }

    private PartitionWriters partitionTable(long partitionId) {
        PartitionWriters t = byPartition.get(partitionId);
        if (t == null) {
            t = new PartitionWriters(router.buckets());
            byPartition.put(partitionId, t);
        }
        return t;
    }

    private DeltaWriter writer(Block block, int row, long partitionId, int bucket) {
        PartitionWriters pw = partitionTable(partitionId);
        DeltaWriter w = pw.writers[bucket];
        if (w == null) {
            long tabletId = TabletRouter.tabletId(partitionId, bucket);
            w =
                    new DeltaWriter(
                            ctx,
                            tabletId,
                            partitionId,
                            options.memtableSizeBytes(),
                            options.maxSegmentBytes(),
                            options.flushRunningCountLimit(),
                            engine.flushExecutor()
                                    .newToken(
                                            schema.keysType()
                                                    != io.strata.engine.schema.KeysType.DUP_KEYS),
                            engine.memoryLimiter());
            pw.writers[bucket] = w;
            writers.put(tabletId, w);
            if (!partitions.containsKey(partitionId)) {
                partitions.put(partitionId, partitionOf(block, row, partitionId));
            }
        }
        return w;
    }

    private PartitionPB partitionOf(Block block, int row, long partitionId) {
        PartitionPB.Builder b = PartitionPB.newBuilder().setPartitionId(partitionId);
        for (int c : table.descriptor().partitionColumnIndexes()) {
            Column col = schema.column(c);
            Object v = block.vector(c).getObject(col.type(), row);
            b.addValues(v == null ? "" : LiteralText.format(col.type(), v));
            b.addIsNull(v == null);
        }
        return b.build();
    }

    private void ensureBuffers(int n) {
        if (bucketBuf.length < n) {
            bucketBuf = new int[n];
            partBuf = new long[n];
            rowBuf = new int[n];
            sortedRowBuf = new int[n];
        }
    }

    private void checkBlock(Block block) {
        List<Column> cols = block.columns();
        if (cols.size() != schema.numColumns()) {
            throw new IllegalArgumentException(
                    "block has "
                            + cols.size()
                            + " columns, table "
                            + table.path()
                            + " has "
                            + schema.numColumns()
                            + ": "
                            + schema.columns());
        }
        for (int i = 0; i < cols.size(); i++) {
            Column expected = schema.column(i);
            Column got = cols.get(i);
            if (!got.name().equalsIgnoreCase(expected.name())
                    || !got.type().equals(expected.type())) {
                throw new IllegalArgumentException(
                        "block column "
                                + i
                                + " is '"
                                + got.name()
                                + "' "
                                + got.type()
                                + ", expected '"
                                + expected.name()
                                + "' "
                                + expected.type());
            }
            ColumnVector v = block.vector(i);
            if (v.getClass() != ColumnVector.create(expected.type(), 1).getClass()) {
                throw new IllegalArgumentException(
                        "column '"
                                + expected.name()
                                + "': vector "
                                + v.getClass().getSimpleName()
                                + " does not hold "
                                + expected.type());
            }
            if (!expected.nullable() && v.hasNulls()) {
                byte[] nm = v.nullMap();
                int row = 0;
                while (row < v.size() && nm[row] == 0) {
                    row++;
                }
                if (row < v.size()) {
                    throw new IllegalArgumentException(
                            "column '"
                                    + expected.name()
                                    + "' is NOT NULL but row "
                                    + row
                                    + " of the block is NULL");
                }
            }
        }
    }

    /**
     * Closes every open delta writer (flush + close rowsets: Doris commit txn; durable, invisible)
     * and returns what this channel wrote since the previous prepareCommit. The channel stays
     * usable; the next write opens new rowsets.
     */
    public TxnCommit prepareCommit() throws IOException {
        long txnId = TXN_IDS.incrementAndGet();
        TxnCommitPB.Builder out =
                TxnCommitPB.newBuilder().setFormatVersion(TxnCommit.FORMAT_VERSION);
        List<DeltaWriter> toClose = new ArrayList<>(writers.values());
        try {
            // Hand every last memtable to the pool first, then wait: flushes run in parallel.
            for (DeltaWriter w : toClose) {
                w.startClose();
            }
            for (DeltaWriter w : toClose) {
                RowsetMetaPB meta = w.finishClose(txnId);
                flushCount += w.token().flushCount();
                flushNanos += w.token().flushNanos();
                writers.remove(w.tabletId());
                if (meta == null) {
                    continue;
                }
                rowsetsClosed++;
                segmentsClosed += meta.getNumSegments();
                bytesClosed += meta.getTotalDiskSize();
                out.addTablets(
                        TabletRowsetsPB.newBuilder()
                                .setTabletId(w.tabletId())
                                .setPartitionId(w.partitionId())
                                .setBucket(TabletRouter.bucketOf(w.tabletId()))
                                .addAdded(meta));
            }
        } catch (IOException | RuntimeException e) {
            // The transaction cannot complete: drop what was written (the caller retries).
            abortQuietly(e);
            for (TabletRowsetsPB t : out.getTabletsList()) {
                for (RowsetMetaPB r : t.getAddedList()) {
                    try {
                        table.deleteRowsetFiles(r);
                    } catch (IOException x) {
                        e.addSuppressed(x);
                    }
                }
            }
            throw e;
        }
        out.addAllPartitions(partitions.values());
        writers.clear();
        byPartition.clear();
        partitions.clear();
        return TxnCommit.of(out.build());
    }

    private void abortQuietly(Exception cause) {
        try {
            abort();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** Cancels open writers and deletes their files. The channel stays usable. */
    public void abort() throws IOException {
        IOException first = null;
        for (DeltaWriter w : writers.values()) {
            try {
                w.cancel();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        writers.clear();
        byPartition.clear();
        partitions.clear();
        if (first != null) {
            throw first;
        }
    }

    /** Current counters. */
    public ChannelMetrics metrics() {
        long mem = 0;
        long fc = flushCount;
        long fn = flushNanos;
        long segs = segmentsClosed;
        for (DeltaWriter w : writers.values()) {
            mem += w.activeBytes();
            fc += w.token().flushCount();
            fn += w.token().flushNanos();
            segs += w.numSegments();
        }
        return new ChannelMetrics(
                mem, fc, fn, segs, rowsetsClosed, rowsWritten, bytesClosed, writers.size());
    }

    /** Aborts open writers (uncommitted data is discarded). */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            abort();
        }
    }
}
