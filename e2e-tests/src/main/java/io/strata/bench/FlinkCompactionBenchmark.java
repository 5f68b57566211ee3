package io.strata.bench;

import io.strata.connector.StrataCompactionJob;
import io.strata.engine.block.Block;
import io.strata.engine.compaction.TableCompactor;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.table.StorageEngine;
import io.strata.engine.table.Table;
import io.strata.engine.util.CloseableIterator;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Dedicated compaction, single thread ({@link TableCompactor}, {@code bin/strata compact}) versus
 * the Flink batch job ({@link StrataCompactionJob}, {@code bin/strata compact --flink}) on two
 * copies of one uncompacted UNIQUE table (main class, not a test). Prints both wall times (the
 * Flink time includes starting the local MiniCluster) and checks that both results scan the same
 * rows (count and an order-independent checksum).
 *
 * <p>Usage: {@code FlinkCompactionBenchmark DIR [rowsets=200] [rowsPerLoad=5000] [buckets=4]
 * [parallelism=2] [full=true]}.
 */
public final class FlinkCompactionBenchmark {
    private FlinkCompactionBenchmark() {}

    /** Row count and a sum of per-row hashes of a full scan. */
    static long[] digest(String path) throws Exception {
        long n = 0;
        long sum = 0;
        try (Table t = Table.open(LocalFileIO.INSTANCE, path);
                CloseableIterator<Block> it = t.newScan().open()) {
            Block b;
            while ((b = it.next()) != null) {
                for (int i = 0; i < b.rowCount(); i++) {
                    sum += java.util.Arrays.deepHashCode(b.getRow(i)) * 0x9E3779B97F4A7C15L;
                }
                n += b.rowCount();
            }
        }
        return new long[] {n, sum};
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/strata-flink-compaction-bench");
        int rowsets = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int rowsPerLoad = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        int buckets = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int parallelism = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        boolean full = args.length <= 5 || Boolean.parseBoolean(args[5]);
        long keys = (long) rowsets * rowsPerLoad / 4;
        Path run = dir.resolve("run-" + System.nanoTime());
        Path a = run.resolve("single");
        Files.createDirectories(run);
        System.out.printf(
                "cores=%d maxHeap=%dMB rowsets=%d rowsPerLoad=%d buckets=%d parallelism=%d"
                        + " full=%s%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                rowsets,
                rowsPerLoad,
                buckets,
                parallelism,
                full);
        try (StorageEngine engine = StorageEngine.builder().flushThreads(2).build();
                Table t =
                        Table.create(
                                LocalFileIO.INSTANCE,
                                a.toString(),
                                CompactionBenchmark.descriptor(buckets))) {
            Random rnd = new Random(1);
            try (Table w =
                    Table.create(
                            LocalFileIO.INSTANCE,
                            run.resolve("warm").toString(),
                            CompactionBenchmark.descriptor(buckets))) {
                w.publish(
                        "w",
                        CompactionBenchmark.write(
                                w, engine, CompactionBenchmark.block(w.schema(), rnd, 100, 100)),
                        null,
                        -1);
            }
            for (int i = 0; i < rowsets; i++) {
                t.publish(
                        "l" + i,
                        CompactionBenchmark.write(
                                t,
                                engine,
                                CompactionBenchmark.block(t.schema(), rnd, rowsPerLoad, keys)),
                        null,
                        -1);
            }
        }
        Path b = run.resolve("flink");
        copy(a, b);
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        conf.set(RestOptions.BIND_PORT, "0");
        // Warm-up: the first MiniCluster of a JVM loads and JIT-compiles Flink itself.
        long warm = System.nanoTime();
        StrataCompactionJob.builder(run.resolve("warm").toString())
                .parallelism(parallelism)
                .build()
                .run(StreamExecutionEnvironment.createLocalEnvironment(conf));
        double warmMs = (System.nanoTime() - warm) / 1e6;
        long[] before = digest(a.toString());

        long start = System.nanoTime();
        TableCompactor.Summary s1;
        try (Table t = Table.open(LocalFileIO.INSTANCE, a.toString())) {
            s1 = new TableCompactor(t).run(full, 100);
        }
        double singleMs = (System.nanoTime() - start) / 1e6;

        start = System.nanoTime();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(parallelism);
        TableCompactor.Summary s2 =
                StrataCompactionJob.builder(b.toString())
                        .parallelism(parallelism)
                        .full(full)
                        .build()
                        .run(env);
        double flinkMs = (System.nanoTime() - start) / 1e6;

        // Fixed cost: the same job again on the compacted copy (nothing left to compact).
        start = System.nanoTime();
        StrataCompactionJob.builder(b.toString())
                .parallelism(parallelism)
                .build()
                .run(StreamExecutionEnvironment.createLocalEnvironment(conf));
        double idleMs = (System.nanoTime() - start) / 1e6;
        long[] da = digest(a.toString());
        long[] db = digest(b.toString());
        System.out.printf(
                "single thread: %d compactions, %d rounds, %d MB read, %d MB written, %.0f ms;"
                        + " max rowsets/tablet %d -> %d%n",
                s1.compactions(),
                s1.rounds(),
                s1.bytesRead() >> 20,
                s1.bytesWritten() >> 20,
                singleMs,
                s1.maxRowsetsBefore(),
                s1.maxRowsetsAfter());
        System.out.printf(
                "flink job p=%d: %d compactions, %d rounds, %d MB read, %d MB written, %.0f ms"
                        + " (incl. MiniCluster start; a run with nothing to do: %.0f ms; first"
                        + " job of the JVM: %.0f ms);"
                        + " max rowsets/tablet %d -> %d%n",
                parallelism,
                s2.compactions(),
                s2.rounds(),
                s2.bytesRead() >> 20,
                s2.bytesWritten() >> 20,
                flinkMs,
                idleMs,
                warmMs,
                s2.maxRowsetsBefore(),
                s2.maxRowsetsAfter());
        boolean same =
                da[0] == before[0]
                        && da[1] == before[1]
                        && db[0] == before[0]
                        && db[1] == before[1];
        System.out.printf("rows %d, contents identical before/single/flink: %s%n", before[0], same);
        if (!same) {
            System.exit(1);
        }
    }
}
