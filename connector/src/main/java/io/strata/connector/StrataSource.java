package io.strata.connector;

import io.strata.connector.fs.FlinkFileIO;
import io.strata.connector.source.BlockConverter;
import io.strata.connector.source.PredicateSpec;
import io.strata.connector.source.ScanSpec;
import io.strata.connector.source.SplitPlanner;
import io.strata.connector.source.StrataEnumeratorState;
import io.strata.connector.source.StrataEnumeratorStateSerializer;
import io.strata.connector.source.StrataSourceReader;
import io.strata.connector.source.StrataSourceSplit;
import io.strata.connector.source.StrataSplitEnumerator;
import io.strata.connector.source.StrataSplitSerializer;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.SegmentReadOptions;
import io.strata.engine.table.Table;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A bounded FLIP-27 source reading a Strata table at one version as {@link RowData}. Splits are
 * tablets (DUP tables: groups of rowsets, so a large tablet reads in parallel), planned when the
 * job starts and handed to readers on request. Keyed tables return merged rows (upserts, delete
 * signs and DELETE predicates applied). Projection and predicates are pushed into the engine (zone
 * maps, bloom filters and short-key index prune segments and pages). Checkpointable: a restored job
 * resumes its splits where they stopped.
 *
 * <pre>{@code
 * StrataSource src = StrataSource.builder()
 *         .tablePath("file:///data/orders")
 *         .columns("id", "amount")
 *         .predicates(List.of(ColumnPredicate.eq("id", 42L)))
 *         .build();
 * env.fromSource(src, WatermarkStrategy.noWatermarks(), "orders");
 * }</pre>
 */
public final class StrataSource
        implements Source<RowData, StrataSourceSplit, StrataEnumeratorState>,
                ResultTypeQueryable<RowData> {
    private static final long serialVersionUID = 1L;

    /** Default rows per DUP split (rowset groups). */
    public static final long DEFAULT_SPLIT_ROWS = 1_000_000L;

    private final ScanSpec spec;

    public StrataSource(ScanSpec spec) {
        this.spec = spec;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What this source reads. */
    public ScanSpec spec() {
        return spec;
    }

    /** The produced row type (projected columns in order). */
    public RowType rowType() {
        return spec.rowType();
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RowData, StrataSourceSplit> createReader(SourceReaderContext ctx) {
        return new StrataSourceReader(ctx, spec);
    }

    @Override
    public SplitEnumerator<StrataSourceSplit, StrataEnumeratorState> createEnumerator(
            SplitEnumeratorContext<StrataSourceSplit> ctx) throws IOException {
        return new StrataSplitEnumerator(ctx, planSplits());
    }

    /** Plans the splits now (resolving "latest" to the table's current version). */
    public List<StrataSourceSplit> planSplits() throws IOException {
        String path = spec.tablePath();
        if (!Table.exists(FlinkFileIO.forPath(path), path)) {
            return List.of(); // nothing written yet: an empty read
        }
        try (Table t = Table.open(FlinkFileIO.forPath(path), path)) {
            long v = spec.version() < 0 ? t.latestVersion() : spec.version();
            if (v > t.latestVersion()) {
                throw new IllegalArgumentException(
                        "Strata table "
                                + path
                                + ": version "
                                + v
                                + " is not published (latest "
                                + t.latestVersion()
                                + ")");
            }
            return SplitPlanner.plan(t, v, spec.partitions(), spec.splitTargetRows());
        }
    }

    @Override
    public SplitEnumerator<StrataSourceSplit, StrataEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<StrataSourceSplit> ctx, StrataEnumeratorState state) {
        return new StrataSplitEnumerator(ctx, state.pendingSplits());
    }

    @Override
    public SimpleVersionedSerializer<StrataSourceSplit> getSplitSerializer() {
        return StrataSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<StrataEnumeratorState> getEnumeratorCheckpointSerializer() {
        return StrataEnumeratorStateSerializer.INSTANCE;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return InternalTypeInfo.of(spec.rowType());
    }

    /**
     * Builds a {@link StrataSource}; {@link #build()} opens the table once to check column names
     * and predicates and to derive the row type.
     */
    public static final class Builder {
        private String tablePath;
        private long version = -1;
        private List<String> columns;
        private List<ColumnPredicate> predicates = List.of();
        private long limit = -1;
        private List<Map<String, String>> partitions;
        private long splitRows = DEFAULT_SPLIT_ROWS;
        private int batchSize = SegmentReadOptions.DEFAULT_BATCH_SIZE;

        public Builder tablePath(String path) {
            this.tablePath = path;
            return this;
        }

        /** Table version to read; default the latest when the job starts. */
        public Builder version(long v) {
            if (v < 1) {
                throw new IllegalArgumentException("version must be >= 1: " + v);
            }
            this.version = v;
            return this;
        }

        /** Columns to read, in output order (default: all visible columns in storage order). */
        public Builder columns(List<String> cols) {
            this.columns = List.copyOf(cols);
            return this;
        }

        public Builder columns(String... cols) {
            return columns(List.of(cols));
        }

        /** Rows must satisfy all of these (evaluated by the engine, with index pruning). */
        public Builder predicates(List<ColumnPredicate> p) {
            this.predicates = List.copyOf(p);
            return this;
        }

        /** At most this many rows per reader (a SQL LIMIT still applies its own operator). */
        public Builder limit(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("limit must be >= 0: " + n);
            }
            this.limit = n;
            return this;
        }

        /** Only these partitions (column name → value text), null = all. */
        public Builder partitions(List<Map<String, String>> p) {
            this.partitions = p == null ? null : List.copyOf(p);
            return this;
        }

        /** Target rows per split of a DUP table. */
        public Builder splitTargetRows(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("split rows must be >= 1: " + n);
            }
            this.splitRows = n;
            return this;
        }

        public Builder batchSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("batch size must be >= 1: " + n);
            }
            this.batchSize = n;
            return this;
        }

        public StrataSource build() {
            if (tablePath == null) {
                throw new IllegalArgumentException("tablePath is required");
            }
            TabletSchema schema;
            try (Table t = Table.open(FlinkFileIO.forPath(tablePath), tablePath)) {
                schema = t.schema();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open Strata table " + tablePath, e);
            }
            List<String> cols = new ArrayList<>();
            if (columns == null) {
                for (Column c : schema.columns()) {
                    if (c.visible() && !c.isDeleteSign()) {
                        cols.add(c.name());
                    }
                }
            } else {
                cols.addAll(columns);
            }
            List<RowType.RowField> fields = new ArrayList<>();
            for (String name : cols) {
                int i = schema.indexOf(name);
                if (i < 0) {
                    throw new IllegalArgumentException(
                            "no column named '" + name + "' in Strata table " + tablePath);
                }
                Column c = schema.column(i);
                LogicalType lt = BlockConverter.flinkType(c);
                fields.add(new RowType.RowField(c.name(), lt));
            }
            // Fail now on a predicate naming an unknown column or with a value of the wrong type.
            io.strata.engine.tablet.RowFilter.bind(schema, predicates);
            List<PredicateSpec> specs = new ArrayList<>();
            for (ColumnPredicate p : predicates) {
                specs.add(PredicateSpec.of(p));
            }
            return new StrataSource(
                    new ScanSpec(
                            tablePath,
                            version,
                            cols,
                            specs,
                            limit,
                            partitions,
                            new RowType(false, fields),
                            splitRows,
                            batchSize));
        }
    }
}
