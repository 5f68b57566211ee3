package io.strata.bench;

import io.strata.cli.LineitemGenerator;
import io.strata.connector.StrataSinkOptions;
import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.table.Table;
import io.strata.engine.table.VersionInfo;
import io.strata.engine.txn.TableState;
import io.strata.proto.olap.RowsetMetaPB;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ingest benchmark of Strata against Apache Paimon and Flink's Parquet file sink, all in one JVM
 * and one run (see {@code docs/benchmarks.md}, section "Ingest vs Paimon and Parquet").
 *
 * <p>Every run is one STREAMING Flink SQL job on a local MiniCluster: parallelism 2, EXACTLY_ONCE
 * checkpoints every 10 s, object reuse on, the same seeded {@link LineitemGenerator} rows (16
 * columns) from the {@code lineitem-gen} SQL source ({@link LineitemGenTableFactory}: internal
 * {@code RowData} of exactly the declared types, the probe chained after it) and {@code INSERT INTO
 * <table> SELECT * FROM gen}, which plans to source → sink with no conversion and no CAST.
 * Workloads: W1 append (DUP table / Paimon append table / Parquet files) and W2 upsert (rows over a
 * smaller set of distinct (l_orderkey, l_linenumber) keys, last value wins: UNIQUE table / Paimon
 * primary-key table with fixed buckets). The discarding sink ({@code blackhole}) measures what the
 * generator costs, so "sink cost" = wall time − discard wall time. Strata variants ({@link
 * #isStrata}) add WITH options: zstd, no writer-side compaction, another memtable budget.
 *
 * <p>Bytes are reported twice: the whole table directory (including files kept only for time
 * travel, whose retention differs per system) and the live bytes of the latest version ({@link
 * #liveBytes}).
 *
 * <p>Paimon and Parquet are reached through Flink SQL only (catalog and connector options, the
 * Paimon {@code $files} system table) and their snapshot metadata is read as files, so this class
 * compiles without their jars; they are on the classpath only with the Maven profile {@code bench}.
 *
 * <p>Freshness: the probe counts the rows that passed it and, at each checkpoint barrier, records
 * the count (rows generated before the barrier belong to that checkpoint). A poller samples the
 * generated-row counter every 50 ms (the generation time of row n) and discovers commits: Strata
 * versions (publish time and checkpoint id of {@link VersionInfo}), Paimon snapshots ({@code
 * timeMillis} and {@code commitIdentifier} of the snapshot JSON) and, for the Parquet sink, which
 * renames its files when the checkpoint completes, the checkpoint completion time. The freshness of
 * a row is its commit's visible time minus its generation time.
 */
public final class IngestComparison {
    private IngestComparison() {}

    /** Usage line. */
    static final String USAGE =
            "usage: IngestComparison [--dir DIR] [--w1-rows N] [--w2-rows N] [--w2-keys N]"
                    + " [--repeats R] [--buckets B] [--parallelism P] [--checkpoint-ms MS]"
                    + " [--systems discard,strata,strata-small,strata-zstd,strata-nocompact,strata-mem512mb,"
                    + "paimon,parquet]"
                    + " [--workloads w1,w2]";

    /**
     * True for "strata" and its variants "strata-OPT[-OPT...]", OPT one of {@code zstd} ({@code
     * 'compression' = 'zstd'}), {@code small} (zstd plus the size-optimized storage properties),
     * {@code nocompact} ({@code 'sink.compaction' = 'false'}) or {@code memSIZE} ({@code
     * 'sink.memory.budget' = 'SIZE'}, e.g. {@code mem512mb}).
     */
    static boolean isStrata(String system) {
        return system.equals("strata") || system.startsWith("strata-");
    }

    /** The system family: "strata" for every Strata variant, else the name itself. */
    static String kind(String system) {
        return isStrata(system) ? "strata" : system;
    }

    /** The extra Strata WITH options of a variant (see {@link #isStrata}), each ending in ", ". */
    static String strataOptions(String system) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : strataOptionMap(system).entrySet()) {
            sb.append('\'').append(e.getKey()).append("' = '").append(e.getValue()).append("', ");
        }
        return sb.toString();
    }

    static Map<String, String> strataOptionMap(String system) {
        Map<String, String> o = new LinkedHashMap<>();
        if (system.equals("strata")) {
            return o;
        }
        for (String opt : system.substring("strata-".length()).split("-")) {
            if (opt.equals("zstd")) {
                o.put("compression", "zstd");
            } else if (opt.equals("small")) {
                // The size-optimized storage settings (docs/benchmarks.md "Bytes on disk").
                o.put("compression", "zstd");
                o.put("storage.size-optimized", "true");
                o.put("storage_page_size", "1048576");
                o.put("storage_dict_page_size", "10485760");
            } else if (opt.equals("nocompact")) {
                o.put("sink.compaction", "false");
            } else if (opt.startsWith("mem") && opt.length() > 3) {
                o.put(StrataSinkOptions.MEMORY_BUDGET, opt.substring(3));
            } else {
                throw new IllegalArgumentException(
                        "unknown Strata variant '" + opt + "' in system '" + system + "'");
            }
        }
        return o;
    }

    /** The memtable budget a Strata variant runs with (the option, else the sink default). */
    static long strataBudget(String system) {
        Map<String, String> sink = new LinkedHashMap<>(strataOptionMap(system));
        sink.remove("compression");
        return StrataSinkOptions.fromMap(sink).memoryBudgetBytes();
    }

    /** Entry point; see {@link #USAGE}. */
    public static void main(String[] args) throws Exception {
        Settings s = Settings.parse(args);
        int rc;
        try {
            rc = run(s, System.out);
        } catch (Throwable t) {
            t.printStackTrace();
            rc = 2;
        }
        System.exit(rc); // MiniCluster threads would otherwise keep the JVM alive
    }

    /** Benchmark parameters. */
    static final class Settings {
        Path dir = Path.of("/tmp/strata-ingest-comparison");
        long w1Rows = 10_000_000L;
        long w2Rows = 5_000_000L;
        long w2Keys = 1_000_000L;
        int repeats = 3;
        int buckets = 4;
        int parallelism = 2;
        long checkpointMs = 10_000L;
        List<String> systems = List.of("discard", "strata", "strata-small", "paimon", "parquet");
        List<String> workloads = List.of("w1", "w2");

        static Settings parse(String[] args) {
            Settings s = new Settings();
            for (int i = 0; i < args.length; i++) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(USAGE);
                }
                String v = args[++i].replace("_", "");
                switch (args[i - 1]) {
                    case "--dir" -> s.dir = Path.of(v);
                    case "--w1-rows" -> s.w1Rows = Long.parseLong(v);
                    case "--w2-rows" -> s.w2Rows = Long.parseLong(v);
                    case "--w2-keys" -> s.w2Keys = Long.parseLong(v);
                    case "--repeats" -> s.repeats = Integer.parseInt(v);
                    case "--buckets" -> s.buckets = Integer.parseInt(v);
                    case "--parallelism" -> s.parallelism = Integer.parseInt(v);
                    case "--checkpoint-ms" -> s.checkpointMs = Long.parseLong(v);
                    case "--systems" -> s.systems = List.of(v.split(","));
                    case "--workloads" -> s.workloads = List.of(v.split(","));
                    default ->
                            throw new IllegalArgumentException(
                                    "unknown argument '" + args[i - 1] + "'; " + USAGE);
                }
            }
            if (s.w2Keys % 4 != 0 || s.w2Keys < 4) {
                throw new IllegalArgumentException("--w2-keys must be a positive multiple of 4");
            }
            return s;
        }
    }

    /** Result of one job. */
    record Result(
            String workload,
            String system,
            int repeat,
            long rows,
            double wallSeconds,
            long bytesOnDisk,
            long liveBytes,
            long peakHeapBytes,
            long budgetBytes,
            double freshMedianSeconds,
            double freshMaxSeconds,
            long readBack,
            long expected,
            double loadAverage) {}

    static int run(Settings s, PrintStream out) throws Exception {
        Files.createDirectories(s.dir);
        List<Result> results = new ArrayList<>();
        out.printf(
                Locale.ROOT,
                "IngestComparison: %s; %d buckets; parallelism %d; checkpoints every %d ms; %d"
                        + " repeats; cores %d; max heap %d MB; default Strata memtable budget %d"
                        + " MB%n",
                workloadText(s),
                s.buckets,
                s.parallelism,
                s.checkpointMs,
                s.repeats,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                StrataSinkOptions.DEFAULT_MEMORY_BUDGET >> 20);
        // warm-up: JIT and Flink class loading would otherwise land on the first measured job
        Settings warm = Settings.parse(new String[] {"--w1-rows", "200000"});
        warm.dir = s.dir;
        warm.parallelism = s.parallelism;
        warm.checkpointMs = s.checkpointMs;
        runOne(warm, "w1", "discard", -1, out);
        boolean ok = true;
        for (String w : s.workloads) {
            for (int r = 0; r < s.repeats; r++) {
                for (String sys : s.systems) {
                    if (w.equals("w2") && sys.equals("parquet")) {
                        continue; // files have no keys: W2 is not a Parquet workload
                    }
                    try {
                        Result res = runOne(s, w, sys, r, out);
                        results.add(res);
                        ok &= res.readBack == res.expected;
                    } catch (Exception e) {
                        // one failing system must not lose the other systems' results
                        out.println(w + " " + sys + " #" + r + " FAILED: " + e);
                        e.printStackTrace(out);
                        ok = false;
                    }
                }
            }
        }
        String report = report(results, s);
        out.println();
        out.println(report);
        Files.writeString(s.dir.resolve("results.md"), report);
        return ok ? 0 : 1;
    }

    static Result runOne(Settings s, String workload, String system, int repeat, PrintStream out)
            throws Exception {
        boolean upsert = workload.equals("w2");
        long rows = upsert ? s.w2Rows : s.w1Rows;
        Path root = s.dir.resolve(workload + "-" + system + "-" + repeat).toAbsolutePath();
        if (Files.exists(root)) {
            LocalFileIO.INSTANCE.deleteRecursively(root.toString());
        }
        Files.createDirectories(root);
        Probe.reset();
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }

        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        // a failing job must fail the benchmark, not restart forever
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        // the source emits a fresh row object per record, so handing it on without the defensive
        // copy per chained operator is safe; the copies (RowDataSerializer.copy of every string
        // and decimal, twice per row) were a third of the discard run's CPU
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(s.parallelism);
        env.enableCheckpointing(s.checkpointMs, CheckpointingMode.EXACTLY_ONCE);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        // internal RowData of the declared types straight from the source, probe chained:
        // INSERT ... SELECT * below has no conversion and no CAST (LineitemGenTableFactory)
        tEnv.executeSql(
                "CREATE TEMPORARY TABLE gen ("
                        + LineitemGenerator.ddlColumns()
                        + ") WITH ('connector' = '"
                        + LineitemGenTableFactory.IDENTIFIER
                        + "', 'rows' = '"
                        + rows
                        + "', 'keys' = '"
                        + (upsert ? s.w2Keys : 0)
                        + "', 'probe' = 'true')");

        String cols = LineitemGenerator.ddlColumns();
        String pk = ",\n  PRIMARY KEY (l_orderkey, l_linenumber) NOT ENFORCED";
        String target;
        Path dataDir;
        switch (kind(system)) {
            case "discard" -> {
                tEnv.executeSql(
                        "CREATE TABLE sink_t (" + cols + ") WITH ('connector' = 'blackhole')");
                target = "sink_t";
                dataDir = null;
            }
            case "strata" -> {
                dataDir = root.resolve("lineitem");
                String with =
                        upsert
                                ? ") DISTRIBUTED BY HASH(l_orderkey) INTO "
                                        + s.buckets
                                        + " BUCKETS WITH ("
                                : ") WITH ('bucket' = '"
                                        + s.buckets
                                        + "', 'duplicate-key' = 'l_orderkey,l_linenumber', ";
                tEnv.executeSql(
                        "CREATE TABLE sink_t ("
                                + cols
                                + (upsert ? pk : "")
                                + "\n"
                                + with
                                + strataOptions(system)
                                + "'connector' = 'strata', 'path' = '"
                                + dataDir
                                + "')");
                target = "sink_t";
            }
            case "paimon" -> {
                tEnv.executeSql(
                        "CREATE CATALOG pc WITH ('type' = 'paimon', 'warehouse' = 'file://"
                                + root
                                + "')");
                tEnv.executeSql(
                        "CREATE TABLE pc.`default`.lineitem ("
                                + cols
                                + (upsert ? pk : "")
                                + ") WITH ('bucket' = '"
                                + (upsert ? Integer.toString(s.buckets) : "-1")
                                + "')");
                target = "pc.`default`.lineitem";
                dataDir = root.resolve("default.db").resolve("lineitem");
            }
            case "parquet" -> {
                dataDir = root.resolve("files");
                tEnv.executeSql(
                        "CREATE TABLE sink_t ("
                                + cols
                                + ") WITH ('connector' = 'filesystem', 'path' = 'file://"
                                + dataDir
                                + "', 'format' = 'parquet')");
                target = "sink_t";
            }
            default -> throw new IllegalArgumentException("unknown system '" + system + "'");
        }

        Poller poller = new Poller(system, dataDir);
        poller.start();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long t0 = System.nanoTime();
        TableResult result = tEnv.executeSql("INSERT INTO " + target + " SELECT * FROM gen");
        result.await();
        double wall = (System.nanoTime() - t0) / 1e9;
        long endMillis = System.currentTimeMillis();
        poller.finish();
        long peakHeap = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peakHeap += p.getPeakUsage().getUsed();
            }
        }
        double load =
                (loadBefore + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
                        / 2;
        double[] fresh = system.equals("discard") ? null : freshness(poller, endMillis);
        long bytes = dataDir == null ? 0 : bytesOnDisk(dataDir);
        long live = liveBytes(system, root, dataDir);
        long budget = isStrata(system) ? strataBudget(system) : -1;
        long readBack = readBack(system, root, dataDir, s);
        // the discarding sink sees every generated row; tables keep one row per key for W2
        long expected = upsert && !system.equals("discard") ? Math.min(rows, s.w2Keys) : rows;
        Result res =
                new Result(
                        workload,
                        system,
                        repeat,
                        rows,
                        wall,
                        bytes,
                        live,
                        peakHeap,
                        budget,
                        fresh == null ? Double.NaN : fresh[0],
                        fresh == null ? Double.NaN : fresh[1],
                        readBack,
                        expected,
                        load);
        out.printf(
                Locale.ROOT,
                "%s %-8s #%d: %.1f s, %,.0f rows/s, %,d bytes (live %,d), peak heap %d MB,"
                        + " freshness median %.1f s max %.1f s, read back %,d (expected %,d)%s,"
                        + " load %.1f%n",
                workload,
                system,
                repeat,
                wall,
                rows / wall,
                bytes,
                live,
                peakHeap >> 20,
                res.freshMedianSeconds,
                res.freshMaxSeconds,
                readBack,
                expected,
                readBack == expected ? "" : " MISMATCH",
                load);
        return res;
    }

    /**
     * Bytes of the data files the latest version references (what a reader of the latest version
     * needs; files kept only for time travel are excluded): Strata sums the latest state's rowset
     * sizes, Paimon the {@code file_size_in_bytes} of its {@code $files} system table (the data
     * files of the latest snapshot), Parquet counts every file (no versions).
     */
    static long liveBytes(String system, Path root, Path dataDir) throws Exception {
        switch (kind(system)) {
            case "discard":
                return 0;
            case "strata":
                try (Table t = Table.open(LocalFileIO.INSTANCE, dataDir.toString())) {
                    long n = 0;
                    for (TableState.TabletState tablet :
                            t.state(t.latestVersion()).tablets().values()) {
                        for (RowsetMetaPB r : tablet.rowsets()) {
                            n += r.getTotalDiskSize();
                        }
                    }
                    return n;
                }
            case "paimon":
                TableEnvironment batch = TableEnvironment.create(EnvironmentSettings.inBatchMode());
                batch.getConfig().set("parallelism.default", "1");
                batch.executeSql(
                        "CREATE CATALOG pc WITH ('type' = 'paimon', 'warehouse' = 'file://"
                                + root
                                + "')");
                try (CloseableIterator<Row> it =
                        batch.executeSql(
                                        "SELECT SUM(file_size_in_bytes) FROM"
                                                + " pc.`default`.`lineitem$files`")
                                .collect()) {
                    Object v = it.next().getField(0);
                    return v == null ? 0 : ((Number) v).longValue();
                }
            default:
                return bytesOnDisk(dataDir);
        }
    }

    /** Counts the rows a reader of the finished table sees. */
    static long readBack(String system, Path root, Path dataDir, Settings s) throws Exception {
        switch (kind(system)) {
            case "discard":
                return Probe.ROWS.sum();
            case "strata":
                try (Table t = Table.open(LocalFileIO.INSTANCE, dataDir.toString());
                        var it = t.newScan().open()) {
                    long n = 0;
                    Block b;
                    while ((b = it.next()) != null) {
                        n += b.rowCount();
                    }
                    return n;
                }
            default:
                TableEnvironment batch = TableEnvironment.create(EnvironmentSettings.inBatchMode());
                batch.getConfig().set("parallelism.default", Integer.toString(s.parallelism));
                String from;
                if (system.equals("paimon")) {
                    batch.executeSql(
                            "CREATE CATALOG pc WITH ('type' = 'paimon', 'warehouse' = 'file://"
                                    + root
                                    + "')");
                    from = "pc.`default`.lineitem";
                } else {
                    batch.executeSql(
                            "CREATE TABLE files_t ("
                                    + LineitemGenerator.ddlColumns()
                                    + ") WITH ('connector' = 'filesystem', 'path' = 'file://"
                                    + dataDir
                                    + "', 'format' = 'parquet')");
                    from = "files_t";
                }
                try (CloseableIterator<Row> it =
                        batch.executeSql("SELECT COUNT(*) FROM " + from).collect()) {
                    return ((Number) it.next().getField(0)).longValue();
                }
        }
    }

    /**
     * Median and max freshness in seconds, over 4,000 evenly spaced rows plus the first row of
     * every checkpoint (the oldest row of a commit is its stalest).
     */
    static double[] freshness(Poller poller, long endMillis) {
        TreeMap<Long, long[]> barriers = new TreeMap<>(Probe.BARRIERS);
        long total = Probe.ROWS.sum();
        if (total == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        // cumulative rows at each checkpoint and the time that checkpoint became visible
        List<long[]> commits = new ArrayList<>(); // {rowsBefore, visibleMillis}
        for (Map.Entry<Long, long[]> e : barriers.entrySet()) {
            Long visible = poller.visibleMillis.get(e.getKey());
            if (visible != null) {
                commits.add(new long[] {e.getValue()[0], visible});
            }
        }
        commits.add(new long[] {total, endMillis});
        List<Long> samples = new ArrayList<>();
        long step = Math.max(1, total / 4000);
        for (long n = 1; n <= total; n += step) {
            samples.add(n);
        }
        long prev = 0;
        for (long[] c : commits) {
            if (c[0] > prev) {
                samples.add(prev + 1);
                prev = c[0];
            }
        }
        double[] f = new double[samples.size()];
        long[][] gen = poller.generated.toArray(new long[0][]);
        for (int i = 0; i < f.length; i++) {
            long n = samples.get(i);
            long vis = endMillis;
            for (long[] c : commits) {
                if (c[0] >= n) {
                    vis = c[1];
                    break;
                }
            }
            f[i] = Math.max(0, vis - generatedAt(gen, n)) / 1000.0;
        }
        Arrays.sort(f);
        return new double[] {f[f.length / 2], f[f.length - 1]};
    }

    /** First sampled time at which at least {@code n} rows had been generated. */
    static long generatedAt(long[][] timeline, long n) {
        int lo = 0;
        int hi = timeline.length - 1;
        if (hi < 0) {
            return 0;
        }
        if (timeline[hi][1] < n) {
            return timeline[hi][0];
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timeline[mid][1] >= n) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return timeline[lo][0];
    }

    static long bytesOnDisk(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
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

    /** "W1 N rows; W2 N rows over K keys" for the workloads of this run only. */
    static String workloadText(Settings s) {
        List<String> parts = new ArrayList<>();
        if (s.workloads.contains("w1")) {
            parts.add(String.format(Locale.ROOT, "W1 %,d rows", s.w1Rows));
        }
        if (s.workloads.contains("w2")) {
            parts.add(String.format(Locale.ROOT, "W2 %,d rows over %,d keys", s.w2Rows, s.w2Keys));
        }
        return String.join("; ", parts);
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        if (a.length == 0) {
            return Double.NaN;
        }
        int m = a.length / 2;
        // an even count (e.g. 2 repeats) takes the mean of the middle two, not the larger one
        return a.length % 2 == 1 ? a[m] : (a[m - 1] + a[m]) / 2;
    }

    /** A table cell; a dash where the value is undefined (the discard sink has no sink cost). */
    static String cell(String format, double v) {
        return Double.isFinite(v) && v >= 0 ? String.format(Locale.ROOT, format, v) : "—";
    }

    static String report(List<Result> results, Settings s) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "Medians of %d repeats. %s; %d buckets, parallelism %d, checkpoints every"
                                + " %d ms.%n%n",
                        s.repeats,
                        workloadText(s),
                        s.buckets,
                        s.parallelism,
                        s.checkpointMs));
        sb.append(
                "| workload | system | wall s | rows/s | sink s (wall − discard) | rows/s of sink"
                        + " | bytes on disk (table dir) | live bytes (latest version) | peak heap"
                        + " MB | memtable budget MB | freshness median s | freshness max s"
                        + " | read back | load avg |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        Map<String, Map<String, double[]>> med = new LinkedHashMap<>();
        for (String w : s.workloads) {
            double discard = Double.NaN;
            for (String sys : s.systems) {
                List<Result> rs =
                        results.stream()
                                .filter(r -> r.workload.equals(w) && r.system.equals(sys))
                                .toList();
                if (rs.isEmpty()) {
                    continue;
                }
                long rows = rs.get(0).rows;
                double wall = median(rs.stream().map(r -> r.wallSeconds).toList());
                if (sys.equals("discard")) {
                    discard = wall;
                }
                double sink = wall - discard;
                double bytes = median(rs.stream().map(r -> (double) r.bytesOnDisk).toList());
                double live = median(rs.stream().map(r -> (double) r.liveBytes).toList());
                double budget = rs.get(0).budgetBytes / (double) (1 << 20);
                double heap = median(rs.stream().map(r -> (double) r.peakHeapBytes).toList());
                double fm = median(rs.stream().map(r -> r.freshMedianSeconds).toList());
                double fx = median(rs.stream().map(r -> r.freshMaxSeconds).toList());
                double load = median(rs.stream().map(r -> r.loadAverage).toList());
                String readBack =
                        rs.stream()
                                        .map(r -> r.readBack == r.expected ? "ok" : "MISMATCH")
                                        .distinct()
                                        .reduce((a, b) -> a + "/" + b)
                                        .orElse("")
                                + " ("
                                + String.format(Locale.ROOT, "%,d", rs.get(0).readBack)
                                + ")";
                med.computeIfAbsent(w, k -> new LinkedHashMap<>())
                        .put(sys, new double[] {wall, sink, bytes, live});
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %s | %.1f | %,.0f | %.1f | %s | %,.0f | %,.0f | %.0f | %s"
                                        + " | %s | %s | %s | %.1f |%n",
                                w,
                                sys,
                                wall,
                                rows / wall,
                                sink,
                                cell("%,.0f", rows / sink),
                                bytes,
                                live,
                                heap / (1 << 20),
                                cell("%.0f", budget),
                                cell("%.1f", fm),
                                cell("%.1f", fx),
                                readBack,
                                load));
            }
        }
        sb.append('\n');
        for (Map.Entry<String, Map<String, double[]>> e : med.entrySet()) {
            for (String mine : s.systems.stream().filter(IngestComparison::isStrata).toList()) {
                for (String other : List.of("paimon", "parquet")) {
                    double[] st = e.getValue().get(mine);
                    double[] ot = e.getValue().get(other);
                    if (st != null && ot != null) {
                        sb.append(
                                String.format(
                                        Locale.ROOT,
                                        "%s %s/%s: wall %.2f, sink cost %.2f, bytes on disk"
                                                + " %.2f, live bytes %.2f%n",
                                        e.getKey(),
                                        mine,
                                        other,
                                        st[0] / ot[0],
                                        st[1] / ot[1],
                                        st[2] / ot[2],
                                        st[3] / ot[3]));
                    }
                }
            }
        }
        return sb.toString();
    }

    /**
     * Pass-through after the source: counts rows (the generation timeline), records the row count
     * at each checkpoint barrier and the completion time of each checkpoint. State is static: the
     * MiniCluster runs in this JVM.
     */
    static final class Probe extends RichMapFunction<RowData, RowData>
            implements CheckpointedFunction, CheckpointListener {
        private static final long serialVersionUID = 1L;
        static final LongAdder ROWS = new LongAdder();

        /** checkpoint id → {rows before the barrier summed over subtasks, subtasks reported}. */
        static final Map<Long, long[]> BARRIERS = new ConcurrentHashMap<>();

        /** checkpoint id → completion time (millis). */
        static final Map<Long, Long> COMPLETED = new ConcurrentHashMap<>();

        private long count;

        static void reset() {
            ROWS.reset();
            BARRIERS.clear();
            COMPLETED.clear();
        }

        @Override
        public RowData map(RowData value) {
            count++;
            ROWS.increment();
            return value;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext ctx) {
            long c = count;
            BARRIERS.compute(
                    ctx.getCheckpointId(),
                    (k, v) -> v == null ? new long[] {c, 1} : new long[] {v[0] + c, v[1] + 1});
        }

        @Override
        public void initializeState(FunctionInitializationContext ctx) {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COMPLETED.putIfAbsent(checkpointId, System.currentTimeMillis());
        }
    }

    /**
     * Samples the generated-row counter every 50 ms and discovers commits (checkpoint id → visible
     * time) every 250 ms while a job runs.
     */
    static final class Poller extends Thread {
        private static final Pattern SNAPSHOT_ID =
                Pattern.compile("\"commitIdentifier\"\\s*:\\s*(-?\\d+)");
        private static final Pattern SNAPSHOT_TIME =
                Pattern.compile("\"timeMillis\"\\s*:\\s*(\\d+)");

        final String system;
        final Path dataDir;
        final List<long[]> generated = new ArrayList<>(); // {millis, rows}
        final Map<Long, Long> visibleMillis = new ConcurrentHashMap<>();
        private final java.util.Set<String> seenSnapshots = new java.util.HashSet<>();
        private volatile boolean stop;
        private Table strata;

        Poller(String system, Path dataDir) {
            super("ingest-comparison-poller");
            setDaemon(true);
            this.system = system;
            this.dataDir = dataDir;
        }

        @Override
        public void run() {
            long next = 0;
            while (!stop) {
                synchronized (generated) {
                    generated.add(new long[] {System.currentTimeMillis(), Probe.ROWS.sum()});
                }
                long now = System.currentTimeMillis();
                if (now >= next) {
                    pollCommits();
                    next = now + 250;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void finish() throws InterruptedException {
            stop = true;
            join();
            generated.add(new long[] {System.currentTimeMillis(), Probe.ROWS.sum()});
            pollCommits();
            if (strata != null) {
                strata.close();
            }
        }

        private void pollCommits() {
            try {
                switch (kind(system)) {
                    case "strata" -> pollStrata();
                    case "paimon" -> pollPaimon();
                    case "parquet" -> visibleMillis.putAll(Probe.COMPLETED);
                    default -> {}
                }
            } catch (IOException | RuntimeException e) {
                // table not created yet, or a file being written: try again on the next poll
            }
        }

        private void pollStrata() throws IOException {
            if (strata == null) {
                if (!Table.exists(LocalFileIO.INSTANCE, dataDir.toString())) {
                    return;
                }
                strata = Table.open(LocalFileIO.INSTANCE, dataDir.toString());
            }
            for (VersionInfo v : strata.versions()) {
                if (v.checkpointId() >= 0) {
                    visibleMillis.merge(v.checkpointId(), v.timestampMillis(), Math::min);
                }
            }
        }

        private void pollPaimon() throws IOException {
            Path dir = dataDir.resolve("snapshot");
            if (!Files.isDirectory(dir)) {
                return;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    String name = p.getFileName().toString();
                    if (!name.startsWith("snapshot-") || seenSnapshots.contains(name)) {
                        continue;
                    }
                    String json = Files.readString(p);
                    Matcher id = SNAPSHOT_ID.matcher(json);
                    Matcher time = SNAPSHOT_TIME.matcher(json);
                    if (id.find() && time.find()) {
                        seenSnapshots.add(name);
                        visibleMillis.merge(
                                Long.parseLong(id.group(1)),
                                Long.parseLong(time.group(1)),
                                Math::min);
                    }
                }
            }
        }
    }
}
