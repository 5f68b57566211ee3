package io.strata.engine.segment;

import io.strata.engine.read.ColumnPredicate;

import java.util.List;

/**
 * What a segment scan reads: column indexes of the tablet schema to return (in that order), the
 * predicates (AND) rows must satisfy, the batch size, and the stats sink. Immutable.
 */
public record SegmentReadOptions(
        int[] projection, List<ColumnPredicate> predicates, int batchSize, ReadStats stats) {
    public static final int DEFAULT_BATCH_SIZE = 4096;

    public static SegmentReadOptions all(int numColumns) {
        int[] p = new int[numColumns];
        for (int i = 0; i < numColumns; i++) {
            p[i] = i;
        }
        return new SegmentReadOptions(p, List.of(), DEFAULT_BATCH_SIZE, new ReadStats());
    }
}
