package io.strata.connector.table;

import io.strata.connector.StrataSource;
import io.strata.connector.source.PredicateSpec;
import io.strata.connector.source.ScanSpec;
import io.strata.connector.source.SplitPlanner;
import io.strata.engine.io.FileIO;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.SegmentReadOptions;
import io.strata.engine.table.Table;

import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.abilities.SupportsFilterPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsLimitPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsPartitionPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL read side of the {@code strata} connector: a bounded scan of a Strata table at one
 * version ({@code scan.version}, default the latest when the query starts) through {@link
 * StrataSource}. UNIQUE/AGG tables show merged rows; deleted rows stay hidden.
 *
 * <p>Push-downs: projection; filters ({@code = <> < <= > >= IN, IS [NOT] NULL}, AND, column vs
 * literal) become engine predicates that prune segments and pages by zone map, bloom filter and
 * short-key index; other filters stay with Flink (so do CHAR conditions; FLOAT/DOUBLE ones are
 * pushed and re-checked by Flink). On UNIQUE/AGG tables the engine applies value-column predicates
 * after the key merge (so an old version never resurfaces). LIMIT stops each reader early (Flink
 * keeps its own limit operator). Partitions listed from the table's metadata are pruned before
 * splits are planned.
 */
public final class StrataDynamicTableSource
        implements ScanTableSource,
                SupportsProjectionPushDown,
                SupportsFilterPushDown,
                SupportsLimitPushDown,
                SupportsPartitionPushDown {
    private final String tableName;
    private final String path;
    private final long version;
    private final long splitRows;
    private DataType producedType;
    private List<ColumnPredicate> predicates = new ArrayList<>();
    private long limit = -1;
    private List<Map<String, String>> partitions;

    public StrataDynamicTableSource(String tableName, String path, DataType producedType) {
        this(tableName, path, producedType, -1, StrataSource.DEFAULT_SPLIT_ROWS);
    }

    public StrataDynamicTableSource(
            String tableName, String path, DataType producedType, long version, long splitRows) {
        this.tableName = tableName;
        this.path = path;
        this.producedType = producedType;
        this.version = version;
        this.splitRows = splitRows;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    /** Pushed engine predicates (for tests and EXPLAIN). */
    public List<ColumnPredicate> predicates() {
        return List.copyOf(predicates);
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        RowType rowType = (RowType) producedType.getLogicalType();
        List<PredicateSpec> specs = new ArrayList<>();
        for (ColumnPredicate p : predicates) {
            specs.add(PredicateSpec.of(p));
        }
        ScanSpec spec =
                new ScanSpec(
                        path,
                        version,
                        rowType.getFieldNames(),
                        specs,
                        limit,
                        partitions,
                        rowType,
                        splitRows,
                        SegmentReadOptions.DEFAULT_BATCH_SIZE);
        return SourceProvider.of(new StrataSource(spec));
    }

    @Override
    public boolean supportsNestedProjection() {
        return false;
    }

    @Override
    public void applyProjection(int[][] projectedFields, DataType producedDataType) {
        this.producedType = producedDataType;
    }

    @Override
    public Result applyFilters(List<ResolvedExpression> filters) {
        TabletSchema schema = schema();
        if (schema == null) {
            return Result.of(List.of(), filters);
        }
        DeleteFilterTranslator tr = new DeleteFilterTranslator(schema, false);
        List<ResolvedExpression> accepted = new ArrayList<>();
        List<ResolvedExpression> remaining = new ArrayList<>();
        for (ResolvedExpression f : filters) {
            Optional<List<ColumnPredicate>> p = tr.translate(List.of(f));
            if (p.isPresent() && !onChar(schema, p.get())) {
                predicates.addAll(p.get());
                accepted.add(f);
                if (approximate(schema, p.get())) {
                    // Flink compares FLOAT with a DOUBLE literal after widening; the engine
                    // compares in the column type. The engine filter prunes, Flink decides.
                    remaining.add(f);
                }
            } else {
                remaining.add(f);
            }
        }
        return Result.of(accepted, remaining);
    }

    private static boolean approximate(TabletSchema schema, List<ColumnPredicate> ps) {
        for (ColumnPredicate p : ps) {
            int c = schema.indexOf(p.column());
            FieldType t = c < 0 ? null : schema.column(c).fieldType();
            if (t == FieldType.FLOAT || t == FieldType.DOUBLE) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when a predicate is on a CHAR column: Flink pads CHAR values and literals (a CAST to
     * CHAR(n) pads, a literal may or may not be cast), while the engine compares the stored bytes
     * as they are, so an engine filter could drop rows Flink would keep. Left to Flink.
     */
    private static boolean onChar(TabletSchema schema, List<ColumnPredicate> ps) {
        for (ColumnPredicate p : ps) {
            int c = schema.indexOf(p.column());
            if (c >= 0 && schema.column(c).fieldType() == FieldType.CHAR) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void applyLimit(long n) {
        this.limit = n;
    }

    @Override
    public Optional<List<Map<String, String>>> listPartitions() {
        FileIO io = StrataFileIOs.forPath(path);
        try {
            if (!Table.exists(io, path)) {
                return Optional.of(List.of());
            }
            try (Table t = Table.open(io, path)) {
                long v = version < 0 ? t.latestVersion() : Math.min(version, t.latestVersion());
                return Optional.of(SplitPlanner.partitions(t, v));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot list the partitions of Strata table " + tableName, e);
        }
    }

    @Override
    public void applyPartitions(List<Map<String, String>> remainingPartitions) {
        this.partitions = List.copyOf(remainingPartitions);
    }

    private TabletSchema schema() {
        FileIO io = StrataFileIOs.forPath(path);
        try {
            if (!Table.exists(io, path)) {
                return null;
            }
            try (Table t = Table.open(io, path)) {
                return t.schema();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open Strata table " + tableName, e);
        }
    }

    @Override
    public DynamicTableSource copy() {
        StrataDynamicTableSource c =
                new StrataDynamicTableSource(tableName, path, producedType, version, splitRows);
        c.predicates = new ArrayList<>(predicates);
        c.limit = limit;
        c.partitions = partitions;
        return c;
    }

    @Override
    public String asSummaryString() {
        return "Strata(" + path + ")";
    }
}
