package io.strata.engine.read;

import io.strata.engine.block.Block;
import io.strata.engine.block.ByteVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.memtable.RowMerger;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.ReadStats;
import io.strata.engine.tablet.RowFilter;
import io.strata.engine.util.CloseableIterator;

import java.io.IOException;
import java.util.List;

/**
 * Streaming k-way merge of key-sorted sources: for UNIQUE/AGG tablets (equal keys merged), or
 * keeping every row ({@code keepDuplicates}: DUP tablets read in key order, as compaction needs).
 * Sources are segment iterators in age order (older rowsets first, then segment order); each holds
 * one buffered block. Each round takes the smallest "last buffered key" among the sources as a
 * watermark: every buffered row with a key at or below it can be merged now, because no source can
 * produce a smaller key later. Those rows are gathered source by source (oldest first) and handed
 * to {@link RowMerger}, whose stable sort then makes newer rows win and aggregates combine in age
 * order. Memory stays at about one block per source.
 *
 * <p>Merging relies on the invariant that keys are unique within one source (memtable flushes merge
 * duplicates), so an equal key never continues into a source's next block. With {@code
 * keepDuplicates} nothing is merged and that invariant is not needed: a row equal to the watermark
 * that arrives in a later block is still not smaller than anything already returned. Each round's
 * rows then form one sorted run per source; they are interleaved by a heap merge of the runs into a
 * row permutation (no full sort) and gathered column by column, so output stays in key order with
 * O(rows × log sources) key comparisons and no per-row allocation.
 */
final class KeyedMergeIterator implements CloseableIterator<Block> {
    /** One source: a segment iterator with delete filtering applied per block. */
    interface Source {
        /** The next block (owned by the caller), or null at the end. */
        Block next() throws IOException;

        void close() throws IOException;
    }

    private final TabletSchema readSchema;
    private final int numKeys;
    private final List<Source> sources;
    private final Block[] buf;
    private final int[] pos;
    private final boolean[] done;
    private final RowFilter post;
    private final int[] pos2; // schema index → read position
    private final int deleteSignPos;
    private final int[] projectionPos;
    private final List<Column> outColumns;
    private final boolean keepDuplicates;
    private final int[] runStarts;
    private final int[] ends;
    private final ReadStats stats;

    KeyedMergeIterator(
            TabletSchema readSchema,
            List<Source> sources,
            RowFilter post,
            int[] schemaToRead,
            int deleteSignPos,
            int[] projectionPos,
            List<Column> outColumns) {
        this(
                readSchema,
                sources,
                post,
                schemaToRead,
                deleteSignPos,
                projectionPos,
                outColumns,
                false,
                null);
    }

    /**
     * @param keepDuplicates return every row (DUP) instead of merging rows with equal keys
     * @param stats where the peak round size is recorded (may be null)
     */
    KeyedMergeIterator(
            TabletSchema readSchema,
            List<Source> sources,
            RowFilter post,
            int[] schemaToRead,
            int deleteSignPos,
            int[] projectionPos,
            List<Column> outColumns,
            boolean keepDuplicates,
            ReadStats stats) {
        this.keepDuplicates = keepDuplicates;
        this.stats = stats;
        this.runStarts = new int[sources.size() + 1];
        this.ends = new int[sources.size()];
        this.readSchema = readSchema;
        this.numKeys = readSchema.numKeyColumns();
        this.sources = sources;
        this.buf = new Block[sources.size()];
        this.pos = new int[sources.size()];
        this.done = new boolean[sources.size()];
        this.post = post;
        this.pos2 = schemaToRead;
        this.deleteSignPos = deleteSignPos;
        this.projectionPos = projectionPos;
        this.outColumns = outColumns;
    }

    private int compareKeys(Block a, int i, Block b, int j) {
        for (int k = 0; k < numKeys; k++) {
            int c = a.vector(k).compare(i, b.vector(k), j);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Makes sure every unfinished source has a buffered row; false when all are finished. */
    private boolean fill() throws IOException {
        boolean any = false;
        for (int s = 0; s < buf.length; s++) {
            while (!done[s] && (buf[s] == null || pos[s] >= buf[s].rowCount())) {
                Block b = sources.get(s).next();
                if (b == null) {
                    done[s] = true;
                    buf[s] = null;
                    sources.get(s).close();
                } else {
                    buf[s] = b;
                    pos[s] = 0;
                }
            }
            any |= !done[s];
        }
        return any;
    }

    @Override
    public Block next() throws IOException {
        while (fill()) {
            // Watermark: the smallest last-buffered key over all sources.
            int ws = -1;
            for (int s = 0; s < buf.length; s++) {
                if (done[s]) {
                    continue;
                }
                if (ws < 0
                        || compareKeys(
                                        buf[s],
                                        buf[s].rowCount() - 1,
                                        buf[ws],
                                        buf[ws].rowCount() - 1)
                                < 0) {
                    ws = s;
                }
            }
            Block wb = buf[ws];
            int wr = wb.rowCount() - 1;
            int total = 0;
            for (int s = 0; s < buf.length; s++) {
                if (!done[s]) {
                    ends[s] = upperBound(buf[s], pos[s], buf[s].rowCount(), wb, wr);
                    total += ends[s] - pos[s];
                }
            }
            Block batch = Block.create(readSchema.columns(), Math.max(1, total));
            int runs = 0;
            for (int s = 0; s < buf.length; s++) {
                if (done[s] || ends[s] == pos[s]) {
                    continue;
                }
                runStarts[runs++] = batch.rowCount();
                for (int c = 0; c < batch.numColumns(); c++) {
                    batch.vector(c).appendRange(buf[s].vector(c), pos[s], ends[s] - pos[s]);
                }
                pos[s] = ends[s];
            }
            runStarts[runs] = batch.rowCount();
            if (stats != null) {
                stats.mergePeakRows.accumulateAndGet(batch.rowCount(), Math::max);
            }
            Block out;
            if (keepDuplicates) {
                int[] order =
                        runs > 1 ? RowMerger.mergeRuns(readSchema, batch, runStarts, runs) : null;
                out = finish(batch, order);
            } else {
                out = finish(RowMerger.sortAndMerge(readSchema, batch, true), null);
            }
            if (out.rowCount() > 0) {
                return out;
            }
        }
        return null;
    }

    /** First row in {@code [lo, hi)} of {@code b} whose key is greater than {@code (wb, wr)}. */
    private int upperBound(Block b, int lo, int hi, Block wb, int wr) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareKeys(b, mid, wb, wr) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Drops deleted and filtered rows, projects; rows in {@code order} (a permutation of the rows)
     * when given, else in block order.
     */
    private Block finish(Block merged, int[] order) {
        int n = merged.rowCount();
        boolean[] ok = new boolean[n];
        post.evaluate(merged, pos2, n, ok);
        if (deleteSignPos >= 0) {
            ColumnVector dv = merged.vector(deleteSignPos);
            byte[] signs = ((ByteVector) dv).values();
            for (int i = 0; i < n; i++) {
                if (signs[i] != 0 && !dv.isNull(i)) {
                    ok[i] = false;
                }
            }
        }
        int k = 0;
        int[] keep = new int[n];
        for (int i = 0; i < n; i++) {
            int row = order == null ? i : order[i];
            if (ok[row]) {
                keep[k++] = row;
            }
        }
        ColumnVector[] vs = new ColumnVector[projectionPos.length];
        for (int i = 0; i < vs.length; i++) {
            ColumnVector src = merged.vector(projectionPos[i]);
            vs[i] = src.newEmpty(Math.max(1, k));
            vs[i].appendRows(src, keep, 0, k);
        }
        return new Block(outColumns, vs);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (int s = 0; s < buf.length; s++) {
            if (!done[s]) {
                done[s] = true;
                try {
                    sources.get(s).close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
