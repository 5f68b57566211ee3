package io.strata.engine.read;

import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.TabletSchema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Binds a conjunction of {@link ColumnPredicate}s to a schema and evaluates it on decoded column
 * vectors into a selection vector. Used by segment scans (exact filtering after index pruning) and
 * by the write path for DELETE predicates. Immutable once built; thread-safe.
 */
public final class PredicateEvaluator {
    private final BoundPredicate[] predicates;

    private PredicateEvaluator(BoundPredicate[] predicates) {
        this.predicates = predicates;
    }

    /** Binds one predicate (see {@link BoundPredicate#bind}). */
    public static BoundPredicate bind(ColumnPredicate p, TabletSchema schema) {
        return BoundPredicate.bind(p, schema);
    }

    /** Binds the AND of {@code ps}; errors name the column and the value. */
    public static PredicateEvaluator of(List<ColumnPredicate> ps, TabletSchema schema) {
        List<BoundPredicate> b = new ArrayList<>(ps.size());
        for (ColumnPredicate p : ps) {
            b.add(BoundPredicate.bind(p, schema));
        }
        return new PredicateEvaluator(b.toArray(new BoundPredicate[0]));
    }

    public List<BoundPredicate> predicates() {
        return Arrays.asList(predicates);
    }

    public boolean isEmpty() {
        return predicates.length == 0;
    }

    /**
     * Evaluates the AND on rows {@code [0, n)}; {@code vectors[i]} holds the column of schema index
     * i (only the predicates' columns are read). Sets {@code selected} and returns the count.
     */
    public int evaluate(ColumnVector[] vectors, int n, boolean[] selected) {
        Arrays.fill(selected, 0, n, true);
        for (BoundPredicate p : predicates) {
            p.filter(vectors[p.columnIndex()], n, selected);
        }
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (selected[i]) {
                c++;
            }
        }
        return c;
    }
}
