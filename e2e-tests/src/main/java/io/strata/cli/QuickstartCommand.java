package io.strata.cli;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.table.Table;
import io.strata.engine.table.TabletSplit;
import io.strata.engine.table.VersionInfo;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code strata quickstart [--rows N] [--warehouse DIR] [--parallelism P]}: the exactly-once ingest
 * demo. An embedded MiniCluster runs a STREAMING Flink SQL job, checkpointing every 2 s
 * (EXACTLY_ONCE), that inserts a deterministic TPC-H-lineitem-like stream into a Strata DUPLICATE
 * table at {@code DIR/lineitem}; then it prints what landed (versions, tablets, rows, bytes, a few
 * rows) read back with the engine API. Every run starts from a fresh table: the old {@code
 * DIR/lineitem} is deleted first, so the row count always equals {@code --rows}.
 */
public final class QuickstartCommand implements Command {
    static final long DEFAULT_ROWS = 3_000_000L;

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        long rows = DEFAULT_ROWS;
        String warehouse = "strata-warehouse";
        int parallelism = 2;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new StrataCli.UsageException(usage());
            }
            switch (a) {
                case "--rows":
                    rows = Long.parseLong(args[++i].replace("_", ""));
                    break;
                case "--warehouse":
                    warehouse = args[++i];
                    break;
                case "--parallelism":
                    parallelism = Integer.parseInt(args[++i]);
                    break;
                default:
                    throw new StrataCli.UsageException("unknown argument '" + a + "'; " + usage());
            }
        }
        if (rows < 1 || parallelism < 1) {
            throw new StrataCli.UsageException(usage());
        }
        return run(rows, Path.of(warehouse), parallelism, out);
    }

    private static String usage() {
        return "usage: strata quickstart [--rows N] [--warehouse DIR] [--parallelism P]";
    }

    /** Runs the demo; returns 0 when the table holds exactly {@code rows} rows. */
    public static int run(long rows, Path warehouse, int parallelism, PrintStream out)
            throws Exception {
        Path tablePath = warehouse.toAbsolutePath().resolve("lineitem");
        if (Files.exists(tablePath)) {
            out.println("Removing the previous table at " + tablePath + " (each run starts fresh)");
            LocalFileIO.INSTANCE.deleteRecursively(tablePath.toString());
        }
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(2_000, CheckpointingMode.EXACTLY_ONCE);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);

        DataGeneratorSource<Row> source =
                new DataGeneratorSource<>(
                        new LineitemGenerator(), rows, LineitemGenerator.typeInfo());
        DataStream<Row> stream =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "lineitem-generator");
        tEnv.createTemporaryView("lineitem_source", stream);

        String ddl =
                "CREATE TABLE lineitem (\n  "
                        + LineitemGenerator.ddlColumns()
                        + "\n) DISTRIBUTED BY HASH(l_orderkey) INTO 4 BUCKETS WITH (\n"
                        + "  'connector' = 'strata',\n"
                        + "  'path' = '"
                        + tablePath.toString().replace("'", "''")
                        + "',\n"
                        + "  'duplicate-key' = 'l_orderkey,l_linenumber'\n"
                        + ")";
        out.println("Flink SQL:\n" + ddl + ";");
        tEnv.executeSql(ddl);
        String insert =
                "INSERT INTO lineitem SELECT "
                        + LineitemGenerator.castSelectList()
                        + " FROM lineitem_source";
        out.println(insert + ";");
        out.printf(
                "Running: %,d rows, parallelism %d, EXACTLY_ONCE checkpoints every 2 s%n",
                rows, parallelism);
        long t0 = System.nanoTime();
        TableResult result = tEnv.executeSql(insert);
        result.await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf(
                "Job finished in %.1f s (%,.0f rows/s)%n%n",
                seconds, rows / Math.max(seconds, 1e-9));
        long landed = describe(tablePath, out);
        if (landed != rows) {
            out.printf("MISMATCH: expected %,d rows, found %,d%n", rows, landed);
            return 1;
        }
        out.printf("OK: exactly %,d rows landed%n", rows);
        return 0;
    }

    /** Prints versions, tablets, rows, bytes and sample rows; returns the row count. */
    static long describe(Path tablePath, PrintStream out) throws IOException {
        try (Table table = Table.open(LocalFileIO.INSTANCE, tablePath.toString())) {
            List<VersionInfo> versions = table.versions();
            out.printf("Table %s%n", tablePath);
            out.printf("  schema      %s%n", table.schema());
            out.printf(
                    "  versions    %d retained, latest %d%n",
                    versions.size(), table.latestVersion());
            List<TabletSplit> splits = table.newScan().planSplits();
            Set<Long> tablets = new HashSet<>();
            for (TabletSplit s : splits) {
                tablets.add(s.tabletId());
            }
            out.printf("  tablets     %d%n", tablets.size());
            long count = 0;
            int shown = 0;
            StringBuilder sample = new StringBuilder();
            try (var it = table.newScan().open()) {
                Block b;
                while ((b = it.next()) != null) {
                    for (int r = 0; r < b.rowCount() && shown < 5; r++, shown++) {
                        sample.append("    ")
                                .append(java.util.Arrays.toString(b.getRow(r)))
                                .append('\n');
                    }
                    count += b.rowCount();
                }
            }
            out.printf("  rows        %,d%n", count);
            out.printf("  bytes       %,d on disk%n", bytesOnDisk(tablePath));
            out.print("  sample rows\n" + sample);
            return count;
        }
    }

    static long bytesOnDisk(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            long total = 0;
            Iterator<Path> it = s.iterator();
            while (it.hasNext()) {
                Path p = it.next();
                if (Files.isRegularFile(p)) {
                    total += Files.size(p);
                }
            }
            return total;
        }
    }
}
