package io.strata.bench;

import io.strata.cli.LineitemGenerator;
import io.strata.cli.LineitemRowDataGenerator;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.util.Set;

/**
 * SQL connector {@code 'connector' = 'lineitem-gen'}: a bounded FLIP-27 source of the {@link
 * LineitemGenerator} rows, emitted directly as internal {@link RowData} of the declared types, so
 * {@code INSERT INTO t SELECT * FROM gen} runs without any planner conversion or CAST (the
 * benchmark then measures the sink, not the SQL glue). The table must declare exactly {@link
 * LineitemGenerator#ddlColumns()}; a different column fails planning naming it.
 *
 * <p>Options: {@code rows} (required), {@code keys} (0 = a unique key per row, else rows cycle over
 * that many (l_orderkey, l_linenumber) keys), {@code probe} (chain the {@link IngestComparison}
 * freshness probe after the source).
 */
public final class LineitemGenTableFactory implements DynamicTableSourceFactory {
    /** The connector identifier. */
    public static final String IDENTIFIER = "lineitem-gen";

    static final ConfigOption<Long> ROWS =
            ConfigOptions.key("rows")
                    .longType()
                    .noDefaultValue()
                    .withDescription("Number of rows to generate (indexes 0..rows-1).");

    static final ConfigOption<Long> KEYS =
            ConfigOptions.key("keys")
                    .longType()
                    .defaultValue(0L)
                    .withDescription(
                            "0: unique (l_orderkey, l_linenumber) per row; else row i gets key"
                                    + " i mod keys.");

    static final ConfigOption<Boolean> PROBE =
            ConfigOptions.key("probe")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Chain IngestComparison's freshness probe after the source.");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(ROWS);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(KEYS, PROBE);
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        long rows = options.get(ROWS);
        long keys = options.get(KEYS);
        if (rows < 0) {
            throw new ValidationException("'rows' must be >= 0, got " + rows);
        }
        if (keys < 0) {
            throw new ValidationException("'keys' must be >= 0, got " + keys);
        }
        checkSchema((RowType) context.getPhysicalRowDataType().getLogicalType());
        return new Source(rows, keys, options.get(PROBE));
    }

    /** Fails unless {@code declared} is exactly the generator's row type, naming the column. */
    static void checkSchema(RowType declared) {
        RowType expected = LineitemGenerator.rowType();
        if (declared.getFieldCount() != expected.getFieldCount()) {
            throw new ValidationException(
                    "lineitem-gen: the table must declare the "
                            + expected.getFieldCount()
                            + " columns "
                            + LineitemGenerator.ddlColumns().replace("\n  ", " ")
                            + ", got "
                            + declared.getFieldCount()
                            + " columns");
        }
        for (int i = 0; i < expected.getFieldCount(); i++) {
            String name = declared.getFieldNames().get(i);
            LogicalType type = declared.getTypeAt(i);
            if (!name.equals(expected.getFieldNames().get(i))
                    || !type.equals(expected.getTypeAt(i))) {
                throw new ValidationException(
                        "lineitem-gen: column "
                                + (i + 1)
                                + " must be "
                                + expected.getFieldNames().get(i)
                                + " "
                                + expected.getTypeAt(i).asSummaryString()
                                + ", got "
                                + name
                                + " "
                                + type.asSummaryString());
            }
        }
    }

    /** The scan source: a {@link DataGeneratorSource} of {@link LineitemRowDataGenerator} rows. */
    static final class Source implements ScanTableSource {
        private final long rows;
        private final long keys;
        private final boolean probe;

        Source(long rows, long keys, boolean probe) {
            this.rows = rows;
            this.keys = keys;
            this.probe = probe;
        }

        @Override
        public ChangelogMode getChangelogMode() {
            return ChangelogMode.insertOnly();
        }

        @Override
        public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
            TypeInformation<RowData> type = InternalTypeInfo.of(LineitemGenerator.rowType());
            DataGeneratorSource<RowData> source =
                    new DataGeneratorSource<>(new LineitemRowDataGenerator(keys), rows, type);
            if (!probe) {
                return SourceProvider.of(source);
            }
            return new DataStreamScanProvider() {
                @Override
                public DataStream<RowData> produceDataStream(
                        ProviderContext providerContext, StreamExecutionEnvironment env) {
                    SingleOutputStreamOperator<RowData> gen =
                            env.fromSource(source, WatermarkStrategy.noWatermarks(), IDENTIFIER);
                    providerContext.generateUid("source").ifPresent(gen::uid);
                    SingleOutputStreamOperator<RowData> probed =
                            gen.map(new IngestComparison.Probe()).returns(type).name("probe");
                    providerContext.generateUid("probe").ifPresent(probed::uid);
                    return probed;
                }

                @Override
                public boolean isBounded() {
                    return true;
                }
            };
        }

        @Override
        public DynamicTableSource copy() {
            return new Source(rows, keys, probe);
        }

        @Override
        public String asSummaryString() {
            return "lineitem-gen(rows=" + rows + ", keys=" + keys + ", probe=" + probe + ")";
        }
    }
}
