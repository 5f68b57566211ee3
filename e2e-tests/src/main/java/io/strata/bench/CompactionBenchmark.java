package io.strata.bench;

import io.strata.engine.block.Block;
import io.strata.engine.compaction.BackgroundCompactor;
import io.strata.engine.compaction.CompactionOptions;
import io.strata.engine.compaction.TableCompactor;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.table.ChannelOptions;
import io.strata.engine.table.StorageEngine;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;
import io.strata.engine.table.TabletsChannel;
import io.strata.engine.table.TxnCommit;
import io.strata.engine.util.CloseableIterator;
import io.strata.proto.strata.TabletRowsetsPB;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Compaction benchmark (engine only, a main class, not a test). Part 1: a UNIQUE table gets {@code
 * rowsets} single-checkpoint loads (so that many rowsets per tablet), then a full scan is timed
 * before and after {@link TableCompactor} compacts it. Part 2: a simulated streaming writer
 * publishes {@code checkpoints} small commits, with writer-side compaction ({@link
 * BackgroundCompactor}, results riding with the next commit) on and off; ingest rate, final rowsets
 * per tablet and final scan time are reported.
 *
 * <p>Usage: {@code CompactionBenchmark DIR [rowsets=500] [rowsPerLoad=2000] [buckets=2]
 * [checkpoints=500]}.
 */
public final class CompactionBenchmark {
    private CompactionBenchmark() {}

    static TableDescriptor descriptor(int buckets) {
        TabletSchema s =
                TabletSchema.builder(KeysType.UNIQUE_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.BIGINT))
                                        .key(true)
                                        .nullable(false)
                                        .build())
                        .column(
                                Column.builder("v", DataType.of(FieldType.BIGINT))
                                        .aggregation(AggregationType.REPLACE)
                                        .build())
                        .column(
                                Column.builder("s", DataType.varchar(32))
                                        .aggregation(AggregationType.REPLACE)
                                        .build())
                        .build();
        return TableDescriptor.builder(s)
                .distribution(List.of("k"))
                .buckets(buckets)
                .property(CompactionOptions.HARD_LIMIT, "100000")
                .property(CompactionOptions.SOFT_LIMIT, "100000")
                .build();
    }

    static Block block(TabletSchema schema, Random rnd, int rows, long keys) {
        Block b = Block.create(schema.columns(), rows);
        for (int i = 0; i < rows; i++) {
            long k = Math.floorMod(rnd.nextLong(), keys);
            b.appendRow(k, rnd.nextLong(), "s" + (k % 1000));
        }
        return b;
    }

    static TxnCommit write(Table t, StorageEngine engine, Block b) throws Exception {
        try (TabletsChannel ch = t.openChannel(engine, ChannelOptions.defaults())) {
            ch.write(b);
            return ch.prepareCommit();
        }
    }

    /** Median of 3 full scans, in ms; also returns rows via out[0]. */
    static double scanMillis(Table t, long[] rowsOut) throws Exception {
        double[] ms = new double[3];
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            long n = 0;
            try (CloseableIterator<Block> it = t.newScan().open()) {
                Block b;
                while ((b = it.next()) != null) {
                    n += b.rowCount();
                }
            }
            ms[i] = (System.nanoTime() - start) / 1e6;
            rowsOut[0] = n;
        }
        Arrays.sort(ms);
        return ms[1];
    }

    static int maxRowsets(Table t) throws Exception {
        return TableCompactor.maxRowsets(t.state(t.latestVersion()));
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/strata-compaction-bench");
        int rowsets = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int rowsPerLoad = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int buckets = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int checkpoints = args.length > 4 ? Integer.parseInt(args[4]) : 500;
        long keys = (long) rowsets * rowsPerLoad / 4;
        Files.createDirectories(dir);
        System.out.printf(
                "cores=%d maxHeap=%dMB rowsets=%d rowsPerLoad=%d buckets=%d keys=%d%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                rowsets,
                rowsPerLoad,
                buckets,
                keys);
        try (StorageEngine engine = StorageEngine.builder().flushThreads(2).build()) {
            // ---- Part 1: read time, uncompacted vs compacted -------------------------------
            String p1 = dir.resolve("read-" + System.nanoTime()).toString();
            try (Table t = Table.create(LocalFileIO.INSTANCE, p1, descriptor(buckets))) {
                Random rnd = new Random(1);
                for (int i = 0; i < rowsets; i++) {
                    t.publish(
                            "l" + i,
                            write(t, engine, block(t.schema(), rnd, rowsPerLoad, keys)),
                            null,
                            -1);
                }
                long[] rows = new long[1];
                int before = maxRowsets(t);
                double cold = scanMillis(t, rows);
                long start = System.nanoTime();
                TableCompactor.Summary s = new TableCompactor(t).run(true, 10);
                double compactMs = (System.nanoTime() - start) / 1e6;
                long[] rows2 = new long[1];
                double after = scanMillis(t, rows2);
                System.out.printf(
                        "read: %d rowsets/tablet: scan %.0f ms (%d rows); compaction %.0f ms "
                                + "(%d MB read, %d MB written); after: %d rowset(s)/tablet: "
                                + "scan %.0f ms (%d rows); speed-up %.1fx%n",
                        before,
                        cold,
                        rows[0],
                        compactMs,
                        s.bytesRead() >> 20,
                        s.bytesWritten() >> 20,
                        maxRowsets(t),
                        after,
                        rows2[0],
                        cold / after);
            }
            // ---- Part 2: ingest with writer-side compaction on vs off ----------------------
            for (boolean on : new boolean[] {false, true}) {
                String p2 = dir.resolve("ingest-" + on + "-" + System.nanoTime()).toString();
                try (Table t = Table.create(LocalFileIO.INSTANCE, p2, descriptor(buckets));
                        BackgroundCompactor bc =
                                new BackgroundCompactor(
                                        t,
                                        CompactionOptions.fromProperties(
                                                Map.of(CompactionOptions.HARD_LIMIT, "200")),
                                        engine.compactionExecutor(),
                                        ts -> true,
                                        1)) {
                    Random rnd = new Random(2);
                    long start = System.nanoTime();
                    long rowsIn = 0;
                    for (int c = 0; c < checkpoints; c++) {
                        TxnCommit commit =
                                write(t, engine, block(t.schema(), rnd, rowsPerLoad, keys));
                        rowsIn += rowsPerLoad;
                        if (on) {
                            Map<Long, Integer> added = new HashMap<>();
                            for (TabletRowsetsPB tr : commit.proto().getTabletsList()) {
                                added.merge(tr.getTabletId(), tr.getAddedCount(), Integer::sum);
                            }
                            commit = commit.withCompactions(bc.onCheckpoint(added));
                        }
                        t.publish("c" + c, commit, "bench", c);
                    }
                    double secs = (System.nanoTime() - start) / 1e9;
                    long[] rows = new long[1];
                    double scan = scanMillis(t, rows);
                    System.out.printf(
                            "ingest compaction=%s: %d checkpoints x %d rows in %.1f s = %.0f rows/s; "
                                    + "%d compactions (%d MB read, %d ms); final max rowsets/tablet %d; "
                                    + "scan %.0f ms%n",
                            on ? "on" : "off",
                            checkpoints,
                            rowsPerLoad,
                            secs,
                            rowsIn / secs,
                            bc.compactions(),
                            bc.bytesCompacted() >> 20,
                            bc.compactionNanos() / 1_000_000,
                            maxRowsets(t),
                            scan);
                }
            }
        }
    }
}
