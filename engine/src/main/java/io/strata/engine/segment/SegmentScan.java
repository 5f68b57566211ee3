package io.strata.engine.segment;

import io.strata.engine.block.Block;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.read.BoundPredicate;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.read.ColumnPredicate.Op;
import io.strata.engine.read.PredicateEvaluator;
import io.strata.engine.read.TextValues;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.column.ColumnCursor;
import io.strata.engine.segment.column.ColumnReader;
import io.strata.engine.segment.index.BloomFilter;
import io.strata.engine.segment.index.KeyBuffer;
import io.strata.engine.segment.index.KeyEncoding;
import io.strata.engine.segment.index.ZoneMap;

import org.roaringbitmap.RoaringBitmap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One scan of a segment (Doris {@code SegmentIterator}). At creation it turns the predicates into a
 * bitmap of candidate rows using, in order, the segment zone map, page zone maps, bloom filters (=
 * and IN), bitmap indexes (exact rows for =, IN, IS NULL) and the short-key index (range of
 * 1024-row blocks for predicates on the leading key columns). Then it reads only the pages holding
 * candidate rows, batch by batch, and filters every batch exactly with {@link PredicateEvaluator},
 * so pruning can only save work, never change results. Not thread-safe; one per thread.
 */
final class SegmentScan implements SegmentIterator {
    private final SegmentReader reader;
    private final ColumnReader[] columns;
    private final TabletSchema schema;
    private final SegmentReadOptions options;
    private final ReadStats stats;
    private final PredicateEvaluator evaluator;
    private final int[] needed; // schema column indexes read
    private final boolean[] eager; // read over whole candidate ranges (predicate columns)
    private final int[] eagerCols;
    private final ColumnCursor[] cursors; // by schema index, null if not needed
    private final ColumnVector[] readVectors; // by schema index, eager columns only
    private final ColumnVector[] outVectors; // by projection position
    private final ColumnVector[] blockVectors; // what the returned block shows
    private final Block block;
    private long[] rangeStart = new long[16];
    private int[] rangeLen = new int[16];
    private final RoaringBitmap rows;
    private final int batchSize;
    private final AtomicLong pagesRead = new AtomicLong();
    private boolean[] selected;
    private int[] selIdx;
    private long cursor;
    private boolean closed;
    private long pagesTotal;
    private long pagesReadHere;
    private boolean accounted;

    SegmentScan(
            SegmentReader reader,
            ColumnReader[] columns,
            ShortKeyPage.Index shortKeys,
            SegmentReadOptions options,
            long fromRow,
            long toRow)
            throws IOException {
        this.reader = reader;
        this.columns = columns;
        this.schema = reader.schema();
        this.options = options;
        this.stats = options.stats() == null ? new ReadStats() : options.stats();
        this.batchSize = Math.max(1, options.batchSize());
        this.evaluator =
                PredicateEvaluator.of(
                        options.predicates() == null ? List.of() : options.predicates(), schema);
        int n = schema.numColumns();
        boolean[] need = new boolean[n];
        eager = new boolean[n];
        for (int p : options.projection()) {
            if (p < 0 || p >= n) {
                throw new IllegalArgumentException("projection index " + p + " out of range");
            }
            need[p] = true;
        }
        for (BoundPredicate p : evaluator.predicates()) {
            need[p.columnIndex()] = true;
            eager[p.columnIndex()] = true;
        }
        if (evaluator.isEmpty()) {
            // no filter: every projected column is read over the candidate ranges directly
            System.arraycopy(need, 0, eager, 0, n);
        }
        int cnt = 0;
        int ecnt = 0;
        for (int i = 0; i < n; i++) {
            cnt += need[i] ? 1 : 0;
            ecnt += eager[i] ? 1 : 0;
        }
        needed = new int[cnt];
        eagerCols = new int[ecnt];
        cursors = new ColumnCursor[n];
        readVectors = new ColumnVector[n];
        int k = 0;
        int e = 0;
        for (int i = 0; i < n; i++) {
            if (need[i]) {
                needed[k++] = i;
                cursors[i] =
                        columns[i] == null ? null : columns[i].cursor(pagesRead, stats.bytesRead);
            }
            if (eager[i]) {
                eagerCols[e++] = i;
                readVectors[i] = ColumnVector.create(schema.column(i).type(), batchSize);
            }
        }
        List<Column> outCols = new ArrayList<>();
        int np = options.projection().length;
        blockVectors = new ColumnVector[np];
        outVectors = new ColumnVector[np];
        for (int i = 0; i < np; i++) {
            int c = options.projection()[i];
            outCols.add(schema.column(c));
            outVectors[i] = ColumnVector.create(schema.column(c).type(), batchSize);
            blockVectors[i] = outVectors[i];
        }
        block = new Block(outCols, blockVectors);
        stats.segmentsTotal.incrementAndGet();
        rows = prune(shortKeys);
        if (fromRow > 0 || toRow < reader.numRows()) {
            rows.and(RoaringBitmap.bitmapOfRange(fromRow, Math.max(fromRow, toRow)));
        }
        if (rows.isEmpty() && reader.numRows() > 0) {
            stats.segmentsPruned.incrementAndGet();
        }
        for (int c : needed) {
            pagesTotal += columns[c] == null ? 0 : columns[c].numPages();
        }
        stats.pagesTotal.addAndGet(pagesTotal);
    }

    /** Candidate rows after index pruning (a superset of the matching rows). */
    RoaringBitmap candidates() {
        return rows;
    }

    private RoaringBitmap prune(ShortKeyPage.Index shortKeys) throws IOException {
        int numRows = reader.numRows();
        RoaringBitmap r = new RoaringBitmap();
        if (numRows == 0) {
            return r;
        }
        r.add(0L, numRows);
        for (BoundPredicate bp : evaluator.predicates()) {
            ColumnPredicate p = bp.predicate();
            Op op = p.op();
            if (op == Op.NE || op == Op.NOT_IN) {
                continue; // evaluated exactly, never used to prune
            }
            ColumnReader cr = columns[bp.columnIndex()];
            if (cr == null) {
                // a column added after this segment: every row is NULL
                if (op == Op.IS_NULL) {
                    continue;
                }
                r.clear();
                return r;
            }
            DataType t = bp.column().type();
            ColumnPredicate lit = physicalLiterals(p, t);
            ZoneMap seg = cr.segmentZone();
            if (seg != null && !seg.mayMatch(lit, t)) {
                r.clear();
                return r;
            }
            for (int pg = 0; pg < cr.numPages(); pg++) {
                ZoneMap z = cr.pageZone(pg);
                if (z != null && !z.mayMatch(lit, t)) {
                    r.remove(cr.pageFirstRow(pg), cr.pageEndRow(pg));
                }
            }
            if ((op == Op.EQ || op == Op.IN) && cr.hasBloomFilter()) {
                for (int pg = 0; pg < cr.numPages(); pg++) {
                    if (!r.intersects(cr.pageFirstRow(pg), cr.pageEndRow(pg))) {
                        continue;
                    }
                    BloomFilter bf = BloomFilter.of(cr.pageBloom(pg), reader.path(), 0);
                    boolean any = false;
                    for (Object v : lit.values()) {
                        if (bf.mightContain(t, v)) {
                            any = true;
                            break;
                        }
                    }
                    if (!any) {
                        r.remove(cr.pageFirstRow(pg), cr.pageEndRow(pg));
                    }
                }
            }
            if ((op == Op.EQ || op == Op.IN || op == Op.IS_NULL) && cr.hasBitmapIndex()) {
                RoaringBitmap exact = new RoaringBitmap();
                if (op == Op.IS_NULL) {
                    exact.or(cr.nullBitmap());
                } else {
                    ColumnVector dict = cr.bitmapDictionary();
                    int dn = dict.size();
                    boolean[] sel = new boolean[dn];
                    java.util.Arrays.fill(sel, true);
                    bp.filter(dict, dn, sel);
                    for (int i = 0; i < dn; i++) {
                        if (sel[i]) {
                            exact.or(cr.bitmap(i));
                        }
                    }
                }
                r.and(exact);
            }
            if (r.isEmpty()) {
                return r;
            }
        }
        if (shortKeys != null) {
            long[] range = shortKeyRange(shortKeys);
            if (range != null) {
                r.and(RoaringBitmap.bitmapOfRange(range[0], range[1]));
            }
        }
        return r;
    }

    /**
     * The predicate with its literals in the column's canonical external form (e.g. Double for
     * DOUBLE, BigDecimal at the column scale, LocalDate for DATEV2; strings parsed), so index
     * readers see exactly the values {@link BoundPredicate} compares with. Binding already
     * validated every conversion.
     */
    private static ColumnPredicate physicalLiterals(ColumnPredicate p, DataType t) {
        if (p.values().isEmpty() || t.fieldType().isString()) {
            return p;
        }
        List<Object> vs = new ArrayList<>();
        ColumnVector tmp = ColumnVector.create(t, p.values().size());
        for (Object v : p.values()) {
            tmp.appendObject(t, v instanceof String ? TextValues.parse(t, (String) v) : v);
            vs.add(tmp.getObject(t, tmp.size() - 1));
        }
        switch (p.op()) {
            case IN:
                return ColumnPredicate.in(p.column(), vs);
            case NOT_IN:
                return ColumnPredicate.notIn(p.column(), vs);
            default:
                return ColumnPredicate.of(p.column(), p.op(), vs.get(0));
        }
    }

    /**
     * Row range [from, to) allowed by predicates on the leading short-key columns: equalities on a
     * prefix of them, optionally followed by one range predicate. Bounds are inclusive (a strict
     * bound only loosens the range), so the result is always a superset.
     */
    private long[] shortKeyRange(ShortKeyPage.Index sk) {
        int nsk = schema.numShortKeyColumns();
        List<Object> lower = new ArrayList<>();
        List<Object> upper = new ArrayList<>();
        for (int c = 0; c < nsk; c++) {
            Object eq = null;
            Object lo = null;
            Object hi = null;
            for (BoundPredicate bp : evaluator.predicates()) {
                if (bp.columnIndex() != c) {
                    continue;
                }
                ColumnPredicate p = physicalLiterals(bp.predicate(), bp.column().type());
                switch (p.op()) {
                    case EQ:
                        eq = p.value();
                        break;
                    case GE:
                    case GT:
                        lo = p.value();
                        break;
                    case LE:
                    case LT:
                        hi = p.value();
                        break;
                    case IN:
                        if (lo == null && hi == null) {
                            // an IN list bounds the range by its smallest and largest literal
                            Object[] mm = minMaxByShortKey(schema.column(c), p.values());
                            if (mm != null) {
                                lo = mm[0];
                                hi = mm[1];
                            }
                        }
                        break;
                    default:
                        break;
                }
            }
            if (eq != null) {
                lower.add(eq);
                upper.add(eq);
                continue;
            }
            if (lo != null) {
                lower.add(lo);
            }
            if (hi != null) {
                upper.add(hi);
            }
            break;
        }
        if (lower.isEmpty() && upper.isEmpty()) {
            return null;
        }
        Column[] keyCols = new Column[nsk];
        for (int i = 0; i < nsk; i++) {
            keyCols[i] = schema.column(i);
            if (columns[i] == null) {
                return null;
            }
        }
        long from = 0;
        long to = reader.numRows();
        int interval = sk.rowsPerBlock();
        try {
            if (!lower.isEmpty()) {
                KeyBuffer kb = new KeyBuffer();
                KeyEncoding.encodeSeekKey(keyCols, lower.toArray(), lower.size(), true, true, kb);
                // no padding marker: comparing against the bare prefix is what we need
                byte[] key = kb.toByteArray();
                int j = sk.firstAtOrAfter(key, key.length);
                from = Math.max(0, (long) (j - 1) * interval);
            }
            if (!upper.isEmpty()) {
                KeyBuffer kb = new KeyBuffer();
                KeyEncoding.encodeSeekKey(keyCols, upper.toArray(), upper.size(), true, false, kb);
                byte[] key = kb.toByteArray();
                int j = sk.firstPrefixAfter(key, key.length);
                to = Math.min(to, (long) j * interval);
            }
        } catch (IllegalArgumentException e) {
            return null; // a literal without a key encoding (e.g. too long): no short-key pruning
        }
        if (from >= to) {
            return new long[] {0, 0};
        }
        return new long[] {from, to};
    }

    /** The literals with the smallest and largest short-key encoding, or null if one has none. */
    private static Object[] minMaxByShortKey(Column col, List<Object> values) {
        byte[] minK = null;
        byte[] maxK = null;
        Object min = null;
        Object max = null;
        KeyBuffer kb = new KeyBuffer();
        for (Object v : values) {
            kb.reset();
            try {
                io.strata.engine.segment.index.KeyCoder.encodeShort(
                        col.type(), col.indexLength(), v, kb);
            } catch (IllegalArgumentException e) {
                return null;
            }
            byte[] k = kb.toByteArray();
            if (minK == null || java.util.Arrays.compareUnsigned(k, minK) < 0) {
                minK = k;
                min = v;
            }
            if (maxK == null || java.util.Arrays.compareUnsigned(k, maxK) > 0) {
                maxK = k;
                max = v;
            }
        }
        return min == null ? null : new Object[] {min, max};
    }

    @Override
    public Block next() throws IOException {
        if (closed) {
            throw new IllegalStateException("iterator closed");
        }
        while (true) {
            for (int c : eagerCols) {
                readVectors[c].reset();
            }
            int total = 0;
            int ranges = 0;
            long end = reader.numRows();
            while (total < batchSize && cursor < end) {
                long s = rows.nextValue((int) cursor);
                if (s < 0) {
                    cursor = end;
                    break;
                }
                long e = rows.nextAbsentValue((int) s);
                if (e < 0 || e > end) {
                    e = end;
                }
                e = Math.min(e, s + (batchSize - total));
                int n = (int) (e - s);
                for (int c : eagerCols) {
                    if (cursors[c] == null) {
                        appendNulls(readVectors[c], n);
                    } else {
                        cursors[c].seek(s);
                        cursors[c].read(n, readVectors[c]);
                    }
                }
                if (ranges == rangeStart.length) {
                    rangeStart = java.util.Arrays.copyOf(rangeStart, ranges * 2);
                    rangeLen = java.util.Arrays.copyOf(rangeLen, ranges * 2);
                }
                rangeStart[ranges] = s;
                rangeLen[ranges++] = n;
                total += n;
                cursor = e;
            }
            if (total == 0) {
                accountPruned();
                return null;
            }
            stats.rowsScanned.addAndGet(total);
            int cnt = total;
            if (!evaluator.isEmpty()) {
                if (selected == null || selected.length < total) {
                    selected = new boolean[Math.max(total, batchSize)];
                    selIdx = new int[selected.length];
                }
                cnt = evaluator.evaluate(readVectors, total, selected);
                if (cnt == 0) {
                    flushPageStats();
                    continue;
                }
                if (cnt < total) {
                    int k = 0;
                    for (int i = 0; i < total; i++) {
                        if (selected[i]) {
                            selIdx[k++] = i;
                        }
                    }
                }
            }
            int[] proj = options.projection();
            for (int i = 0; i < proj.length; i++) {
                int c = proj[i];
                if (eager[c]) {
                    if (cnt == total) {
                        blockVectors[i] = readVectors[c];
                    } else {
                        outVectors[i].reset();
                        outVectors[i].appendRows(readVectors[c], selIdx, 0, cnt);
                        blockVectors[i] = outVectors[i];
                    }
                } else {
                    outVectors[i].reset();
                    if (cursors[c] == null) {
                        appendNulls(outVectors[i], cnt);
                    } else {
                        readSelected(cursors[c], outVectors[i], ranges, cnt == total);
                    }
                    blockVectors[i] = outVectors[i];
                }
            }
            flushPageStats();
            stats.rowsReturned.addAndGet(cnt);
            return block;
        }
    }

    private void flushPageStats() {
        long r = pagesRead.getAndSet(0);
        pagesReadHere += r;
        stats.pagesRead.addAndGet(r);
    }

    /** Pages of the scanned columns never decoded (pruned by indexes or never touched). */
    private void accountPruned() {
        if (!accounted) {
            accounted = true;
            flushPageStats();
            stats.pagesPruned.addAndGet(Math.max(0, pagesTotal - pagesReadHere));
        }
    }

    private static void appendNulls(ColumnVector v, int n) {
        v.ensureCapacity(v.size() + n);
        for (int i = 0; i < n; i++) {
            v.appendNull();
        }
    }

    /** Late materialization: reads only the selected rows' runs of a non-predicate column. */
    private void readSelected(ColumnCursor cur, ColumnVector out, int ranges, boolean all)
            throws IOException {
        int b = 0; // batch index of the range start
        for (int r = 0; r < ranges; r++) {
            long s = rangeStart[r];
            int len = rangeLen[r];
            if (all) {
                cur.seek(s);
                cur.read(len, out);
            } else {
                int i = 0;
                while (i < len) {
                    while (i < len && !selected[b + i]) {
                        i++;
                    }
                    int runStart = i;
                    while (i < len && selected[b + i]) {
                        i++;
                    }
                    if (i > runStart) {
                        cur.seek(s + runStart);
                        cur.read(i - runStart, out);
                    }
                }
            }
            b += len;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            accountPruned();
        }
        closed = true;
    }
}
