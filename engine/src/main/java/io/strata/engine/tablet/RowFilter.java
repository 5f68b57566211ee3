package io.strata.engine.tablet;

import io.strata.engine.block.Block;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.TabletSchema;

import java.util.List;

/**
 * A conjunction of {@link ColumnPredicate}s bound to a schema: literals are converted once into
 * one-row vectors of the column type (a bad literal is an error naming the column), then rows are
 * compared with the vectors' typed comparison; no objects per row. SQL NULL semantics: only IS NULL
 * matches a NULL row.
 */
public final class RowFilter {
    private final Bound[] preds;

    private record Bound(int column, ColumnPredicate.Op op, ColumnVector literals) {}

    private RowFilter(Bound[] preds) {
        this.preds = preds;
    }

    /** Binds predicates (AND) to {@code schema}. */
    public static RowFilter bind(TabletSchema schema, List<ColumnPredicate> predicates) {
        Bound[] b = new Bound[predicates.size()];
        for (int i = 0; i < b.length; i++) {
            ColumnPredicate p = predicates.get(i);
            int c = schema.indexOf(p.column());
            if (c < 0) {
                throw new IllegalArgumentException(
                        "predicate " + p + ": no column named '" + p.column() + "'");
            }
            Column col = schema.column(c);
            ColumnVector lits = ColumnVector.create(col.type(), Math.max(1, p.values().size()));
            for (Object v : p.values()) {
                try {
                    lits.appendObject(
                            col.type(),
                            v instanceof String s ? LiteralText.parse(col.type(), s) : v);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(
                            "predicate on column '"
                                    + col.name()
                                    + "': value '"
                                    + v
                                    + "' is not a valid "
                                    + col.type()
                                    + ": "
                                    + e.getMessage(),
                            e);
                }
            }
            b[i] = new Bound(c, p.op(), lits);
        }
        return new RowFilter(b);
    }

    public boolean isEmpty() {
        return preds.length == 0;
    }

    /** Schema indexes of the columns the filter reads. */
    public int[] columns() {
        int[] out = new int[preds.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = preds[i].column;
        }
        return out;
    }

    /**
     * Evaluates rows {@code [0, n)} of {@code b}; {@code pos[schemaIndex]} is the block position of
     * a schema column. {@code out[i]} becomes true when row i satisfies every predicate.
     */
    public void evaluate(Block b, int[] pos, int n, boolean[] out) {
        java.util.Arrays.fill(out, 0, n, true);
        for (Bound p : preds) {
            ColumnVector v = b.vector(pos[p.column]);
            ColumnVector lit = p.literals;
            switch (p.op) {
                case IS_NULL:
                    for (int i = 0; i < n; i++) {
                        out[i] &= v.isNull(i);
                    }
                    break;
                case IS_NOT_NULL:
                    for (int i = 0; i < n; i++) {
                        out[i] &= !v.isNull(i);
                    }
                    break;
                case IN:
                case NOT_IN:
                    {
                        boolean in = p.op == ColumnPredicate.Op.IN;
                        int k = lit.size();
                        for (int i = 0; i < n; i++) {
                            if (!out[i]) {
                                continue;
                            }
                            if (v.isNull(i)) {
                                out[i] = false;
                                continue;
                            }
                            boolean found = false;
                            for (int j = 0; j < k && !found; j++) {
                                found = v.compare(i, lit, j) == 0;
                            }
                            out[i] = found == in;
                        }
                        break;
                    }
                default:
                    for (int i = 0; i < n; i++) {
                        if (!out[i]) {
                            continue;
                        }
                        if (v.isNull(i)) {
                            out[i] = false;
                            continue;
                        }
                        int c = v.compare(i, lit, 0);
                        out[i] = matches(p.op, c);
                    }
            }
        }
    }

    private static boolean matches(ColumnPredicate.Op op, int c) {
        switch (op) {
            case EQ:
                return c == 0;
            case NE:
                return c != 0;
            case LT:
                return c < 0;
            case LE:
                return c <= 0;
            case GT:
                return c > 0;
            case GE:
                return c >= 0;
            default:
                throw new IllegalStateException(op.toString());
        }
    }
}
