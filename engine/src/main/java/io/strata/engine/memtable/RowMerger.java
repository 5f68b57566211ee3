package io.strata.engine.memtable;

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
import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;

import java.util.Arrays;

/**
 * Sorts a block by its key columns and merges rows with equal keys according to the data model (the
 * memtable flush and the merge-on-read both use it). Row order among equal keys is input order, so
 * "later row" means "newer": UNIQUE keeps the last row of a key (or the one with the largest
 * sequence value, later on ties); AGG combines values with SUM/MIN/MAX/REPLACE/ REPLACE_IF_NOT_NULL
 * (NULLs ignored by SUM/MIN/MAX); DUP keeps every row. The delete sign is an ordinary REPLACE
 * column here: callers drop deleted rows where appropriate.
 *
 * <p>Works on an {@code int[]} permutation with comparators specialised per column type; integer
 * first keys with a 32-bit value range are sorted as packed primitive longs.
 */
public final class RowMerger {
    private RowMerger() {}

    /** Compares two rows of one column. */
    private interface Cmp {
        int compare(int a, int b);
    }

    /** Sorts by key and merges duplicates when the model merges (AGG/UNIQUE). */
    public static Block sortAndMerge(TabletSchema schema, Block in) {
        return sortAndMerge(schema, in, schema.keysType() != KeysType.DUP_KEYS);
    }

    /** Sorts by key; merges equal keys when {@code merge}. */
    public static Block sortAndMerge(TabletSchema schema, Block in, boolean merge) {
        return sortAndMerge(schema, in, merge, false);
    }

    /**
     * As {@link #sortAndMerge(TabletSchema, Block, boolean)}; when {@code mayReturnInput} (the
     * caller never touches {@code in} again, e.g. a memtable at flush) and the rows are already in
     * key order with no key to merge, returns {@code in} itself instead of a sorted copy: streams
     * that arrive in key order (sequence keys, time-ordered logs) skip the gather of every column.
     */
    public static Block sortAndMerge(
            TabletSchema schema, Block in, boolean merge, boolean mayReturnInput) {
        int n = in.rowCount();
        int nk = schema.numKeyColumns();
        Cmp[] cmps = new Cmp[nk];
        for (int k = 0; k < nk; k++) {
            cmps[k] = comparator(in.vector(k));
        }
        int[] perm = sortPermutation(in, cmps, n);
        boolean inOrder = mayReturnInput && isIdentity(perm, n);
        if (!merge || n <= 1) {
            return inOrder ? in : gather(in, perm, n);
        }
        // Run boundaries: runEnd[r] is the exclusive end (in perm) of run r.
        int[] runEnd = new int[n];
        int runs = 0;
        for (int i = 1; i < n; i++) {
            if (compareKeys(cmps, perm[i - 1], perm[i]) != 0) {
                runEnd[runs++] = i;
            }
        }
        runEnd[runs++] = n;
        if (runs == n) {
            return inOrder ? in : gather(in, perm, n); // no duplicate keys
        }
        if (schema.keysType() == KeysType.UNIQUE_KEYS) {
            int[] sel = new int[runs];
            int seq = schema.sequenceColumnIndex();
            int start = 0;
            for (int r = 0; r < runs; r++) {
                int end = runEnd[r];
                int best = perm[end - 1];
                if (seq >= 0) {
                    ColumnVector sv = in.vector(seq);
                    for (int i = end - 2; i >= start; i--) {
                        // Later rows win ties, so an earlier row must be strictly larger.
                        if (sv.compare(perm[i], sv, best) > 0) {
                            best = perm[i];
                        }
                    }
                }
                sel[r] = best;
                start = end;
            }
            return gather(in, sel, runs);
        }
        // AGG_KEYS
        ColumnVector[] out = new ColumnVector[in.numColumns()];
        int[] first = new int[runs];
        int start = 0;
        for (int r = 0; r < runs; r++) {
            first[r] = perm[start];
            start = runEnd[r];
        }
        for (int c = 0; c < out.length; c++) {
            Column col = schema.column(c);
            ColumnVector src = in.vector(c);
            AggregationType agg = col.isKey() ? AggregationType.NONE : col.aggregation();
            if (!col.isKey() && agg == AggregationType.NONE) {
                agg = AggregationType.REPLACE; // delete sign
            }
            out[c] = aggregate(agg, src, perm, runEnd, runs, first);
        }
        return new Block(in.columns(), out);
    }

    private static int compareKeys(Cmp[] cmps, int a, int b) {
        for (Cmp c : cmps) {
            int r = c.compare(a, b);
            if (r != 0) {
                return r;
            }
        }
        return 0;
    }

    /** A new block holding rows {@code sel[0..len)} of {@code in}. */
    public static Block gather(Block in, int[] sel, int len) {
        ColumnVector[] out = new ColumnVector[in.numColumns()];
        for (int c = 0; c < out.length; c++) {
            ColumnVector src = in.vector(c);
            out[c] = src.newEmpty(Math.max(len, 1));
            out[c].appendRows(src, sel, 0, len);
        }
        return new Block(in.columns(), out);
    }

    /**
     * The key order of rows {@code [0, runStarts[runs])} of {@code in}, given that each run {@code
     * [runStarts[r], runStarts[r + 1])} is already sorted by key: a heap merge of the runs (ties go
     * to the lower run), {@code O(n log runs)} comparisons. Rows of the smallest run are taken in a
     * stretch while they do not pass the next run's head, so long non-interleaved runs cost one
     * comparison per row and no heap work.
     */
    public static int[] mergeRuns(TabletSchema schema, Block in, int[] runStarts, int runs) {
        int nk = schema.numKeyColumns();
        Cmp[] cmps = new Cmp[nk];
        for (int k = 0; k < nk; k++) {
            cmps[k] = comparator(in.vector(k));
        }
        int n = runStarts[runs];
        int[] perm = new int[n];
        int[] cur = new int[runs];
        int[] heap = new int[runs];
        int size = 0;
        for (int r = 0; r < runs; r++) {
            cur[r] = runStarts[r];
            if (runStarts[r] < runStarts[r + 1]) {
                heap[size++] = r;
            }
        }
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(heap, size, i, cur, cmps);
        }
        int k = 0;
        while (size > 0) {
            int r = heap[0];
            int end = runStarts[r + 1];
            if (size == 1) {
                for (int i = cur[r]; i < end; i++) {
                    perm[k++] = i;
                }
                break;
            }
            int s = heap[1];
            if (size > 2 && before(heap[2], heap[1], cur, cmps)) {
                s = heap[2];
            }
            // Emit r's rows while they still come before s's head.
            int head = cur[s];
            do {
                perm[k++] = cur[r]++;
            } while (cur[r] < end && keyBefore(cmps, cur[r], r, head, s));
            if (cur[r] == end) {
                heap[0] = heap[--size];
            }
            siftDown(heap, size, 0, cur, cmps);
        }
        return perm;
    }

    /** Row {@code a} of run {@code ra} comes before row {@code b} of run {@code rb}. */
    private static boolean keyBefore(Cmp[] cmps, int a, int ra, int b, int rb) {
        int c = compareKeys(cmps, a, b);
        return c < 0 || (c == 0 && ra < rb);
    }

    private static boolean before(int ra, int rb, int[] cur, Cmp[] cmps) {
        return keyBefore(cmps, cur[ra], ra, cur[rb], rb);
    }

    private static void siftDown(int[] heap, int size, int i, int[] cur, Cmp[] cmps) {
        int x = heap[i];
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                break;
            }
            int c = l + 1 < size && before(heap[l + 1], heap[l], cur, cmps) ? l + 1 : l;
            if (!before(heap[c], x, cur, cmps)) {
                break;
            }
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = x;
    }

    // ---- sorting ---------------------------------------------------------------------------

    /** The stable key order of rows {@code [0, n)}. */
    private static boolean isIdentity(int[] perm, int n) {
        for (int i = 0; i < n; i++) {
            if (perm[i] != i) {
                return false;
            }
        }
        return true;
    }

    static int[] sortPermutation(Block in, Cmp[] cmps, int n) {
        int[] perm = new int[n];
        if (n == 0) {
            return perm;
        }
        ColumnVector k0 = in.vector(0);
        long[] packed = packFirstKey(k0, n);
        if (packed != null) {
            Arrays.sort(packed);
            for (int i = 0; i < n; i++) {
                perm[i] = (int) packed[i];
            }
            if (cmps.length > 1) {
                // Resolve ties of the first key with the remaining keys, run by run.
                Cmp[] rest = Arrays.copyOfRange(cmps, 1, cmps.length);
                int[] aux = new int[n];
                int s = 0;
                for (int i = 1; i <= n; i++) {
                    if (i == n || (packed[i] >>> 32) != (packed[s] >>> 32)) {
                        if (i - s > 1) {
                            mergeSort(perm, aux, s, i, rest);
                        }
                        s = i;
                    }
                }
            }
            return perm;
        }
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        mergeSort(perm, new int[n], 0, n, cmps);
        return perm;
    }

    /**
     * (value - min) << 32 | row for an integer first key without NULLs whose range fits 32 bits;
     * null otherwise. Sorting these longs orders rows by key, then by row (stable).
     */
    private static long[] packFirstKey(ColumnVector v, int n) {
        if (v.hasNulls()) {
            return null;
        }
        long min;
        long max;
        long[] out = new long[n];
        if (v instanceof IntVector iv) {
            int[] a = iv.values();
            for (int i = 0; i < n; i++) {
                out[i] = ((long) a[i] << 32) | i;
            }
            return out;
        } else if (v instanceof LongVector lv) {
            long[] a = lv.values();
            min = Long.MAX_VALUE;
            max = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                min = Math.min(min, a[i]);
                max = Math.max(max, a[i]);
            }
            if (max - min < 0 || max - min >= (1L << 31)) {
                return null;
            }
            for (int i = 0; i < n; i++) {
                out[i] = ((a[i] - min) << 32) | i;
            }
            return out;
        } else if (v instanceof ShortVector sv) {
            short[] a = sv.values();
            for (int i = 0; i < n; i++) {
                out[i] = ((long) a[i] << 32) | i;
            }
            return out;
        } else if (v instanceof ByteVector bv) {
            byte[] a = bv.values();
            for (int i = 0; i < n; i++) {
                out[i] = ((long) a[i] << 32) | i;
            }
            return out;
        }
        return null;
    }

    private static void mergeSort(int[] a, int[] aux, int lo, int hi, Cmp[] cmps) {
        if (hi - lo <= 16) {
            for (int i = lo + 1; i < hi; i++) {
                int x = a[i];
                int j = i - 1;
                while (j >= lo && compareKeys(cmps, a[j], x) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(a, aux, lo, mid, cmps);
        mergeSort(a, aux, mid, hi, cmps);
        if (compareKeys(cmps, a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, lo, aux, lo, hi - lo);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            if (i >= mid) {
                a[k] = aux[j++];
            } else if (j >= hi) {
                a[k] = aux[i++];
            } else if (compareKeys(cmps, aux[j], aux[i]) < 0) {
                a[k] = aux[j++];
            } else {
                a[k] = aux[i++];
            }
        }
    }

    /** A comparator of two rows of one vector (NULL first), typed once per column. */
    private static Cmp comparator(ColumnVector v) {
        final byte[] nulls = v.nullMap();
        Cmp values;
        if (v instanceof IntVector iv) {
            int[] a = iv.values();
            values = (x, y) -> Integer.compare(a[x], a[y]);
        } else if (v instanceof LongVector lv) {
            long[] a = lv.values();
            values = (x, y) -> Long.compare(a[x], a[y]);
        } else if (v instanceof BytesVector bv) {
            byte[] d = bv.data();
            int[] o = bv.offsets();
            values = (x, y) -> Arrays.compareUnsigned(d, o[x], o[x + 1], d, o[y], o[y + 1]);
        } else if (v instanceof ByteVector bv) {
            byte[] a = bv.values();
            values = (x, y) -> Byte.compare(a[x], a[y]);
        } else if (v instanceof ShortVector sv) {
            short[] a = sv.values();
            values = (x, y) -> Short.compare(a[x], a[y]);
        } else if (v instanceof Int128Vector xv) {
            long[] hi = xv.hi();
            long[] lo = xv.lo();
            values =
                    (x, y) -> {
                        int c = Long.compare(hi[x], hi[y]);
                        return c != 0 ? c : Long.compareUnsigned(lo[x], lo[y]);
                    };
        } else {
            values = (x, y) -> v.compare(x, v, y);
        }
        if (nulls == null) {
            return values;
        }
        return (x, y) -> {
            boolean nx = nulls[x] != 0;
            boolean ny = nulls[y] != 0;
            if (nx || ny) {
                return nx == ny ? 0 : (nx ? -1 : 1);
            }
            return values.compare(x, y);
        };
    }

    // ---- aggregation -----------------------------------------------------------------------

    private static ColumnVector aggregate(
            AggregationType agg,
            ColumnVector src,
            int[] perm,
            int[] runEnd,
            int runs,
            int[] first) {
        int[] sel = new int[runs];
        switch (agg) {
            case NONE:
                System.arraycopy(first, 0, sel, 0, runs);
                break;
            case REPLACE:
                for (int r = 0; r < runs; r++) {
                    sel[r] = perm[runEnd[r] - 1];
                }
                break;
            case REPLACE_IF_NOT_NULL:
                {
                    int start = 0;
                    for (int r = 0; r < runs; r++) {
                        int end = runEnd[r];
                        int pick = perm[end - 1];
                        for (int i = end - 1; i >= start; i--) {
                            if (!src.isNull(perm[i])) {
                                pick = perm[i];
                                break;
                            }
                        }
                        sel[r] = pick;
                        start = end;
                    }
                    break;
                }
            case MIN:
            case MAX:
                {
                    int sign = agg == AggregationType.MIN ? -1 : 1;
                    int start = 0;
                    for (int r = 0; r < runs; r++) {
                        int end = runEnd[r];
                        int pick = -1;
                        for (int i = start; i < end; i++) {
                            int row = perm[i];
                            if (src.isNull(row)) {
                                continue;
                            }
                            if (pick < 0 || src.compare(row, src, pick) * sign > 0) {
                                pick = row;
                            }
                        }
                        sel[r] = pick < 0 ? perm[start] : pick;
                        start = end;
                    }
                    break;
                }
            case SUM:
                return sum(src, perm, runEnd, runs);
            default:
                throw new IllegalStateException("unknown aggregation " + agg);
        }
        ColumnVector out = src.newEmpty(Math.max(runs, 1));
        out.appendRows(src, sel, 0, runs);
        return out;
    }

    /**
     * SUM per run, NULLs ignored (all NULL → NULL); integer sums wrap as Doris's do. One typed loop
     * per vector class (no per-row type dispatch).
     */
    private static ColumnVector sum(ColumnVector src, int[] perm, int[] runEnd, int runs) {
        ColumnVector out = src.newEmpty(Math.max(runs, 1));
        byte[] nulls = src.nullMap();
        int start = 0;
        if (src instanceof Int128Vector xv) {
            long[] hi = xv.hi();
            long[] lo = xv.lo();
            Int128Vector o = (Int128Vector) out;
            for (int r = 0; r < runs; r++) {
                int end = runEnd[r];
                boolean any = false;
                long accLo = 0;
                long accHi = 0;
                for (int i = start; i < end; i++) {
                    int row = perm[i];
                    if (nulls != null && nulls[row] != 0) {
                        continue;
                    }
                    any = true;
                    long nlo = accLo + lo[row];
                    accHi += hi[row] + (Long.compareUnsigned(nlo, accLo) < 0 ? 1 : 0);
                    accLo = nlo;
                }
                if (any) {
                    o.append(accHi, accLo);
                } else {
                    o.appendNull();
                }
                start = end;
            }
            return out;
        }
        if (src instanceof FloatVector || src instanceof DoubleVector) {
            float[] fa = src instanceof FloatVector fv ? fv.values() : null;
            double[] da = src instanceof DoubleVector dv ? dv.values() : null;
            for (int r = 0; r < runs; r++) {
                int end = runEnd[r];
                boolean any = false;
                double acc = 0;
                for (int i = start; i < end; i++) {
                    int row = perm[i];
                    if (nulls != null && nulls[row] != 0) {
                        continue;
                    }
                    any = true;
                    acc += fa != null ? fa[row] : da[row];
                }
                if (!any) {
                    out.appendNull();
                } else if (fa != null) {
                    ((FloatVector) out).append((float) acc);
                } else {
                    ((DoubleVector) out).append(acc);
                }
                start = end;
            }
            return out;
        }
        // Integer-like: widen to long once per column.
        long[] la = null;
        int[] ia = null;
        short[] sa = null;
        byte[] ba = null;
        if (src instanceof LongVector lv) {
            la = lv.values();
        } else if (src instanceof IntVector iv) {
            ia = iv.values();
        } else if (src instanceof ShortVector sv) {
            sa = sv.values();
        } else if (src instanceof ByteVector bv) {
            ba = bv.values();
        } else {
            throw new IllegalArgumentException(
                    "SUM is not defined on " + src.getClass().getSimpleName());
        }
        for (int r = 0; r < runs; r++) {
            int end = runEnd[r];
            boolean any = false;
            long acc = 0;
            for (int i = start; i < end; i++) {
                int row = perm[i];
                if (nulls != null && nulls[row] != 0) {
                    continue;
                }
                any = true;
                acc += la != null ? la[row] : ia != null ? ia[row] : sa != null ? sa[row] : ba[row];
            }
            if (!any) {
                out.appendNull();
            } else if (la != null) {
                ((LongVector) out).append(acc);
            } else if (ia != null) {
                ((IntVector) out).append((int) acc);
            } else if (sa != null) {
                ((ShortVector) out).append((short) acc);
            } else {
                ((ByteVector) out).append((byte) acc);
            }
            start = end;
        }
        return out;
    }
}
