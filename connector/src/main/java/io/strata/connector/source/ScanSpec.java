package io.strata.connector.source;

import org.apache.flink.table.types.logical.RowType;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a Strata source reads: table path, version (-1 = latest when the job plans its splits),
 * projected columns (storage names, in output order), pushed predicates (AND), a row limit (-1 =
 * none), the partitions left after pruning (null = all), the produced Flink row type and the DUP
 * split size. Immutable and serializable (shipped to the enumerator and the readers).
 */
public record ScanSpec(
        String tablePath,
        long version,
        List<String> columns,
        List<PredicateSpec> predicates,
        long limit,
        List<Map<String, String>> partitions,
        RowType rowType,
        long splitTargetRows,
        int batchSize)
        implements Serializable {
    public ScanSpec {
        columns = List.copyOf(columns);
        predicates = List.copyOf(predicates);
        partitions = partitions == null ? null : List.copyOf(partitions);
        if (columns.size() != rowType.getFieldCount()) {
            throw new IllegalArgumentException(
                    "row type " + rowType + " does not match columns " + columns);
        }
    }
}
