package io.strata.connector.table;

import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;

import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Translates the WHERE clause of {@code DELETE FROM} (Flink's list of conjuncts) into engine {@link
 * ColumnPredicate}s: {@code = != <> < <= > >=} between a column and a literal (either side), {@code
 * IN}/{@code NOT IN} (which the planner hands over as OR / NOT-OR of equalities), {@code IS [NOT]
 * NULL}, and nested AND. Anything else (OR across columns, functions, column vs column) is not
 * translatable: {@link #translate} returns empty and the DELETE is not accepted.
 *
 * <p>As in Doris, a UNIQUE or AGGREGATE table only accepts conditions on key columns: a condition
 * on a value column would hide rows by a value an older version no longer shows.
 */
public final class DeleteFilterTranslator {
    private final TabletSchema schema;
    private final boolean keyColumnsOnly;

    /** A translator for DELETE conditions (UNIQUE/AGG tables: key columns only). */
    public DeleteFilterTranslator(TabletSchema schema) {
        this(schema, true);
    }

    /**
     * {@code keyColumnsOnly = false} accepts value columns of UNIQUE/AGG tables too: right for
     * SELECT filters, which the engine applies to value columns after the merge.
     */
    public DeleteFilterTranslator(TabletSchema schema, boolean keyColumnsOnly) {
        this.schema = schema;
        this.keyColumnsOnly = keyColumnsOnly;
    }

    /** Why the last {@link #translate} call failed (for error messages), or null. */
    private String lastError;

    public String lastError() {
        return lastError;
    }

    /** The predicates (AND of all), or empty when some filter is not translatable. */
    public Optional<List<ColumnPredicate>> translate(List<ResolvedExpression> filters) {
        lastError = null;
        List<ColumnPredicate> out = new ArrayList<>();
        for (ResolvedExpression f : filters) {
            if (!add(f, out)) {
                if (lastError == null) {
                    lastError = "unsupported condition " + f.asSummaryString();
                }
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    private boolean add(ResolvedExpression e, List<ColumnPredicate> out) {
        if (!(e instanceof CallExpression)) {
            return false;
        }
        CallExpression call = (CallExpression) e;
        FunctionDefinition fn = call.getFunctionDefinition();
        List<ResolvedExpression> args = call.getResolvedChildren();
        if (fn == BuiltInFunctionDefinitions.AND) {
            for (ResolvedExpression a : args) {
                if (!add(a, out)) {
                    return false;
                }
            }
            return true;
        }
        if (fn == BuiltInFunctionDefinitions.IS_NULL
                || fn == BuiltInFunctionDefinitions.IS_NOT_NULL) {
            Column c = column(args.get(0));
            if (c == null) {
                return false;
            }
            out.add(
                    fn == BuiltInFunctionDefinitions.IS_NULL
                            ? ColumnPredicate.isNull(c.name())
                            : ColumnPredicate.isNotNull(c.name()));
            return true;
        }
        if (fn == BuiltInFunctionDefinitions.OR) {
            // x = a OR x = b ... → x IN (a, b, ...)
            List<Object> values = new ArrayList<>();
            Column c = inList(call, values);
            if (c == null) {
                return false;
            }
            out.add(ColumnPredicate.in(c.name(), values));
            return true;
        }
        if (fn == BuiltInFunctionDefinitions.NOT) {
            ResolvedExpression inner = args.get(0);
            if (inner instanceof CallExpression) {
                CallExpression ic = (CallExpression) inner;
                if (ic.getFunctionDefinition() == BuiltInFunctionDefinitions.OR
                        || ic.getFunctionDefinition() == BuiltInFunctionDefinitions.EQUALS) {
                    List<Object> values = new ArrayList<>();
                    Column c = inList(ic, values);
                    if (c == null) {
                        return false;
                    }
                    out.add(
                            values.size() == 1
                                    ? ColumnPredicate.of(
                                            c.name(), ColumnPredicate.Op.NE, values.get(0))
                                    : ColumnPredicate.notIn(c.name(), values));
                    return true;
                }
                if (ic.getFunctionDefinition() == BuiltInFunctionDefinitions.IS_NULL) {
                    Column c = column(ic.getResolvedChildren().get(0));
                    if (c == null) {
                        return false;
                    }
                    out.add(ColumnPredicate.isNotNull(c.name()));
                    return true;
                }
            }
            return false;
        }
        ColumnPredicate.Op op = comparison(fn);
        if (op == null || args.size() != 2) {
            return false;
        }
        ResolvedExpression lo = args.get(0);
        ResolvedExpression ro = args.get(1);
        ResolvedExpression l = stripCast(lo);
        ResolvedExpression r = stripCast(ro);
        if (l instanceof ValueLiteralExpression && r instanceof FieldReferenceExpression) {
            ResolvedExpression t = l;
            l = r;
            r = t;
            ro = lo;
            op = flip(op);
        }
        if (!(l instanceof FieldReferenceExpression) || !(r instanceof ValueLiteralExpression)) {
            return false;
        }
        Column c = column(l);
        if (c == null) {
            return false;
        }
        Object v = literal(c, (ValueLiteralExpression) r, ro);
        if (v == null) {
            return false;
        }
        out.add(ColumnPredicate.of(c.name(), op, v));
        return true;
    }

    /** Collects the values of {@code c = v1 OR c = v2 ...} on one column; null if not that. */
    private Column inList(CallExpression call, List<Object> values) {
        Column[] col = new Column[1];
        if (!collectEq(call, col, values)) {
            return null;
        }
        return col[0];
    }

    private boolean collectEq(ResolvedExpression e, Column[] col, List<Object> values) {
        if (!(e instanceof CallExpression)) {
            return false;
        }
        CallExpression call = (CallExpression) e;
        FunctionDefinition fn = call.getFunctionDefinition();
        if (fn == BuiltInFunctionDefinitions.OR) {
            for (ResolvedExpression a : call.getResolvedChildren()) {
                if (!collectEq(a, col, values)) {
                    return false;
                }
            }
            return true;
        }
        if (fn != BuiltInFunctionDefinitions.EQUALS) {
            return false;
        }
        ResolvedExpression ro = call.getResolvedChildren().get(1);
        ResolvedExpression l = stripCast(call.getResolvedChildren().get(0));
        ResolvedExpression r = stripCast(ro);
        if (l instanceof ValueLiteralExpression) {
            ResolvedExpression t = l;
            l = r;
            r = t;
            ro = call.getResolvedChildren().get(0);
        }
        if (!(l instanceof FieldReferenceExpression) || !(r instanceof ValueLiteralExpression)) {
            return false;
        }
        Column c = column(l);
        if (c == null || (col[0] != null && col[0] != c)) {
            if (c != null) {
                lastError = "OR across different columns is not supported";
            }
            return false;
        }
        col[0] = c;
        Object v = literal(c, (ValueLiteralExpression) r, ro);
        if (v == null) {
            return false;
        }
        values.add(v);
        return true;
    }

    /**
     * Removes a CAST that does not change the value being compared: around a literal (its value is
     * converted to the column type below, and a cast to CHAR(n)/VARCHAR(n) is applied there from
     * the original expression's type, see {@link #literal}), or around a string column cast to a
     * string type that holds every value unchanged (the planner compares a CHAR(n) column with a
     * shorter literal as {@code CAST(c AS VARCHAR(n))}, and Flink keeps the CHAR's padding).
     */
    private ResolvedExpression stripCast(ResolvedExpression e) {
        if (e instanceof CallExpression) {
            CallExpression c = (CallExpression) e;
            if ((c.getFunctionDefinition() == BuiltInFunctionDefinitions.CAST
                    || c.getFunctionDefinition() == BuiltInFunctionDefinitions.TRY_CAST)) {
                ResolvedExpression inner = c.getResolvedChildren().get(0);
                if (inner instanceof ValueLiteralExpression) {
                    return inner;
                }
                if (inner instanceof FieldReferenceExpression
                        && keepsStringValue(
                                inner.getOutputDataType().getLogicalType(),
                                c.getOutputDataType().getLogicalType())) {
                    return inner;
                }
            }
        }
        return e;
    }

    /** A cast from {@code from} to {@code to} leaves every string value as it is. */
    private static boolean keepsStringValue(LogicalType from, LogicalType to) {
        int fromLen;
        if (from instanceof CharType) {
            fromLen = ((CharType) from).getLength();
        } else if (from instanceof VarCharType) {
            fromLen = ((VarCharType) from).getLength();
        } else {
            return false;
        }
        if (to instanceof VarCharType) {
            return ((VarCharType) to).getLength() >= fromLen;
        }
        // CHAR(n) to CHAR(n) only: a longer CHAR pads, a VARCHAR to CHAR pads too.
        return to instanceof CharType
                && from instanceof CharType
                && ((CharType) to).getLength() == fromLen;
    }

    /**
     * A string literal as Flink evaluates it with its (possibly CAST) type {@code typed}: a cast to
     * CHAR(k)/VARCHAR(k) truncates to k characters, and a CHAR(k) value is padded with spaces to k
     * and, compared with a CHAR(n) column ({@code charColumnLength} n, else 0), to n: CHAR against
     * CHAR compares with PAD SPACE, and Flink stores CHAR(n) column values space-padded. (Flink
     * hands {@code c IN (CAST('ab' AS CHAR(5)))} over as the CHAR(2) literal {@code 'ab'} compared
     * with the CHAR(5) column, yet matches {@code 'ab '}; a shorter literal that is not CHAR comes
     * as VARCHAR and stays as it is.)
     */
    private static String typedString(String v, ResolvedExpression typed, int charColumnLength) {
        LogicalType t = typed.getOutputDataType().getLogicalType();
        int k;
        boolean isChar;
        if (t instanceof CharType) {
            k = ((CharType) t).getLength();
            isChar = true;
        } else if (t instanceof VarCharType) {
            k = ((VarCharType) t).getLength();
            isChar = false;
        } else {
            return v;
        }
        int len = v.codePointCount(0, v.length());
        if (len > k) {
            v = v.substring(0, v.offsetByCodePoints(0, k));
            len = k;
        }
        int padTo = isChar ? Math.max(k, charColumnLength) : 0;
        return len < padTo ? v + " ".repeat(padTo - len) : v;
    }

    private Column column(ResolvedExpression e) {
        if (!(e instanceof FieldReferenceExpression)) {
            return null;
        }
        String name = ((FieldReferenceExpression) e).getName();
        int i = schema.indexOf(name);
        if (i < 0) {
            return null;
        }
        Column c = schema.column(i);
        if (!c.visible() || c.isDeleteSign()) {
            return null;
        }
        if (keyColumnsOnly && schema.keysType() != KeysType.DUP_KEYS && !c.isKey()) {
            lastError =
                    "column '"
                            + name
                            + "' is a value column; DELETE on a "
                            + schema.keysType()
                            + " table accepts conditions on key columns only";
            return null;
        }
        return c;
    }

    /**
     * The literal as the column's external Java type, or null when it does not convert exactly;
     * {@code typed} is the literal as it appeared (maybe inside a CAST), whose type applies.
     */
    private Object literal(Column c, ValueLiteralExpression lit, ResolvedExpression typed) {
        if (lit.isNull()) {
            lastError = "comparison with NULL on column '" + c.name() + "'; use IS NULL";
            return null;
        }
        DataType t = c.type();
        try {
            switch (t.fieldType()) {
                case BOOLEAN:
                    return lit.getValueAs(Boolean.class).orElse(null);
                case TINYINT:
                    return integral(lit).map(BigDecimal::byteValueExact).orElse(null);
                case SMALLINT:
                    return integral(lit).map(BigDecimal::shortValueExact).orElse(null);
                case INT:
                    return integral(lit).map(BigDecimal::intValueExact).orElse(null);
                case BIGINT:
                    return integral(lit).map(BigDecimal::longValueExact).orElse(null);
                case FLOAT:
                    return number(lit).map(BigDecimal::floatValue).orElse(null);
                case DOUBLE:
                    return number(lit).map(BigDecimal::doubleValue).orElse(null);
                case DECIMAL32:
                case DECIMAL64:
                case DECIMAL128I:
                    return number(lit).map(d -> d.setScale(t.scale())).orElse(null);
                case DATEV2:
                    {
                        Optional<LocalDate> d = lit.getValueAs(LocalDate.class);
                        if (d.isEmpty()) {
                            d = lit.getValueAs(String.class).map(s -> LocalDate.parse(s.trim()));
                        }
                        return d.orElse(null);
                    }
                case DATETIMEV2:
                    {
                        Optional<LocalDateTime> d = lit.getValueAs(LocalDateTime.class);
                        if (d.isEmpty()) {
                            d =
                                    lit.getValueAs(String.class)
                                            .map(
                                                    s ->
                                                            LocalDateTime.parse(
                                                                    s.trim().replace(' ', 'T')));
                        }
                        return d.orElse(null);
                    }
                case CHAR:
                    return lit.getValueAs(String.class)
                            .map(v -> typedString(v, typed, t.length()))
                            .orElse(null);
                case VARCHAR:
                case STRING:
                    return lit.getValueAs(String.class)
                            .map(v -> typedString(v, typed, 0))
                            .orElse(null);
                default:
                    return null;
            }
        } catch (ArithmeticException | java.time.format.DateTimeParseException e) {
            lastError =
                    "literal "
                            + lit.asSummaryString()
                            + " does not fit column '"
                            + c.name()
                            + "' of type "
                            + t;
            return null;
        }
    }

    private static Optional<BigDecimal> number(ValueLiteralExpression lit) {
        Optional<BigDecimal> d = lit.getValueAs(BigDecimal.class);
        if (d.isPresent()) {
            return d;
        }
        Optional<Number> n = lit.getValueAs(Number.class);
        if (n.isPresent()) {
            Number x = n.get();
            if (x instanceof Double || x instanceof Float) {
                return Optional.of(BigDecimal.valueOf(x.doubleValue()));
            }
            return Optional.of(new BigDecimal(x.toString()));
        }
        return lit.getValueAs(String.class).map(s -> new BigDecimal(s.trim()));
    }

    private static Optional<BigDecimal> integral(ValueLiteralExpression lit) {
        // toBigIntegerExact rejects 2.5 for an INT column instead of silently truncating.
        return number(lit).map(d -> new BigDecimal(d.toBigIntegerExact()));
    }

    private static ColumnPredicate.Op comparison(FunctionDefinition fn) {
        if (fn == BuiltInFunctionDefinitions.EQUALS) {
            return ColumnPredicate.Op.EQ;
        }
        if (fn == BuiltInFunctionDefinitions.NOT_EQUALS) {
            return ColumnPredicate.Op.NE;
        }
        if (fn == BuiltInFunctionDefinitions.LESS_THAN) {
            return ColumnPredicate.Op.LT;
        }
        if (fn == BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL) {
            return ColumnPredicate.Op.LE;
        }
        if (fn == BuiltInFunctionDefinitions.GREATER_THAN) {
            return ColumnPredicate.Op.GT;
        }
        if (fn == BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL) {
            return ColumnPredicate.Op.GE;
        }
        return null;
    }

    private static ColumnPredicate.Op flip(ColumnPredicate.Op op) {
        switch (op) {
            case LT:
                return ColumnPredicate.Op.GT;
            case LE:
                return ColumnPredicate.Op.GE;
            case GT:
                return ColumnPredicate.Op.LT;
            case GE:
                return ColumnPredicate.Op.LE;
            default:
                return op;
        }
    }
}
