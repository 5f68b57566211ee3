package io.strata.connector.sink;

import io.strata.connector.RowDataConverter;
import io.strata.connector.StrataSink;
import io.strata.connector.StrataSinkOptions;
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

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Throughput of the DataStream sink (not a test). Usage: {@code SinkBench [rows] [parallelism]
 * [random|hash]}. Prints converter rows/s (one thread, no Flink) and end-to-end job rows/s into a
 * DUP table (k BIGINT, qty INT, price DECIMAL(15,2), ship DATE, ts DATETIME(3), comment
 * VARCHAR(44)).
 */
public final class SinkBench {
    private SinkBench() {}

    static final RowType TYPE =
            RowType.of(
                    new LogicalType[] {
                        new BigIntType(false),
                        new IntType(),
                        new DecimalType(15, 2),
                        new DateType(),
                        new TimestampType(3),
                        new VarCharType(44)
                    },
                    new String[] {"k", "qty", "price", "ship", "ts", "comment"});

    static TableDescriptor descriptor(boolean random) {
        TabletSchema s =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.BIGINT))
                                        .key(true)
                                        .nullable(false)
                                        .build())
                        .column(Column.builder("qty", DataType.of(FieldType.INT)).build())
                        .column(Column.builder("price", DataType.decimal(15, 2)).build())
                        .column(Column.builder("ship", DataType.of(FieldType.DATEV2)).build())
                        .column(Column.builder("ts", DataType.datetimeV2(3)).build())
                        .column(
                                Column.builder("comment", DataType.varchar(44))
                                        .aggregation(AggregationType.NONE)
                                        .build())
                        .build();
        return TableDescriptor.builder(s)
                .distribution(random ? List.of() : List.of("k"))
                .buckets(8)
                .build();
    }

    static final String[] WORDS = {
        "carefully", "final", "deposits", "sleep", "quickly", "regular", "accounts", "haggle"
    };

    static RowData row(long i) {
        return GenericRowData.of(
                i,
                (int) (i % 50) + 1,
                DecimalData.fromUnscaledLong(100_00 + (i * 7919) % 10_000_000, 15, 2),
                (int) (8000 + i % 2500),
                TimestampData.fromEpochMillis(1_700_000_000_000L + i * 1000),
                StringData.fromString(WORDS[(int) (i % 8)] + " " + WORDS[(int) ((i / 8) % 8)]));
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        boolean random = args.length <= 2 || !args[2].equals("hash");
        boolean discard = args.length > 2 && args[2].equals("discard");

        // 1. Converter alone.
        TableDescriptor d = descriptor(random);
        RowDataConverter conv = new RowDataConverter(TYPE, d.schema());
        conv.open(d.schema(), StrataSinkOptions.defaults());
        RowData[] sample = new RowData[4096];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = row(i);
        }
        Block b = Block.create(d.schema().columns(), 4096);
        long n = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 3_000_000_000L) {
            b.reset();
            for (RowData r : sample) {
                conv.append(r, b);
            }
            n += sample.length;
        }
        double convSec = (System.nanoTime() - t0) / 1e9;
        System.out.printf("converter: %.2f M rows/s (1 thread)%n", n / convSec / 1e6);

        // 2. End to end on a local environment.
        Path dir = Files.createTempDirectory("strata-bench");
        String path = dir.resolve("t").toString();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism);
        env.enableCheckpointing(10_000);
        if (args.length > 3 && args[3].equals("reuse")) {
            env.getConfig().enableObjectReuse();
        }
        // fromSequence + map is cheaper than DataGeneratorSource (no per-record rate/limiter path).
        var stream =
                env.fromSequence(0, rows - 1)
                        .map(SinkBench::row)
                        .returns(InternalTypeInfo.of(TYPE));
        if (discard) {
            stream.sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());
            long s0 = System.nanoTime();
            env.execute("discard");
            System.out.printf(
                    "source only: %.0f rows/s%n", rows / ((System.nanoTime() - s0) / 1e9));
            return;
        }
        stream.sinkTo(
                StrataSink.<RowData>builder()
                        .tablePath(path)
                        .descriptor(d)
                        .createIfMissing(true)
                        .converter(new RowDataConverter(TYPE, d.schema()))
                        .options(Map.of())
                        .build());
        long start = System.nanoTime();
        env.execute("strata-sink-bench");
        double sec = (System.nanoTime() - start) / 1e9;
        long bytes;
        try (var walk = Files.walk(dir)) {
            bytes = walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        long stored;
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            stored = t.versions().stream().mapToLong(v -> v.numRows()).sum();
        }
        System.out.printf(
                "job: %d rows, parallelism %d, %s distribution: %.1f s, %.0f rows/s, %.1f MB on disk, %d rows published%n",
                rows,
                parallelism,
                random ? "random" : "hash",
                sec,
                rows / sec,
                bytes / 1e6,
                stored);
        LocalFileIO.INSTANCE.deleteRecursively(dir.toString());
    }
}
