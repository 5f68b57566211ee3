package io.strata.engine.compaction;

import io.strata.engine.block.Block;
import io.strata.engine.read.TabletReader;
import io.strata.engine.rowset.RowsetWriter;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.ReadStats;
import io.strata.engine.table.Table;
import io.strata.engine.tablet.TabletContext;
import io.strata.engine.util.CloseableIterator;
import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.olap.SegmentsOverlapPB;

import java.io.IOException;
import java.util.List;

/**
 * Runs one {@link CompactionTask}: merges the input rowsets with the reader's semantics (the
 * reader's merge iterators: UNIQUE keeps each key's winner, AGG aggregates, DUP keeps every row)
 * and writes the result in key order as one rowset through {@link RowsetWriter} (full indexes).
 * Base compaction applies the DELETE predicates among its inputs and drops delete-sign rows, so
 * deleted data leaves the disk; cumulative compaction keeps delete-sign rows (they still hide older
 * rowsets outside its input) and has no predicate among its inputs. The output is not published:
 * its files are deleted if the merge fails.
 *
 * <p>Every data model streams: inputs are merged by key ({@link TabletReader#openKeyOrdered}, for
 * DUP a k-way merge that keeps every row), and output is written as a segment whenever its buffer
 * holds {@link #FLUSH_BYTES} of heap. Memory is about one block per input source plus one output
 * buffer and one segment's encoded pages, independent of the tablet's size; the output segments
 * follow each other in key order.
 */
public final class Compactor {
    /**
     * Heap of the output buffer (vector capacity) at which it is written as a segment; the segment
     * writer holds that segment's encoded pages until it finishes.
     */
    static final long FLUSH_BYTES = 64L << 20;

    private static final int BATCH = 4096;

    private Compactor() {}

    /** Merges and writes; the result's output is durable but invisible until published. */
    public static CompactionResult compact(
            Table table, CompactionTask task, CompactionOptions options) throws IOException {
        return compact(table, task, options, FLUSH_BYTES, new ReadStats());
    }

    /** {@link #compact} with the output buffer size and read counters given (tests). */
    static CompactionResult compact(
            Table table,
            CompactionTask task,
            CompactionOptions options,
            long flushBytes,
            ReadStats stats)
            throws IOException {
        long start = System.nanoTime();
        TabletContext ctx = table.tabletContext();
        TabletSchema schema = ctx.schema();
        boolean base = task.type() == CompactionTask.Type.BASE;
        if (!base) {
            for (RowsetMetaPB r : task.inputs()) {
                if (r.hasDeletePredicate()) {
                    throw new IllegalArgumentException(
                            "cumulative compaction of tablet "
                                    + task.tabletId()
                                    + " must not include DELETE rowset "
                                    + r.getRowsetIdV2());
                }
            }
        }
        int[] all = new int[schema.numColumns()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        RowsetWriter writer =
                new RowsetWriter(
                        ctx.io(),
                        ctx.tablePath(),
                        ctx.format(),
                        schema,
                        ctx.schemaHash(),
                        task.tabletId(),
                        task.partitionId(),
                        options.maxSegmentBytes());
        long rowsOut = 0;
        try {
            Block pending = Block.create(schema.columns(), BATCH);
            try (CloseableIterator<Block> it =
                    TabletReader.openKeyOrdered(
                            ctx, task.inputs(), all, List.of(), stats, BATCH, !base)) {
                Block b;
                while ((b = it.next()) != null) {
                    for (int c = 0; c < pending.numColumns(); c++) {
                        pending.vector(c).appendRange(b.vector(c), 0, b.rowCount());
                    }
                    // Heap held (capacity), not data: the buffer's growth slack counts too.
                    if (pending.memoryBytes() >= flushBytes) {
                        rowsOut += pending.rowCount();
                        writer.flush(pending);
                        // A fresh buffer: a reset one would keep its capacity at the threshold.
                        pending = Block.create(schema.columns(), BATCH);
                    }
                }
                if (pending.rowCount() > 0) {
                    rowsOut += pending.rowCount();
                    writer.flush(pending);
                }
            }
            RowsetMetaPB out =
                    writer.build(0).toBuilder()
                            .setStartVersion(task.startVersion())
                            .setEndVersion(task.endVersion())
                            // One key-ordered stream cut into segments: they never overlap.
                            .setSegmentsOverlapPb(SegmentsOverlapPB.NONOVERLAPPING)
                            .build();
            return new CompactionResult(
                    task,
                    out,
                    task.inputBytes(),
                    out.getTotalDiskSize(),
                    task.inputRows(),
                    rowsOut,
                    System.nanoTime() - start);
        } catch (IOException | RuntimeException | Error e) {
            try {
                writer.abort();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
