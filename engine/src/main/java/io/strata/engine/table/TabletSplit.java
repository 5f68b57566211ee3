package io.strata.engine.table;

import java.io.Serializable;
import java.util.List;

/**
 * One unit of parallel reading: a tablet at a table version, with the ids of the rowsets visible
 * there (so a reader on another machine opens exactly the same files). Serializable for Flink
 * source splits.
 */
public record TabletSplit(long version, long tabletId, long partitionId, List<String> rowsetIds)
        implements Serializable {
    public TabletSplit {
        rowsetIds = List.copyOf(rowsetIds);
    }
}
