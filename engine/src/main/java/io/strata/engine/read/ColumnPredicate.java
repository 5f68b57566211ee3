package io.strata.engine.read;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A predicate on one column: {@code column op value(s)}. Values are external Java objects of the
 * column's type (see {@link io.strata.engine.schema.DataType}). A list of predicates means their
 * AND. Immutable.
 *
 * <p>NULL semantics follow SQL: comparisons, IN and NOT IN never match a NULL row; only IS NULL
 * does.
 */
public final class ColumnPredicate {
    /** Operators. Doris delete-predicate text uses {@code = != << >> <= >=} and {@code IS}. */
    public enum Op {
        EQ("="),
        NE("!="),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">="),
        IN("IN"),
        NOT_IN("NOT IN"),
        IS_NULL("IS NULL"),
        IS_NOT_NULL("IS NOT NULL");

        public final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    private final String column;
    private final Op op;
    private final List<Object> values;

    private ColumnPredicate(String column, Op op, List<Object> values) {
        this.column = Objects.requireNonNull(column);
        this.op = Objects.requireNonNull(op);
        this.values = values;
        for (Object v : values) {
            if (v == null) {
                throw new IllegalArgumentException(
                        "predicate on '" + column + "': NULL literal; use IS NULL");
            }
        }
    }

    public static ColumnPredicate of(String column, Op op, Object value) {
        if (op == Op.IN || op == Op.NOT_IN || op == Op.IS_NULL || op == Op.IS_NOT_NULL) {
            throw new IllegalArgumentException(op + " does not take a single value");
        }
        return new ColumnPredicate(column, op, List.of(value));
    }

    public static ColumnPredicate eq(String column, Object value) {
        return of(column, Op.EQ, value);
    }

    public static ColumnPredicate in(String column, List<?> values) {
        return new ColumnPredicate(column, Op.IN, List.copyOf(values));
    }

    public static ColumnPredicate notIn(String column, List<?> values) {
        return new ColumnPredicate(column, Op.NOT_IN, List.copyOf(values));
    }

    public static ColumnPredicate isNull(String column) {
        return new ColumnPredicate(column, Op.IS_NULL, Collections.emptyList());
    }

    public static ColumnPredicate isNotNull(String column) {
        return new ColumnPredicate(column, Op.IS_NOT_NULL, Collections.emptyList());
    }

    public String column() {
        return column;
    }

    public Op op() {
        return op;
    }

    /** The literal values: one for comparisons, several for IN/NOT IN, none for IS [NOT] NULL. */
    public List<Object> values() {
        return values;
    }

    public Object value() {
        return values.get(0);
    }

    @Override
    public String toString() {
        switch (op) {
            case IS_NULL:
            case IS_NOT_NULL:
                return column + " " + op.symbol;
            case IN:
            case NOT_IN:
                return column + " " + op.symbol + " " + values;
            default:
                return column + " " + op.symbol + " " + values.get(0);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ColumnPredicate)) {
            return false;
        }
        ColumnPredicate p = (ColumnPredicate) o;
        return column.equals(p.column) && op == p.op && values.equals(p.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(column, op, values);
    }
}
