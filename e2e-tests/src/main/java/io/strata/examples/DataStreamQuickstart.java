package io.strata.examples;

import io.strata.connector.RowConverter;
import io.strata.connector.StrataSink;
import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

import java.util.List;
import java.util.Map;

/**
 * The DataStream example of {@code docs/quickstart.md}, verbatim: an exactly-once job writes
 * upserts into a UNIQUE table, then the engine API reads the latest version back. {@code
 * QuickstartDocTest} runs it, so the documented code keeps compiling and working.
 */
public final class DataStreamQuickstart {
    private DataStreamQuickstart() {}

    /** {@code DataStreamQuickstart [TABLE_PATH]}; prints the rows that landed. */
    public static void main(String[] args) throws Exception {
        String path = args.length > 0 ? args[0] : "strata-warehouse/users";
        System.out.println(run(path) + " rows");
    }

    /** Runs the job and returns the number of rows a reader sees. */
    public static long run(String path) throws Exception {
        // [quickstart-datastream]
        TabletSchema schema =
                TabletSchema.builder(KeysType.UNIQUE_KEYS)
                        .column(
                                Column.builder("id", DataType.of(FieldType.BIGINT))
                                        .key(true)
                                        .nullable(false)
                                        .build())
                        .column(
                                Column.builder("name", DataType.varchar(32))
                                        .aggregation(AggregationType.REPLACE)
                                        .build())
                        .column(
                                Column.builder("score", DataType.of(FieldType.INT))
                                        .aggregation(AggregationType.REPLACE)
                                        .build())
                        .build();
        TableDescriptor table =
                TableDescriptor.builder(schema).distribution(List.of("id")).buckets(4).build();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(2_000, CheckpointingMode.EXACTLY_ONCE); // commits at checkpoints
        env.fromData(
                        Types.ROW_NAMED(
                                new String[] {"id", "name", "score"},
                                Types.LONG,
                                Types.STRING,
                                Types.INT),
                        Row.of(1L, "alice", 10),
                        Row.of(2L, "bob", 20),
                        Row.of(1L, "alice", 15)) // same key: replaces the first row
                .sinkTo(
                        StrataSink.<Row>builder()
                                .tablePath(path)
                                .descriptor(table)
                                .createIfMissing(true)
                                .converter(new RowConverter(schema))
                                .options(Map.of("sink.memtable.size", "64mb"))
                                .build())
                .uid("strata-sink");
        env.execute("strata-datastream-quickstart");

        long rows = 0;
        try (Table t = Table.open(LocalFileIO.INSTANCE, path);
                var blocks = t.newScan().open()) {
            Block b;
            while ((b = blocks.next()) != null) {
                for (int r = 0; r < b.rowCount(); r++) {
                    System.out.println(java.util.Arrays.toString(b.getRow(r)));
                }
                rows += b.rowCount();
            }
        }
        // [/quickstart-datastream]
        return rows;
    }
}
