package io.strata.connector.table;

import io.strata.connector.RowDataConverter;
import io.strata.connector.StrataSink;
import io.strata.engine.io.FileIO;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.schema.KeysType;
import io.strata.engine.table.PublishResult;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.TableDistribution;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.abilities.SupportsBucketing;
import org.apache.flink.table.connector.sink.abilities.SupportsDeletePushDown;
import org.apache.flink.table.connector.sink.abilities.SupportsOverwrite;
import org.apache.flink.table.connector.sink.abilities.SupportsPartitioning;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.expressions.ResolvedExpression;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The SQL sink of a Strata table: wraps the DataStream {@link StrataSink} for {@code INSERT INTO},
 * and runs {@code DELETE FROM ... WHERE} as a Doris delete-predicate version on the client.
 *
 * <p>Changelog: a UNIQUE table (PRIMARY KEY) is an upsert sink (+I, +U, -D; -D becomes a row with
 * {@code __DORIS_DELETE_SIGN__} = 1); DUPLICATE and AGGREGATE tables accept insert-only input,
 * unless {@code sink.ignore-delete} is set, in which case -U/-D rows are dropped by the converter.
 */
public final class StrataDynamicTableSink
        implements DynamicTableSink,
                SupportsPartitioning,
                SupportsOverwrite,
                SupportsDeletePushDown,
                SupportsBucketing {

    private final String tableName;
    private final String path;
    private final StrataTableLayout layout;
    private final Map<String, String> sinkOptions;
    private final Integer parallelism;
    private final boolean ignoreDelete;

    private Map<String, String> staticPartition = new LinkedHashMap<>();
    private boolean overwrite;
    private List<ColumnPredicate> deletePredicates;

    public StrataDynamicTableSink(
            String tableName,
            String path,
            StrataTableLayout layout,
            Map<String, String> sinkOptions,
            Integer parallelism,
            boolean ignoreDelete) {
        this.tableName = tableName;
        this.path = path;
        this.layout = layout;
        this.sinkOptions = Map.copyOf(sinkOptions);
        this.parallelism = parallelism;
        this.ignoreDelete = ignoreDelete;
    }

    /** The engine descriptor this DDL stands for. */
    public static TableDescriptor descriptor(StrataTableLayout layout) {
        return TableDescriptor.builder(layout.schema())
                .distribution(layout.distributionColumns())
                .buckets(layout.buckets())
                .partitionColumns(layout.partitionColumns())
                .properties(layout.tableProperties())
                .build();
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        if (layout.schema().keysType() == KeysType.UNIQUE_KEYS) {
            // Key-only deletes are fine: the converter writes a -D row's key with the delete sign
            // set. With a sequence column the delete must carry the real sequence value, so ask
            // for full rows then.
            return ChangelogMode.upsert(layout.schema().sequenceColumnIndex() < 0);
        }
        if (ignoreDelete) {
            return requestedMode;
        }
        return ChangelogMode.insertOnly();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        TableDescriptor descriptor = descriptor(layout);
        RowDataConverter converter =
                // Matches fields to columns by name, so Flink's column order may differ from
                // storage order (keys first).
                new RowDataConverter(layout.flinkRowType(), layout.schema());
        var builder =
                StrataSink.<RowData>builder()
                        .tablePath(path)
                        .descriptor(descriptor)
                        .createIfMissing(true)
                        .converter(converter)
                        .options(sinkOptions);
        if (overwrite) {
            // Flink allows INSERT OVERWRITE in batch mode only: one commit at the end, which
            // replaces the overwritten partitions atomically (Table.publishOverwrite).
            builder.overwrite(staticPartition);
        }
        StrataSink<RowData> sink = builder.build();
        Integer p = parallelism;
        return new DataStreamSinkProvider() {
            @Override
            public DataStreamSink<?> consumeDataStream(
                    ProviderContext providerContext, DataStream<RowData> dataStream) {
                DataStreamSink<RowData> s = dataStream.sinkTo(sink);
                Integer writers = writerParallelism(p, dataStream);
                if (writers != null) {
                    s.setParallelism(writers);
                }
                // The sink's own topology sets uids, so Flink requires one on the sink too. A
                // fixed uid per table keeps state matching across savepoint restores.
                s.uid(
                        providerContext
                                .generateUid("strata-sink")
                                .orElse("strata-sink-" + tableName));
                return s.name("Strata " + tableName);
            }
        };
    }

    /**
     * Writer parallelism: {@code sink.parallelism}, else the input's. A randomly distributed table
     * gives each writer its own buckets, so it never runs more writers than buckets: without an
     * explicit parallelism the writers are capped at the bucket count; an explicit one above it is
     * an error.
     */
    private Integer writerParallelism(Integer explicit, DataStream<RowData> input) {
        if (!layout.distributionColumns().isEmpty()) {
            return explicit;
        }
        int buckets = layout.buckets();
        if (explicit != null) {
            if (explicit > buckets) {
                throw new ValidationException(
                        String.format(
                                "Strata table %s has random distribution with %d bucket(s), so at"
                                        + " most %d writers: lower 'sink.parallelism' (%d) or raise"
                                        + " 'bucket'.",
                                tableName, buckets, buckets, explicit));
            }
            return explicit;
        }
        // An unset sink parallelism means the environment's default, not the input's.
        int in = input.getExecutionEnvironment().getParallelism();
        return in <= 0 || in > buckets ? buckets : null;
    }

    @Override
    public DynamicTableSink copy() {
        StrataDynamicTableSink c =
                new StrataDynamicTableSink(
                        tableName, path, layout, sinkOptions, parallelism, ignoreDelete);
        c.staticPartition = new LinkedHashMap<>(staticPartition);
        c.overwrite = overwrite;
        c.deletePredicates = deletePredicates;
        return c;
    }

    @Override
    public String asSummaryString() {
        return "Strata(" + path + ")";
    }

    // ---- SupportsPartitioning / SupportsOverwrite

    @Override
    public void applyStaticPartition(Map<String, String> partition) {
        // The planner also writes the static values into every row, so the rows route by
        // themselves; the map only matters for INSERT OVERWRITE.
        this.staticPartition = new LinkedHashMap<>(partition);
    }

    @Override
    public void applyOverwrite(boolean overwrite) {
        this.overwrite = overwrite;
    }

    // ---- SupportsBucketing

    @Override
    public Set<TableDistribution.Kind> listAlgorithms() {
        // UNKNOWN = "DISTRIBUTED BY (k) INTO n BUCKETS" / "DISTRIBUTED INTO n BUCKETS": hashed too.
        return EnumSet.of(TableDistribution.Kind.HASH, TableDistribution.Kind.UNKNOWN);
    }

    @Override
    public boolean requiresBucketCount() {
        return false;
    }

    // ---- SupportsDeletePushDown

    @Override
    public boolean applyDeleteFilters(List<ResolvedExpression> filters) {
        if (filters.isEmpty()) {
            throw new ValidationException(
                    "DELETE FROM Strata table "
                            + tableName
                            + " needs a WHERE clause (Doris deletes by predicate).");
        }
        DeleteFilterTranslator t = new DeleteFilterTranslator(layout.schema());
        Optional<List<ColumnPredicate>> preds = t.translate(filters);
        if (preds.isEmpty()) {
            // Returning false makes Flink report the DELETE as unsupported; say why first.
            throw new ValidationException(
                    "DELETE FROM Strata table "
                            + tableName
                            + ": "
                            + t.lastError()
                            + ". Supported: column = != < <= > >= literal, IN, NOT IN, IS [NOT] NULL,"
                            + " joined by AND.");
        }
        this.deletePredicates = preds.get();
        return true;
    }

    @Override
    public Optional<Long> executeDeletion() {
        if (deletePredicates == null) {
            throw new TableException("executeDeletion called before applyDeleteFilters");
        }
        FileIO io = StrataFileIOs.forPath(path);
        try {
            if (!Table.exists(io, path)) {
                return Optional.of(0L);
            }
            try (Table t = Table.open(io, path)) {
                PublishResult r = t.deleteWhere("delete-" + UUID.randomUUID(), deletePredicates);
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "DELETE FROM Strata table " + tableName + " at " + path + " failed", e);
        }
    }

    /** Predicates accepted by the last {@link #applyDeleteFilters} (tests). */
    List<ColumnPredicate> deletePredicates() {
        return deletePredicates;
    }

    StrataTableLayout layout() {
        return layout;
    }

    Map<String, String> sinkOptions() {
        return new HashMap<>(sinkOptions);
    }
}
