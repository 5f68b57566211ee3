package io.strata.engine.schema;

/**
 * Aggregate function of a value column (Doris {@code ColumnPB.aggregation}); NONE for keys and DUP
 * values.
 */
public enum AggregationType {
    NONE,
    SUM,
    MIN,
    MAX,
    REPLACE,
    REPLACE_IF_NOT_NULL
}
