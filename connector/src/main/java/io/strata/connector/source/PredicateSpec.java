package io.strata.connector.source;

import io.strata.engine.read.ColumnPredicate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A serializable form of an engine {@link ColumnPredicate} (values are the column's external Java
 * objects, all serializable), so predicates travel with the source to the task managers.
 */
public record PredicateSpec(String column, ColumnPredicate.Op op, List<Object> values)
        implements Serializable {
    public PredicateSpec {
        values = List.copyOf(values); // immutable and serializable
    }

    public static PredicateSpec of(ColumnPredicate p) {
        return new PredicateSpec(p.column(), p.op(), p.values());
    }

    public ColumnPredicate toPredicate() {
        switch (op) {
            case IN:
                return ColumnPredicate.in(column, values);
            case NOT_IN:
                return ColumnPredicate.notIn(column, values);
            case IS_NULL:
                return ColumnPredicate.isNull(column);
            case IS_NOT_NULL:
                return ColumnPredicate.isNotNull(column);
            default:
                return ColumnPredicate.of(column, op, values.get(0));
        }
    }

    public static List<ColumnPredicate> toPredicates(List<PredicateSpec> specs) {
        List<ColumnPredicate> out = new ArrayList<>(specs.size());
        for (PredicateSpec s : specs) {
            out.add(s.toPredicate());
        }
        return out;
    }

    @Override
    public String toString() {
        return toPredicate().toString();
    }
}
