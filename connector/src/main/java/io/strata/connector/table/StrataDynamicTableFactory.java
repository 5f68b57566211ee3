package io.strata.connector.table;

import io.strata.engine.io.FileIO;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.strata.connector.table.StrataConnectorOptions.FIELDS_PREFIX;

/**
 * {@code 'connector' = 'strata'}: creates the {@link StrataDynamicTableSink} of a Strata table (and
 * a bounded {@link StrataDynamicTableSource} to read it). Validates every option (unknown keys fail
 * with the list of valid ones; {@code fields.*} keys are checked by {@link StrataTableLayout}),
 * maps the DDL to a Strata layout and, when the table already exists at {@code path}, checks that
 * the DDL matches it.
 */
public final class StrataDynamicTableFactory
        implements DynamicTableSinkFactory, DynamicTableSourceFactory {
    public static final String IDENTIFIER = "strata";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(StrataConnectorOptions.PATH);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(
                StrataConnectorOptions.TABLE_RETENTION,
                StrataConnectorOptions.SNAPSHOT_TIME_RETAINED,
                StrataConnectorOptions.SINK_PARALLELISM,
                StrataConnectorOptions.SINK_MEMTABLE_SIZE,
                StrataConnectorOptions.SINK_MEMORY_BUDGET,
                StrataConnectorOptions.SINK_FLUSH_THREADS,
                StrataConnectorOptions.SINK_FLUSH_RUNNING_COUNT_LIMIT,
                StrataConnectorOptions.SINK_BUFFER_ROWS,
                StrataConnectorOptions.SINK_STRICT,
                StrataConnectorOptions.SINK_COMPACTION,
                StrataConnectorOptions.SINK_COMPACTION_WAIT_TIMEOUT,
                StrataConnectorOptions.SINK_MAX_FILTER_RATIO,
                StrataConnectorOptions.SINK_IGNORE_DELETE,
                StrataConnectorOptions.TABLE_KEYS_TYPE,
                StrataConnectorOptions.DUPLICATE_KEY,
                StrataConnectorOptions.SEQUENCE_FIELD,
                StrataConnectorOptions.BUCKET,
                StrataConnectorOptions.BUCKET_KEY,
                StrataConnectorOptions.BLOOM_FILTER_COLUMNS,
                StrataConnectorOptions.BITMAP_INDEX_COLUMNS,
                StrataConnectorOptions.COMPRESSION,
                StrataConnectorOptions.COMPRESSION_LEVEL,
                StrataConnectorOptions.STORAGE_PAGE_SIZE,
                StrataConnectorOptions.STORAGE_DICT_PAGE_SIZE,
                StrataConnectorOptions.STORAGE_SIZE_OPTIMIZED,
                StrataConnectorOptions.SCAN_VERSION,
                StrataConnectorOptions.SCAN_SPLIT_ROWS);
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validateExcept(FIELDS_PREFIX, StrataConnectorOptions.COMPACTION_PREFIX);
        ReadableConfig options = helper.getOptions();
        ResolvedCatalogTable table = context.getCatalogTable();
        RowType rowType = (RowType) context.getPhysicalRowDataType().getLogicalType();
        List<String> pk =
                table.getResolvedSchema()
                        .getPrimaryKey()
                        .map(UniqueConstraint::getColumns)
                        .orElse(List.of());
        StrataTableLayout layout =
                StrataTableLayout.derive(
                        rowType,
                        pk,
                        table.getPartitionKeys(),
                        table.getDistribution(),
                        options,
                        table.getOptions());
        String name = context.getObjectIdentifier().asSummaryString();
        String path = options.get(StrataConnectorOptions.PATH);
        layout = checkExisting(name, path, layout);

        Map<String, String> sinkOptions = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : table.getOptions().entrySet()) {
            if (e.getKey().startsWith("sink.")
                    && !e.getKey().equals(StrataConnectorOptions.SINK_PARALLELISM.key())) {
                sinkOptions.put(e.getKey(), e.getValue());
            }
        }
        return new StrataDynamicTableSink(
                name,
                path,
                layout,
                sinkOptions,
                options.getOptional(StrataConnectorOptions.SINK_PARALLELISM).orElse(null),
                options.get(StrataConnectorOptions.SINK_IGNORE_DELETE));
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validateExcept(FIELDS_PREFIX, StrataConnectorOptions.COMPACTION_PREFIX);
        RowType rowType = (RowType) context.getPhysicalRowDataType().getLogicalType();
        for (RowType.RowField f : rowType.getFields()) {
            FlinkTypeMapping.toDoris(f.getName(), f.getType()); // same type errors as the sink
        }
        Long version =
                helper.getOptions().getOptional(StrataConnectorOptions.SCAN_VERSION).orElse(null);
        if (version != null && version < 1) {
            throw new ValidationException(
                    "Option 'scan.version' of table "
                            + context.getObjectIdentifier().asSummaryString()
                            + " must be >= 1, got "
                            + version);
        }
        return new StrataDynamicTableSource(
                context.getObjectIdentifier().asSummaryString(),
                helper.getOptions().get(StrataConnectorOptions.PATH),
                context.getPhysicalRowDataType(),
                version == null ? -1 : version,
                helper.getOptions().get(StrataConnectorOptions.SCAN_SPLIT_ROWS));
    }

    /**
     * An existing table must match the DDL: fail at planning time naming the difference. Bucket
     * count and distribution columns the DDL does not declare are taken from the table.
     */
    private static StrataTableLayout checkExisting(
            String name, String path, StrataTableLayout layout) {
        FileIO io = StrataFileIOs.forPath(path);
        try {
            if (!Table.exists(io, path)) {
                return layout;
            }
            try (Table t = Table.open(io, path)) {
                TableDescriptor stored = t.descriptor();
                StrataTableLayout adopted =
                        layout.adoptUndeclared(stored.distributionColumns(), stored.buckets());
                TableDescriptor ddl = StrataDynamicTableSink.descriptor(adopted);
                List<String> diffs = DescriptorDiff.diff(ddl, stored);
                if (!diffs.isEmpty()) {
                    throw new ValidationException(
                            "The DDL of "
                                    + name
                                    + " does not match the Strata table at "
                                    + path
                                    + ": "
                                    + String.join("; ", diffs));
                }
                return adopted;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the Strata table at " + path, e);
        }
    }
}
