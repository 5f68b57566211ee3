package io.strata.engine.tablet;

import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.proto.olap.DeletePredicatePB;
import io.strata.proto.olap.DeleteSubPredicatePB;
import io.strata.proto.olap.InPredicatePB;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Doris DELETE predicates ({@code DeletePredicatePB}): conditions are stored as {@code
 * sub_predicates_v2} (column unique id, name, op, literal text) with Doris's op spellings ({@code =
 * != << >> <= >= IS}; {@code <<}/{@code >>} mean {@code <}/{@code >}) plus the legacy text form,
 * and IN / NOT IN as {@code in_predicates}. A row is deleted when it satisfies all conditions.
 */
public final class DeletePredicates {
    private DeletePredicates() {}

    /**
     * Checks predicates for a DELETE on {@code schema}: columns exist, literals convert, and
     * UNIQUE/AGG tables only use key columns (as Doris requires: a value-column delete could expose
     * an older row of the key).
     */
    public static void validate(TabletSchema schema, List<ColumnPredicate> where) {
        if (where.isEmpty()) {
            throw new IllegalArgumentException("DELETE needs at least one condition");
        }
        for (ColumnPredicate p : where) {
            int c = schema.indexOf(p.column());
            if (c < 0) {
                throw new IllegalArgumentException(
                        "DELETE condition " + p + ": no column named '" + p.column() + "'");
            }
            Column col = schema.column(c);
            if (schema.keysType() != KeysType.DUP_KEYS && !col.isKey()) {
                throw new IllegalArgumentException(
                        "DELETE condition on '"
                                + col.name()
                                + "': a "
                                + schema.keysType()
                                + " table accepts conditions on key columns only");
            }
        }
        RowFilter.bind(schema, where); // converts every literal, errors name the column
    }

    public static DeletePredicatePB toProto(
            TabletSchema schema, List<ColumnPredicate> where, int version) {
        DeletePredicatePB.Builder b = DeletePredicatePB.newBuilder().setVersion(version);
        for (ColumnPredicate p : where) {
            Column col = schema.column(schema.indexOf(p.column()));
            switch (p.op()) {
                case IN:
                case NOT_IN:
                    {
                        InPredicatePB.Builder in =
                                InPredicatePB.newBuilder()
                                        .setColumnName(col.name())
                                        .setColumnUniqueId(col.uniqueId())
                                        .setIsNotIn(p.op() == ColumnPredicate.Op.NOT_IN);
                        for (Object v : p.values()) {
                            in.addValues(text(col, v));
                        }
                        b.addInPredicates(in);
                        break;
                    }
                default:
                    {
                        String op = dorisOp(p.op());
                        String value =
                                p.op() == ColumnPredicate.Op.IS_NULL
                                        ? "NULL"
                                        : p.op() == ColumnPredicate.Op.IS_NOT_NULL
                                                ? "NOT NULL"
                                                : text(col, p.value());
                        b.addSubPredicatesV2(
                                DeleteSubPredicatePB.newBuilder()
                                        .setColumnUniqueId(col.uniqueId())
                                        .setColumnName(col.name())
                                        .setOp(op)
                                        .setCondValue(value));
                        b.addSubPredicates(col.name() + op + value);
                    }
            }
        }
        return b.build();
    }

    private static String text(Column col, Object v) {
        Object o = v instanceof String s ? LiteralText.parse(col.type(), s) : v;
        return LiteralText.format(col.type(), o);
    }

    private static String dorisOp(ColumnPredicate.Op op) {
        switch (op) {
            case EQ:
                return "=";
            case NE:
                return "!=";
            case LT:
                return "<<";
            case GT:
                return ">>";
            case LE:
                return "<=";
            case GE:
                return ">=";
            case IS_NULL:
            case IS_NOT_NULL:
                return " IS ";
            default:
                throw new IllegalArgumentException(op.toString());
        }
    }

    /** The predicates of a stored delete (column names resolved by unique id when possible). */
    public static List<ColumnPredicate> fromProto(TabletSchema schema, DeletePredicatePB pb)
            throws IOException {
        List<ColumnPredicate> out = new ArrayList<>();
        for (DeleteSubPredicatePB s : pb.getSubPredicatesV2List()) {
            Column col = resolve(schema, s.getColumnUniqueId(), s.getColumnName());
            String op = s.getOp().trim();
            if (op.equals("IS")) {
                out.add(
                        s.getCondValue().trim().equalsIgnoreCase("NULL")
                                ? ColumnPredicate.isNull(col.name())
                                : ColumnPredicate.isNotNull(col.name()));
                continue;
            }
            ColumnPredicate.Op o;
            switch (op) {
                case "=":
                    o = ColumnPredicate.Op.EQ;
                    break;
                case "!=":
                    o = ColumnPredicate.Op.NE;
                    break;
                case "<<":
                    o = ColumnPredicate.Op.LT;
                    break;
                case ">>":
                    o = ColumnPredicate.Op.GT;
                    break;
                case "<=":
                    o = ColumnPredicate.Op.LE;
                    break;
                case ">=":
                    o = ColumnPredicate.Op.GE;
                    break;
                default:
                    throw new IOException("unknown delete predicate op '" + op + "'");
            }
            out.add(ColumnPredicate.of(col.name(), o, parse(col, s.getCondValue())));
        }
        for (InPredicatePB in : pb.getInPredicatesList()) {
            Column col = resolve(schema, in.getColumnUniqueId(), in.getColumnName());
            List<Object> vals = new ArrayList<>();
            for (String v : in.getValuesList()) {
                vals.add(parse(col, v));
            }
            out.add(
                    in.getIsNotIn()
                            ? ColumnPredicate.notIn(col.name(), vals)
                            : ColumnPredicate.in(col.name(), vals));
        }
        return out;
    }

    private static Object parse(Column col, String text) throws IOException {
        try {
            return LiteralText.parse(col.type(), text);
        } catch (IllegalArgumentException e) {
            throw new IOException("delete predicate on '" + col.name() + "': " + e.getMessage(), e);
        }
    }

    private static Column resolve(TabletSchema schema, int uniqueId, String name)
            throws IOException {
        for (Column c : schema.columns()) {
            if (c.uniqueId() == uniqueId) {
                return c;
            }
        }
        int i = schema.indexOf(name);
        if (i < 0) {
            throw new IOException("delete predicate names unknown column '" + name + "'");
        }
        return schema.column(i);
    }
}
