package io.strata.engine.tablet;

import io.strata.engine.block.Block;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.read.BoundPredicate;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.read.PredicateEvaluator;
import io.strata.engine.schema.TabletSchema;

import java.util.List;

/**
 * A conjunction of {@link ColumnPredicate}s bound to a schema, evaluated on blocks whose columns
 * are a subset of the schema in any order. Delegates to the segment reader's {@link
 * PredicateEvaluator}, so DELETE predicates, post-merge filters and pushed-down segment filters
 * share one semantics (SQL NULLs: only IS NULL matches a NULL row). Immutable; thread-safe.
 */
public final class RowFilter {
    private final PredicateEvaluator evaluator;
    private final int[] columns;
    private final int numSchemaColumns;

    private RowFilter(PredicateEvaluator evaluator, int numSchemaColumns) {
        this.evaluator = evaluator;
        this.numSchemaColumns = numSchemaColumns;
        List<BoundPredicate> ps = evaluator.predicates();
        this.columns = new int[ps.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = ps.get(i).columnIndex();
        }
    }

    /** Binds predicates (AND) to {@code schema}; a bad column or literal is an error naming it. */
    public static RowFilter bind(TabletSchema schema, List<ColumnPredicate> predicates) {
        return new RowFilter(PredicateEvaluator.of(predicates, schema), schema.numColumns());
    }

    public boolean isEmpty() {
        return evaluator.isEmpty();
    }

    /** Schema indexes of the columns the filter reads. */
    public int[] columns() {
        return columns.clone();
    }

    /**
     * Evaluates rows {@code [0, n)} of {@code b}; {@code pos[schemaIndex]} is the block position of
     * a schema column. {@code out[i]} becomes true when row i satisfies every predicate.
     */
    public void evaluate(Block b, int[] pos, int n, boolean[] out) {
        ColumnVector[] bySchema = new ColumnVector[numSchemaColumns];
        for (int c : columns) {
            bySchema[c] = b.vector(pos[c]);
        }
        evaluator.evaluate(bySchema, n, out);
    }
}
