package io.strata.engine.read;

import io.strata.engine.block.ByteVector;
import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.block.DoubleVector;
import io.strata.engine.block.FloatVector;
import io.strata.engine.block.Int128Vector;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.block.ShortVector;
import io.strata.engine.read.ColumnPredicate.Op;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.TabletSchema;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A {@link ColumnPredicate} bound to one column of a schema: its literals converted once into the
 * column's physical form, so that {@link #filter} runs typed columnar loops without boxing.
 *
 * <p>Semantics: SQL NULL rules (only IS NULL matches a NULL row). Numbers compare by value;
 * FLOAT/DOUBLE use Doris's key order (−0.0 = +0.0 here, NaN equal to itself and greater than every
 * other value); strings compare as unsigned bytes (CHAR unpadded, as vectors hold it). Immutable
 * and thread-safe.
 */
public final class BoundPredicate {
    private final ColumnPredicate predicate;
    private final int columnIndex;
    private final Column column;
    private final DataType type;
    private final Op op;

    // Physical literals; one array is used depending on the vector class. Sorted for IN/NOT IN.
    private final long[] longs;
    private final double[] doubles;
    private final long[] his;
    private final long[] los;
    private final byte[][] bytes;

    private BoundPredicate(
            ColumnPredicate predicate,
            int columnIndex,
            Column column,
            long[] longs,
            double[] doubles,
            long[] his,
            long[] los,
            byte[][] bytes) {
        this.predicate = predicate;
        this.columnIndex = columnIndex;
        this.column = column;
        this.type = column.type();
        this.op = predicate.op();
        this.longs = longs;
        this.doubles = doubles;
        this.his = his;
        this.los = los;
        this.bytes = bytes;
    }

    /**
     * Binds {@code p} to its column in {@code schema}. Throws {@link IllegalArgumentException} that
     * names the column and the value when the column does not exist or a literal does not fit the
     * column type (e.g. 300 for TINYINT, 'abc' for INT, 1.005 for DECIMAL(5,2)).
     */
    public static BoundPredicate bind(ColumnPredicate p, TabletSchema schema) {
        int idx = schema.indexOf(p.column());
        if (idx < 0) {
            throw new IllegalArgumentException(
                    "predicate " + p + ": no column named '" + p.column() + "'");
        }
        Column col = schema.column(idx);
        DataType t = col.type();
        int n = p.values().size();
        long[] longs = null;
        double[] doubles = null;
        long[] his = null;
        long[] los = null;
        byte[][] bytes = null;
        ColumnVector scratch = ColumnVector.create(t, Math.max(n, 1));
        FieldType ft = t.fieldType();
        if (ft.isString()) {
            bytes = new byte[n][];
            for (int i = 0; i < n; i++) {
                Object o = p.values().get(i);
                bytes[i] =
                        o instanceof byte[]
                                ? (byte[]) o
                                : o.toString().getBytes(StandardCharsets.UTF_8);
                if (ft == FieldType.CHAR) {
                    bytes[i] = stripZeros(bytes[i]);
                }
            }
            Arrays.sort(bytes, Arrays::compareUnsigned);
        } else {
            for (Object o : p.values()) {
                Object v = o;
                try {
                    if (v instanceof String) {
                        v = TextValues.parse(t, (String) v);
                    }
                    if (ft.isDecimal()) {
                        BigDecimal d =
                                v instanceof BigDecimal
                                        ? (BigDecimal) v
                                        : new BigDecimal(v.toString());
                        if (d.stripTrailingZeros().scale() > t.scale()) {
                            throw new IllegalArgumentException(
                                    "value "
                                            + d.toPlainString()
                                            + " has more fraction digits than "
                                            + t);
                        }
                    }
                    if (ft == FieldType.DATETIMEV2 && v instanceof java.time.LocalDateTime dt) {
                        if (!io.strata.engine.block.Values.truncate(dt, t.scale()).equals(dt)) {
                            throw new IllegalArgumentException(
                                    "value " + dt + " has more fractional second digits than " + t);
                        }
                    }
                    scratch.appendObject(t, v);
                } catch (IllegalArgumentException | ClassCastException | ArithmeticException e) {
                    throw new IllegalArgumentException(
                            "predicate on column '"
                                    + col.name()
                                    + "': literal '"
                                    + o
                                    + "' does not fit "
                                    + t
                                    + ": "
                                    + e.getMessage(),
                            e);
                }
            }
            if (scratch instanceof ByteVector b) {
                longs = new long[n];
                for (int i = 0; i < n; i++) {
                    longs[i] = b.get(i);
                }
            } else if (scratch instanceof ShortVector s) {
                longs = new long[n];
                for (int i = 0; i < n; i++) {
                    longs[i] = s.get(i);
                }
            } else if (scratch instanceof IntVector iv) {
                longs = new long[n];
                for (int i = 0; i < n; i++) {
                    longs[i] = iv.get(i);
                }
            } else if (scratch instanceof LongVector lv) {
                longs = Arrays.copyOf(lv.values(), n);
            } else if (scratch instanceof FloatVector fv) {
                doubles = new double[n];
                for (int i = 0; i < n; i++) {
                    doubles[i] = canon(fv.get(i));
                }
            } else if (scratch instanceof DoubleVector dv) {
                doubles = new double[n];
                for (int i = 0; i < n; i++) {
                    doubles[i] = canon(dv.get(i));
                }
            } else if (scratch instanceof Int128Vector v) {
                // Sort (hi, lo) pairs together.
                Integer[] order = new Integer[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                Arrays.sort(
                        order,
                        (a, b) -> {
                            int c = Long.compare(v.hi(a), v.hi(b));
                            return c != 0 ? c : Long.compareUnsigned(v.lo(a), v.lo(b));
                        });
                his = new long[n];
                los = new long[n];
                for (int i = 0; i < n; i++) {
                    his[i] = v.hi(order[i]);
                    los[i] = v.lo(order[i]);
                }
            }
            if (longs != null) {
                Arrays.sort(longs);
            }
            if (doubles != null) {
                Arrays.sort(doubles); // Arrays.sort puts NaN last, matching our order
            }
        }
        return new BoundPredicate(p, idx, col, longs, doubles, his, los, bytes);
    }

    private static byte[] stripZeros(byte[] b) {
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return n == b.length ? b : Arrays.copyOf(b, n);
    }

    /** −0.0 → +0.0 and every NaN → the canonical NaN, so == and compare agree with our order. */
    private static double canon(double d) {
        return d == 0.0 ? 0.0 : d;
    }

    public ColumnPredicate predicate() {
        return predicate;
    }

    public int columnIndex() {
        return columnIndex;
    }

    public Column column() {
        return column;
    }

    public Op op() {
        return op;
    }

    /**
     * ANDs the predicate into {@code selected[0..n)}: rows already false stay false; a selected row
     * stays true only if its value in {@code v} matches.
     */
    public void filter(ColumnVector v, int n, boolean[] selected) {
        byte[] nulls = v.nullMap();
        if (op == Op.IS_NULL) {
            for (int i = 0; i < n; i++) {
                selected[i] &= nulls != null && nulls[i] != 0;
            }
            return;
        }
        if (nulls != null) {
            for (int i = 0; i < n; i++) {
                selected[i] &= nulls[i] == 0;
            }
        }
        if (op == Op.IS_NOT_NULL) {
            return;
        }
        if (op == Op.IN || op == Op.NOT_IN) {
            filterIn(v, n, selected, op == Op.IN);
            return;
        }
        int[] cmp = new int[n];
        compareAll(v, n, selected, cmp);
        switch (op) {
            case EQ:
                for (int i = 0; i < n; i++) {
                    selected[i] &= cmp[i] == 0;
                }
                break;
            case NE:
                for (int i = 0; i < n; i++) {
                    selected[i] &= cmp[i] != 0;
                }
                break;
            case LT:
                for (int i = 0; i < n; i++) {
                    selected[i] &= cmp[i] < 0;
                }
                break;
            case LE:
                for (int i = 0; i < n; i++) {
                    selected[i] &= cmp[i] <= 0;
                }
                break;
            case GT:
                for (int i = 0; i < n; i++) {
                    selected[i] &= cmp[i] > 0;
                }
                break;
            case GE:
                for (int i = 0; i < n; i++) {
                    selected[i] &= cmp[i] >= 0;
                }
                break;
            default:
                throw new IllegalStateException(op.toString());
        }
    }

    /** cmp[i] = sign(value[i] − literal) for selected rows (others left 0, never read). */
    private void compareAll(ColumnVector v, int n, boolean[] sel, int[] cmp) {
        if (v instanceof ByteVector bv) {
            byte[] a = bv.values();
            long lit = longs[0];
            for (int i = 0; i < n; i++) {
                cmp[i] = Long.compare(a[i], lit);
            }
        } else if (v instanceof ShortVector sv) {
            short[] a = sv.values();
            long lit = longs[0];
            for (int i = 0; i < n; i++) {
                cmp[i] = Long.compare(a[i], lit);
            }
        } else if (v instanceof IntVector iv) {
            int[] a = iv.values();
            long lit = longs[0];
            for (int i = 0; i < n; i++) {
                cmp[i] = Long.compare(a[i], lit);
            }
        } else if (v instanceof LongVector lv) {
            long[] a = lv.values();
            long lit = longs[0];
            for (int i = 0; i < n; i++) {
                cmp[i] = Long.compare(a[i], lit);
            }
        } else if (v instanceof FloatVector fv) {
            float[] a = fv.values();
            double lit = doubles[0];
            for (int i = 0; i < n; i++) {
                cmp[i] = cmpDouble(a[i], lit);
            }
        } else if (v instanceof DoubleVector dv) {
            double[] a = dv.values();
            double lit = doubles[0];
            for (int i = 0; i < n; i++) {
                cmp[i] = cmpDouble(a[i], lit);
            }
        } else if (v instanceof Int128Vector wv) {
            long[] h = wv.hi();
            long[] l = wv.lo();
            long lh = his[0];
            long ll = los[0];
            for (int i = 0; i < n; i++) {
                int c = Long.compare(h[i], lh);
                cmp[i] = c != 0 ? c : Long.compareUnsigned(l[i], ll);
            }
        } else if (v instanceof BytesVector bv) {
            byte[] d = bv.data();
            int[] off = bv.offsets();
            byte[] lit = bytes[0];
            for (int i = 0; i < n; i++) {
                if (sel[i]) {
                    cmp[i] =
                            Integer.signum(
                                    Arrays.compareUnsigned(
                                            d, off[i], off[i + 1], lit, 0, lit.length));
                }
            }
        } else {
            throw new IllegalArgumentException("no predicate support for " + v.getClass());
        }
    }

    /** Doris key order on doubles: −0.0 = +0.0, NaN = NaN and greater than everything else. */
    private static int cmpDouble(double a, double b) {
        if (a < b) {
            return -1;
        }
        if (a > b) {
            return 1;
        }
        if (a == b) {
            return 0;
        }
        boolean an = Double.isNaN(a);
        boolean bn = Double.isNaN(b);
        return an == bn ? 0 : (an ? 1 : -1);
    }

    private void filterIn(ColumnVector v, int n, boolean[] sel, boolean in) {
        if (v instanceof ByteVector bv) {
            byte[] a = bv.values();
            for (int i = 0; i < n; i++) {
                if (sel[i]) {
                    sel[i] = (Arrays.binarySearch(longs, a[i]) >= 0) == in;
                }
            }
        } else if (v instanceof ShortVector sv) {
            short[] a = sv.values();
            for (int i = 0; i < n; i++) {
                if (sel[i]) {
                    sel[i] = (Arrays.binarySearch(longs, a[i]) >= 0) == in;
                }
            }
        } else if (v instanceof IntVector iv) {
            int[] a = iv.values();
            for (int i = 0; i < n; i++) {
                if (sel[i]) {
                    sel[i] = (Arrays.binarySearch(longs, a[i]) >= 0) == in;
                }
            }
        } else if (v instanceof LongVector lv) {
            long[] a = lv.values();
            for (int i = 0; i < n; i++) {
                if (sel[i]) {
                    sel[i] = (Arrays.binarySearch(longs, a[i]) >= 0) == in;
                }
            }
        } else if (v instanceof FloatVector fv) {
            float[] a = fv.values();
            for (int i = 0; i < n; i++) {
                if (sel[i]) {
                    sel[i] = (Arrays.binarySearch(doubles, canon(a[i])) >= 0) == in;
                }
            }
        } else if (v instanceof DoubleVector dv) {
            double[] a = dv.values();
            for (int i = 0; i < n; i++) {
                if (sel[i]) {
                    sel[i] = (Arrays.binarySearch(doubles, canon(a[i])) >= 0) == in;
                }
            }
        } else if (v instanceof Int128Vector wv) {
            for (int i = 0; i < n; i++) {
                if (sel[i]) {
                    boolean found = false;
                    for (int k = 0; k < his.length && !found; k++) {
                        found = his[k] == wv.hi(i) && los[k] == wv.lo(i);
                    }
                    sel[i] = found == in;
                }
            }
        } else if (v instanceof BytesVector bv) {
            byte[] d = bv.data();
            int[] off = bv.offsets();
            for (int i = 0; i < n; i++) {
                if (sel[i]) {
                    int lo = 0;
                    int hi = bytes.length - 1;
                    boolean found = false;
                    while (lo <= hi) {
                        int mid = (lo + hi) >>> 1;
                        byte[] m = bytes[mid];
                        int c = Arrays.compareUnsigned(m, 0, m.length, d, off[i], off[i + 1]);
                        if (c == 0) {
                            found = true;
                            break;
                        } else if (c < 0) {
                            lo = mid + 1;
                        } else {
                            hi = mid - 1;
                        }
                    }
                    sel[i] = found == in;
                }
            }
        } else {
            throw new IllegalArgumentException("no predicate support for " + v.getClass());
        }
    }

    @Override
    public String toString() {
        return predicate.toString();
    }
}
