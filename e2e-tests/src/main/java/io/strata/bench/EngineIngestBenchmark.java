package io.strata.bench;

import io.strata.engine.block.Block;
import io.strata.engine.block.BytesVector;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.block.Values;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.table.ChannelOptions;
import io.strata.engine.table.PublishResult;
import io.strata.engine.table.StorageEngine;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;
import io.strata.engine.table.TabletsChannel;
import io.strata.engine.table.TxnCommit;
import io.strata.engine.txn.TableState;
import io.strata.proto.olap.RowsetMetaPB;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Engine-only ingest benchmark (no Flink): a DUP_KEYS lineitem-like table (16 columns, HASH
 * (l_orderkey) 8 buckets) and a UNIQUE_KEYS table (rows over a smaller key space), written by 1 or
 * more writer threads, each with its own {@link TabletsChannel} on one shared {@link
 * StorageEngine}, then prepareCommit + publish. Data is generated up front into a pool of blocks;
 * each write only rewrites the key column, so the timing is the engine's.
 *
 * <p>Usage: {@code EngineIngestBenchmark DIR [dupRows] [uniqueRows] [uniqueKeys] [threads,...]}.
 */
public final class EngineIngestBenchmark {
    static final int BLOCK_ROWS = 8192;
    static final int POOL = 24;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/strata-bench");
        long dupRows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        long uniqueRows = args.length > 2 ? Long.parseLong(args[2]) : 5_000_000L;
        long uniqueKeys = args.length > 3 ? Long.parseLong(args[3]) : 1_000_000L;
        String threadList = args.length > 4 ? args[4] : "1,2";
        System.out.printf(
                "cores=%d maxHeap=%dMB%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        for (String ts : threadList.split(",")) {
            int threads = Integer.parseInt(ts.trim());
            run("DUP lineitem", dir.resolve("dup-" + threads), lineitem(), dupRows, 0, threads);
            run(
                    "UNIQUE",
                    dir.resolve("uniq-" + threads),
                    uniqueSchema(),
                    uniqueRows,
                    uniqueKeys,
                    threads);
        }
    }

    static TabletSchema lineitem() {
        return TabletSchema.builder(KeysType.DUP_KEYS)
                .column(key("l_orderkey", DataType.of(FieldType.BIGINT)))
                .column(key("l_partkey", DataType.of(FieldType.BIGINT)))
                .column(key("l_suppkey", DataType.of(FieldType.BIGINT)))
                .column(col("l_linenumber", DataType.of(FieldType.INT)))
                .column(col("l_quantity", DataType.decimal(15, 2)))
                .column(col("l_extendedprice", DataType.decimal(15, 2)))
                .column(col("l_discount", DataType.decimal(15, 2)))
                .column(col("l_tax", DataType.decimal(15, 2)))
                .column(col("l_returnflag", DataType.charType(1)))
                .column(col("l_linestatus", DataType.charType(1)))
                .column(col("l_shipdate", DataType.of(FieldType.DATEV2)))
                .column(col("l_commitdate", DataType.of(FieldType.DATEV2)))
                .column(col("l_receiptdate", DataType.of(FieldType.DATEV2)))
                .column(col("l_shipinstruct", DataType.charType(25)))
                .column(col("l_shipmode", DataType.charType(10)))
                .column(col("l_comment", DataType.varchar(44)))
                .build();
    }

    static TabletSchema uniqueSchema() {
        return TabletSchema.builder(KeysType.UNIQUE_KEYS)
                .column(key("id", DataType.of(FieldType.BIGINT)))
                .column(rep("v_long", DataType.of(FieldType.BIGINT)))
                .column(rep("v_int", DataType.of(FieldType.INT)))
                .column(rep("v_date", DataType.of(FieldType.DATEV2)))
                .column(rep("v_amount", DataType.decimal(15, 2)))
                .column(rep("v_name", DataType.varchar(32)))
                .build();
    }

    static Column key(String n, DataType t) {
        return Column.builder(n, t).key(true).nullable(false).build();
    }

    static Column col(String n, DataType t) {
        return Column.builder(n, t).nullable(false).build();
    }

    static Column rep(String n, DataType t) {
        return Column.builder(n, t).aggregation(AggregationType.REPLACE).build();
    }

    static final String[] INSTRUCT = {
        "DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"
    };
    static final String[] MODES = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
    static final String WORDS =
            "furiously regular deposits sleep carefully final packages haggle slyly express ideas"
                    + " about the blithely ironic accounts cajole quickly pending requests";

    /** A pool of generated blocks. */
    static List<Block> pool(TabletSchema s, long seed) {
        Random rnd = new Random(seed);
        List<Block> out = new ArrayList<>();
        int base = Values.encodeDateV2(LocalDate.of(1992, 1, 1));
        for (int p = 0; p < POOL; p++) {
            Block b = Block.create(s.columns(), BLOCK_ROWS);
            for (int r = 0; r < BLOCK_ROWS; r++) {
                if (s.keysType() == KeysType.DUP_KEYS) {
                    ((LongVector) b.vector(0)).append(0);
                    ((LongVector) b.vector(1)).append(rnd.nextInt(2_000_000));
                    ((LongVector) b.vector(2)).append(rnd.nextInt(100_000));
                    ((IntVector) b.vector(3)).append(1 + rnd.nextInt(7));
                    ((LongVector) b.vector(4)).append(100L * (1 + rnd.nextInt(50)));
                    ((LongVector) b.vector(5)).append(90_000L + rnd.nextInt(10_000_000));
                    ((LongVector) b.vector(6)).append(rnd.nextInt(11));
                    ((LongVector) b.vector(7)).append(rnd.nextInt(9));
                    ((BytesVector) b.vector(8))
                            .append("ANR".substring(rnd.nextInt(3)).substring(0, 1));
                    ((BytesVector) b.vector(9)).append(rnd.nextBoolean() ? "O" : "F");
                    int ship = plusDays(1992, rnd.nextInt(2400));
                    ((IntVector) b.vector(10)).append(ship);
                    ((IntVector) b.vector(11)).append(plusDays(1992, rnd.nextInt(2400)));
                    ((IntVector) b.vector(12)).append(plusDays(1992, rnd.nextInt(2400)));
                    ((BytesVector) b.vector(13)).append(INSTRUCT[rnd.nextInt(INSTRUCT.length)]);
                    ((BytesVector) b.vector(14)).append(MODES[rnd.nextInt(MODES.length)]);
                    int st = rnd.nextInt(WORDS.length() - 44);
                    ((BytesVector) b.vector(15))
                            .append(WORDS.substring(st, st + 10 + rnd.nextInt(34)));
                } else {
                    ((LongVector) b.vector(0)).append(0);
                    ((LongVector) b.vector(1)).append(rnd.nextLong());
                    ((IntVector) b.vector(2)).append(rnd.nextInt());
                    ((IntVector) b.vector(3)).append(base + rnd.nextInt(300));
                    ((LongVector) b.vector(4)).append(rnd.nextInt(1_000_000));
                    int st = rnd.nextInt(WORDS.length() - 32);
                    ((BytesVector) b.vector(5))
                            .append(WORDS.substring(st, st + 5 + rnd.nextInt(27)));
                }
            }
            out.add(b);
        }
        return out;
    }

    static int plusDays(int year, int days) {
        return Values.encodeDateV2(LocalDate.of(year, 1, 1).plusDays(days));
    }

    static void run(String name, Path dir, TabletSchema schema, long rows, long keys, int threads)
            throws Exception {
        deleteTree(dir);
        TableDescriptor d =
                TableDescriptor.builder(schema)
                        .distribution(List.of(schema.column(0).name()))
                        .buckets(8)
                        .build();
        List<List<Block>> pools = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            pools.add(pool(schema, 17 + t));
        }
        System.gc();
        try (StorageEngine engine =
                        StorageEngine.builder()
                                .flushThreads(2)
                                .memoryBudgetBytes(Runtime.getRuntime().maxMemory() / 3)
                                .build();
                Table table = Table.create(LocalFileIO.INSTANCE, dir.toString(), d)) {
            ExecutorService ex = Executors.newFixedThreadPool(threads);
            long cpu0 = processCpuNanos();
            long start = System.nanoTime();
            List<Future<Result>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int tid = t;
                fs.add(
                        ex.submit(
                                () -> {
                                    long rawBytes = 0;
                                    long share = rows / threads;
                                    try (TabletsChannel ch =
                                            table.openChannel(engine, ChannelOptions.defaults())) {
                                        List<Block> pool = pools.get(tid);
                                        long written = 0;
                                        long next = tid;
                                        Random rnd = new Random(tid);
                                        int i = 0;
                                        while (written < share) {
                                            Block b = pool.get(i++ % pool.size());
                                            long[] k = ((LongVector) b.vector(0)).values();
                                            for (int r = 0; r < BLOCK_ROWS; r++) {
                                                if (keys > 0) {
                                                    // disjoint key sets per thread
                                                    k[r] =
                                                            (Math.floorMod(
                                                                                    rnd.nextLong(),
                                                                                    keys / threads))
                                                                            * threads
                                                                    + tid;
                                                } else {
                                                    k[r] = next;
                                                    next += (r % 4 == 3) ? threads : 0;
                                                }
                                            }
                                            ch.write(b);
                                            written += BLOCK_ROWS;
                                            rawBytes += b.dataBytes();
                                        }
                                        long t0 = System.nanoTime();
                                        TxnCommit c = ch.prepareCommit();
                                        return new Result(
                                                written, rawBytes, System.nanoTime() - t0, c);
                                    }
                                }));
            }
            long total = 0;
            long bytes = 0;
            List<TxnCommit> commits = new ArrayList<>();
            long prepare = 0;
            for (Future<Result> f : fs) {
                Result r = f.get();
                total += r.rows();
                bytes += r.rawBytes();
                prepare = Math.max(prepare, r.prepareNanos());
                commits.add(r.commit());
            }
            ex.shutdown();
            long elapsed = System.nanoTime() - start;
            double cpuSecs = (processCpuNanos() - cpu0) / 1e9;
            // publish is timed separately (one metadata file)
            long p0 = System.nanoTime();
            PublishResult pr = table.publish("bench", TxnCommit.merge(commits), null, -1);
            long publishNs = System.nanoTime() - p0;
            long disk = diskBytes(dir);
            double secs = elapsed / 1e9;
            System.out.printf(
                    "%-13s threads=%d rows=%,d time=%.2fs rows/s=%,.0f raw MB/s=%.1f disk=%.1fMB"
                            + " (%.2f B/row) prepareCommit=%.2fs peakMem=%.0fMB flushes=%d"
                            + " publish=%.1fms v=%d%n",
                    name,
                    threads,
                    total,
                    secs,
                    total / secs,
                    bytes / secs / 1e6,
                    disk / 1e6,
                    (double) disk / total,
                    prepare / 1e9,
                    engine.memoryLimiter().peak() / 1e6,
                    engine.memoryLimiter().forcedFlushes(),
                    publishNs / 1e6,
                    pr.version());
            TableState st = table.state(pr.version());
            long metaRows = 0;
            for (TableState.TabletState t : st.tablets().values()) {
                for (RowsetMetaPB r : t.rowsets()) {
                    metaRows += r.getNumRows();
                }
            }
            System.out.printf(
                    "  published rows (after memtable merge)=%,d; process CPU=%.1fs →"
                            + " %,.0f rows per CPU-second (includes GC/JIT threads)%n",
                    metaRows, cpuSecs, total / cpuSecs);
        }
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static long diskBytes(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** What one writer thread did. */
    record Result(long rows, long rawBytes, long prepareNanos, TxnCommit commit) {}
}
