package io.strata.engine.read;

import io.strata.engine.block.Block;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.rowset.RowsetPaths;
import io.strata.engine.rowset.SegmentFormat;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.ReadStats;
import io.strata.engine.segment.SegmentIterator;
import io.strata.engine.segment.SegmentReadOptions;
import io.strata.engine.tablet.DeletePredicates;
import io.strata.engine.tablet.RowFilter;
import io.strata.engine.tablet.TabletContext;
import io.strata.engine.util.CloseableIterator;
import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.olap.SegmentsOverlapPB;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one tablet at a version (Doris {@code TabletReader}). DUP_KEYS: the rowsets' segments are
 * concatenated, every predicate pushed into the segment iterators. UNIQUE/AGG: all rowsets are
 * merged by key (newer versions win / aggregate functions combine), delete-sign rows dropped, and
 * output is in key order; only key-column predicates are pushed down (a pushed value predicate
 * could hide a newer row and resurrect an older one), value predicates apply after the merge. In
 * both cases DELETE predicates hide rows of rowsets with a lower version.
 *
 * <p>Known limit: the keyed merge materialises the tablet's (key-filtered) rows in memory before
 * sorting; tablets are expected to be sized by the bucket count.
 */
public final class TabletReader {
    private TabletReader() {}

    private record DeleteFilter(long version, RowFilter filter) {}

    /**
     * Opens a reader over {@code rowsets} (the tablet's live rowsets at the version, oldest first).
     * Blocks have the {@code projection} columns (schema indexes) in that order; a returned block
     * may be reused by the next call.
     */
    public static CloseableIterator<Block> open(
            TabletContext ctx,
            List<RowsetMetaPB> rowsets,
            int[] projection,
            List<ColumnPredicate> filter,
            ReadStats stats,
            int batchSize)
            throws IOException {
        return open(ctx, rowsets, projection, filter, stats, batchSize, false);
    }

    /**
     * {@link #open(TabletContext, List, int[], List, ReadStats, int)} for compaction: with {@code
     * keepDeleteSignRows} a UNIQUE merge keeps the winning delete-sign row of a key instead of
     * dropping it (cumulative compaction must, since the row still hides versions of the key in
     * older rowsets outside its input).
     */
    public static CloseableIterator<Block> open(
            TabletContext ctx,
            List<RowsetMetaPB> rowsets,
            int[] projection,
            List<ColumnPredicate> filter,
            ReadStats stats,
            int batchSize,
            boolean keepDeleteSignRows)
            throws IOException {
        TabletSchema schema = ctx.schema();
        List<DeleteFilter> deletes = new ArrayList<>();
        List<RowsetMetaPB> data = new ArrayList<>();
        split(schema, rowsets, deletes, data);
        if (schema.keysType() == KeysType.DUP_KEYS) {
            return new DupIterator(ctx, data, deletes, projection, filter, stats, batchSize);
        }
        return mergeKeyed(
                ctx,
                data,
                deletes,
                projection,
                filter,
                stats,
                batchSize,
                keepDeleteSignRows,
                false);
    }

    /**
     * Like {@link #open(TabletContext, List, int[], List, ReadStats, int, boolean)}, but output is
     * in key order for every data model: a DUP tablet is merged by key keeping every row (a
     * streaming k-way merge over its segments, as compaction needs, instead of a concatenation).
     * Memory stays at about one block per source, where a NONOVERLAPPING rowset is one source (its
     * segments follow each other in key order) and an OVERLAPPING one has a source per segment.
     */
    public static CloseableIterator<Block> openKeyOrdered(
            TabletContext ctx,
            List<RowsetMetaPB> rowsets,
            int[] projection,
            List<ColumnPredicate> filter,
            ReadStats stats,
            int batchSize,
            boolean keepDeleteSignRows)
            throws IOException {
        if (ctx.schema().keysType() != KeysType.DUP_KEYS) {
            return open(ctx, rowsets, projection, filter, stats, batchSize, keepDeleteSignRows);
        }
        List<DeleteFilter> deletes = new ArrayList<>();
        List<RowsetMetaPB> data = new ArrayList<>();
        split(ctx.schema(), rowsets, deletes, data);
        return mergeKeyed(
                ctx, data, deletes, projection, filter, stats, batchSize, keepDeleteSignRows, true);
    }

    /** Splits rowsets into DELETE filters and rowsets with data. */
    private static void split(
            TabletSchema schema,
            List<RowsetMetaPB> rowsets,
            List<DeleteFilter> deletes,
            List<RowsetMetaPB> data)
            throws IOException {
        for (RowsetMetaPB r : rowsets) {
            if (r.getDeleteFlag() && r.hasDeletePredicate()) {
                deletes.add(
                        new DeleteFilter(
                                r.getStartVersion(),
                                RowFilter.bind(
                                        schema,
                                        DeletePredicates.fromProto(
                                                schema, r.getDeletePredicate()))));
            }
            if (r.getNumSegments() > 0) {
                data.add(r);
            }
        }
    }

    private static List<RowFilter> applicable(List<DeleteFilter> deletes, RowsetMetaPB r) {
        List<RowFilter> out = new ArrayList<>();
        for (DeleteFilter d : deletes) {
            if (d.version > r.getEndVersion()) {
                out.add(d.filter);
            }
        }
        return out;
    }

    /** Rows of {@code b} that no delete filter matches; null when all survive. */
    private static int[] survivors(
            Block b, List<RowFilter> dels, int[] pos, boolean[] scratch, boolean[] gone) {
        int n = b.rowCount();
        if (dels.isEmpty() || n == 0) {
            return null;
        }
        Arrays.fill(gone, 0, n, false);
        for (RowFilter f : dels) {
            f.evaluate(b, pos, n, scratch);
            for (int i = 0; i < n; i++) {
                gone[i] |= scratch[i];
            }
        }
        int k = 0;
        int[] keep = new int[n];
        for (int i = 0; i < n; i++) {
            if (!gone[i]) {
                keep[k++] = i;
            }
        }
        return k == n ? null : Arrays.copyOf(keep, k);
    }

    private static String segmentPath(TabletContext ctx, RowsetMetaPB r, int seg) {
        return RowsetPaths.segmentPath(
                ctx.tablePath(), r.getTabletId(), r.getTabletSchemaHash(), r.getRowsetIdV2(), seg);
    }

    // ---- DUP -------------------------------------------------------------------------------

    private static final class DupIterator implements CloseableIterator<Block> {
        private final TabletContext ctx;
        private final List<RowsetMetaPB> rowsets;
        private final List<DeleteFilter> deletes;
        private final int[] projection;
        private final List<ColumnPredicate> filter;
        private final ReadStats stats;
        private final int batchSize;
        private int rowsetIdx = -1;
        private int segIdx;
        private List<RowFilter> dels = List.of();
        private int[] readCols;
        private int[] pos;
        private SegmentFormat.Reader reader;
        private SegmentIterator it;
        private boolean[] scratch = new boolean[0];
        private boolean[] gone = new boolean[0];

        DupIterator(
                TabletContext ctx,
                List<RowsetMetaPB> rowsets,
                List<DeleteFilter> deletes,
                int[] projection,
                List<ColumnPredicate> filter,
                ReadStats stats,
                int batchSize) {
            this.ctx = ctx;
            this.rowsets = rowsets;
            this.deletes = deletes;
            this.projection = projection;
            this.filter = filter;
            this.stats = stats;
            this.batchSize = batchSize;
        }

        private boolean advance() throws IOException {
            closeCurrent();
            while (true) {
                if (rowsetIdx >= 0 && segIdx < rowsets.get(rowsetIdx).getNumSegments()) {
                    RowsetMetaPB r = rowsets.get(rowsetIdx);
                    reader = ctx.format().open(ctx.io(), segmentPath(ctx, r, segIdx), ctx.schema());
                    segIdx++;
                    it =
                            reader.newIterator(
                                    new SegmentReadOptions(readCols, filter, batchSize, stats));
                    return true;
                }
                rowsetIdx++;
                segIdx = 0;
                if (rowsetIdx >= rowsets.size()) {
                    return false;
                }
                dels = applicable(deletes, rowsets.get(rowsetIdx));
                Set<Integer> cols = new LinkedHashSet<>();
                for (int p : projection) {
                    cols.add(p);
                }
                for (RowFilter f : dels) {
                    for (int c : f.columns()) {
                        cols.add(c);
                    }
                }
                readCols = cols.stream().mapToInt(Integer::intValue).toArray();
                pos = new int[ctx.schema().numColumns()];
                for (int i = 0; i < readCols.length; i++) {
                    pos[readCols[i]] = i;
                }
            }
        }

        @Override
        public Block next() throws IOException {
            while (true) {
                if (it == null && !advance()) {
                    return null;
                }
                Block b = it.next();
                if (b == null) {
                    closeCurrent();
                    continue;
                }
                int n = b.rowCount();
                if (scratch.length < n) {
                    scratch = new boolean[n];
                    gone = new boolean[n];
                }
                int[] keep = survivors(b, dels, pos, scratch, gone);
                if (keep == null && readCols.length == projection.length) {
                    return b;
                }
                Block out = project(b, projection.length, keep, ctx.schema(), projection);
                if (out.rowCount() > 0) {
                    return out;
                }
            }
        }

        private void closeCurrent() throws IOException {
            if (it != null) {
                it.close();
                it = null;
            }
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }

        @Override
        public void close() throws IOException {
            closeCurrent();
            rowsetIdx = rowsets.size();
        }
    }

    /** The first {@code width} columns of {@code b}, rows {@code keep} (all when null). */
    private static Block project(
            Block b, int width, int[] keep, TabletSchema schema, int[] projection) {
        List<Column> cols = new ArrayList<>(width);
        ColumnVector[] vs = new ColumnVector[width];
        int n = keep == null ? b.rowCount() : keep.length;
        for (int i = 0; i < width; i++) {
            cols.add(schema.column(projection[i]));
            ColumnVector src = b.vector(i);
            vs[i] = src.newEmpty(Math.max(1, n));
            if (keep == null) {
                vs[i].appendRange(src, 0, n);
            } else {
                vs[i].appendRows(src, keep, 0, n);
            }
        }
        return new Block(cols, vs);
    }

    // ---- UNIQUE / AGG ----------------------------------------------------------------------

    private static CloseableIterator<Block> mergeKeyed(
            TabletContext ctx,
            List<RowsetMetaPB> rowsets,
            List<DeleteFilter> deletes,
            int[] projection,
            List<ColumnPredicate> filter,
            ReadStats stats,
            int batchSize,
            boolean keepDeleteSignRows,
            boolean keepDuplicates)
            throws IOException {
        TabletSchema schema = ctx.schema();
        List<ColumnPredicate> pushed = new ArrayList<>();
        for (ColumnPredicate p : filter) {
            int c = schema.indexOf(p.column());
            // Without merging (DUP) no row can hide another: every predicate may be pushed.
            if (c >= 0 && (keepDuplicates || schema.column(c).isKey())) {
                pushed.add(p);
            }
        }
        // Read only what the merge needs: keys, sequence, delete sign, projected and filtered
        // columns (AGG value columns aggregate independently; UNIQUE picks rows by key order and
        // sequence only). Schema order keeps the keys first.
        java.util.TreeSet<Integer> need = new java.util.TreeSet<>();
        for (int k = 0; k < schema.numKeyColumns(); k++) {
            need.add(k);
        }
        if (schema.sequenceColumnIndex() >= 0) {
            need.add(schema.sequenceColumnIndex());
        }
        if (schema.deleteSignIndex() >= 0) {
            need.add(schema.deleteSignIndex());
        }
        for (int p : projection) {
            need.add(p);
        }
        RowFilter post = RowFilter.bind(schema, filter);
        for (int c : post.columns()) {
            need.add(c);
        }
        int[] read = need.stream().mapToInt(Integer::intValue).toArray();
        int[] pos = new int[schema.numColumns()];
        Arrays.fill(pos, -1);
        List<Column> readCols = new ArrayList<>();
        for (int i = 0; i < read.length; i++) {
            pos[read[i]] = i;
            readCols.add(schema.column(read[i]));
        }
        TabletSchema.Builder sb = TabletSchema.builder(schema.keysType()).columns(readCols);
        if (schema.sequenceColumnIndex() >= 0) {
            sb.sequenceColumn(schema.column(schema.sequenceColumnIndex()).name());
        }
        TabletSchema readSchema = sb.build();
        List<KeyedMergeIterator.Source> sources = new ArrayList<>();
        for (RowsetMetaPB r : rowsets) {
            List<RowFilter> dels = applicable(deletes, r);
            List<String> paths = new ArrayList<>();
            for (int s = 0; s < r.getNumSegments(); s++) {
                paths.add(segmentPath(ctx, r, s));
            }
            SegmentReadOptions ro = new SegmentReadOptions(read, pushed, batchSize, stats);
            if (keepDuplicates && r.getSegmentsOverlapPb() == SegmentsOverlapPB.NONOVERLAPPING) {
                // Segments in key order one after another: one source reads them in turn (an
                // equal key may straddle two segments, which only a non-merging pass allows).
                sources.add(new SegmentSource(ctx, paths, ro, dels, pos));
            } else {
                for (String path : paths) {
                    sources.add(new SegmentSource(ctx, List.of(path), ro, dels, pos));
                }
            }
        }
        int[] projectionPos = new int[projection.length];
        List<Column> outCols = new ArrayList<>();
        for (int i = 0; i < projection.length; i++) {
            projectionPos[i] = pos[projection[i]];
            outCols.add(schema.column(projection[i]));
        }
        int ds = schema.deleteSignIndex();
        return new KeyedMergeIterator(
                readSchema,
                sources,
                post,
                pos,
                ds >= 0 && !keepDeleteSignRows ? pos[ds] : -1,
                projectionPos,
                outCols,
                keepDuplicates,
                stats);
    }

    /**
     * A scan of one or more segments (read one after another) with DELETE predicates applied;
     * returns blocks it owns.
     */
    private static final class SegmentSource implements KeyedMergeIterator.Source {
        private final TabletContext ctx;
        private final List<String> paths;
        private int next;
        private final SegmentReadOptions options;
        private final List<RowFilter> dels;
        private final int[] pos;
        private SegmentFormat.Reader reader;
        private SegmentIterator it;
        private boolean[] scratch = new boolean[0];
        private boolean[] gone = new boolean[0];

        SegmentSource(
                TabletContext ctx,
                List<String> paths,
                SegmentReadOptions options,
                List<RowFilter> dels,
                int[] pos) {
            this.ctx = ctx;
            this.paths = paths;
            this.options = options;
            this.dels = dels;
            this.pos = pos;
        }

        @Override
        public Block next() throws IOException {
            while (true) {
                if (it == null) {
                    if (next >= paths.size()) {
                        return null;
                    }
                    reader = ctx.format().open(ctx.io(), paths.get(next++), ctx.schema());
                    it = reader.newIterator(options);
                }
                Block b = it.next();
                if (b == null) {
                    close();
                    continue;
                }
                int n = b.rowCount();
                if (scratch.length < n) {
                    scratch = new boolean[n];
                    gone = new boolean[n];
                }
                int[] keep = survivors(b, dels, pos, scratch, gone);
                if (keep != null && keep.length == 0) {
                    continue;
                }
                // Copy: the iterator may reuse its block.
                ColumnVector[] vs = new ColumnVector[b.numColumns()];
                int len = keep == null ? n : keep.length;
                for (int c = 0; c < vs.length; c++) {
                    vs[c] = b.vector(c).newEmpty(Math.max(1, len));
                    if (keep == null) {
                        vs[c].appendRange(b.vector(c), 0, n);
                    } else {
                        vs[c].appendRows(b.vector(c), keep, 0, len);
                    }
                }
                return new Block(b.columns(), vs);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                if (it != null) {
                    it.close();
                }
            } finally {
                if (reader != null) {
                    reader.close();
                }
                it = null;
                reader = null;
            }
        }
    }
}
