package io.strata.connector.table;

import io.strata.engine.block.Block;
import io.strata.engine.table.Table;
import io.strata.engine.table.TabletSplit;
import io.strata.engine.util.CloseableIterator;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded batch read of a Strata table at its latest version (the version is fixed when the query
 * is planned): one split per tablet, read with the engine's merging {@code TableScan}, so
 * UNIQUE/AGG tables show merged rows and deleted rows stay hidden. Supports projection push-down.
 *
 * <p>This is the minimal source the planner needs for {@code DELETE FROM} and for {@code SELECT};
 * it does not push filters down and reads no changelog.
 */
public final class StrataDynamicTableSource implements ScanTableSource, SupportsProjectionPushDown {
    private final String tableName;
    private final String path;
    private DataType producedType;

    public StrataDynamicTableSource(String tableName, String path, DataType producedType) {
        this.tableName = tableName;
        this.path = path;
        this.producedType = producedType;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        List<TabletSplit> splits = new ArrayList<>();
        try {
            if (Table.exists(StrataFileIOs.forPath(path), path)) {
                try (Table t = Table.open(StrataFileIOs.forPath(path), path)) {
                    splits.addAll(t.newScan().planSplits());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot plan a read of Strata table " + tableName, e);
        }
        RowType produced = (RowType) producedType.getLogicalType();
        TypeInformation<RowData> typeInfo = context.createTypeInformation(producedType);
        String p = path;
        String name = tableName;
        return new DataStreamScanProvider() {
            @Override
            public DataStream<RowData> produceDataStream(
                    ProviderContext providerContext, StreamExecutionEnvironment env) {
                int n = splits.size();
                // A sequence of split indexes drives the readers; with no split, one index that
                // reads nothing.
                return env.fromSequence(0, Math.max(n, 1) - 1)
                        .name("Strata splits " + name)
                        .flatMap(new SplitReader(p, splits, produced))
                        .name("Strata read " + name)
                        .returns(typeInfo);
            }

            @Override
            public boolean isBounded() {
                return true;
            }
        };
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
    public DynamicTableSource copy() {
        return new StrataDynamicTableSource(tableName, path, producedType);
    }

    @Override
    public String asSummaryString() {
        return "Strata(" + path + ")";
    }

    /** Reads the splits whose index it receives; converts engine values to Flink internals. */
    private static final class SplitReader extends RichFlatMapFunction<Long, RowData> {
        private static final long serialVersionUID = 1L;
        private final String path;
        private final List<TabletSplit> splits;
        private final RowType rowType;
        private transient Table table;

        SplitReader(String path, List<TabletSplit> splits, RowType rowType) {
            this.path = path;
            this.splits = new ArrayList<>(splits);
            this.rowType = rowType;
        }

        @Override
        public void open(OpenContext openContext) throws Exception {
            if (!splits.isEmpty()) {
                table = Table.open(StrataFileIOs.forPath(path), path);
            }
        }

        @Override
        public void flatMap(Long index, Collector<RowData> out) throws Exception {
            if (index >= splits.size()) {
                return;
            }
            List<LogicalType> types = rowType.getChildren();
            try (CloseableIterator<Block> it =
                    table.newScan()
                            .version(splits.get(index.intValue()).version())
                            .project(rowType.getFieldNames())
                            .open(splits.get(index.intValue()))) {
                Block b;
                while ((b = it.next()) != null) {
                    for (int r = 0; r < b.rowCount(); r++) {
                        Object[] v = b.getRow(r);
                        GenericRowData row = new GenericRowData(v.length);
                        for (int c = 0; c < v.length; c++) {
                            row.setField(c, toInternal(v[c], types.get(c)));
                        }
                        out.collect(row);
                    }
                }
            }
        }

        @Override
        public void close() throws Exception {
            if (table != null) {
                table.close();
            }
        }
    }

    static Object toInternal(Object v, LogicalType t) {
        if (v == null) {
            return null;
        }
        switch (t.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return StringData.fromString((String) v);
            case DECIMAL:
                {
                    DecimalType d = (DecimalType) t;
                    return DecimalData.fromBigDecimal(
                            (BigDecimal) v, d.getPrecision(), d.getScale());
                }
            case DATE:
                return (int) ((LocalDate) v).toEpochDay();
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return TimestampData.fromLocalDateTime((LocalDateTime) v);
            case BOOLEAN:
                return v instanceof Boolean ? v : ((Number) v).intValue() != 0;
            case TINYINT:
                return ((Number) v).byteValue();
            case SMALLINT:
                return ((Number) v).shortValue();
            case INTEGER:
                return ((Number) v).intValue();
            case BIGINT:
                return ((Number) v).longValue();
            case FLOAT:
                return ((Number) v).floatValue();
            case DOUBLE:
                return ((Number) v).doubleValue();
            default:
                throw new TableException("Strata source cannot read type " + t);
        }
    }
}
