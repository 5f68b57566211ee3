package io.strata.bench;

import io.strata.connector.RowConverter;
import io.strata.connector.StrataSink;
import io.strata.engine.block.Block;
import io.strata.engine.compaction.CompactionOptions;
import io.strata.engine.compaction.TableCompactor;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.ReadStats;
import io.strata.engine.segment.SegmentIterator;
import io.strata.engine.segment.SegmentReadOptions;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;
import io.strata.engine.table.VersionInfo;
import io.strata.engine.txn.TableState;
import io.strata.engine.util.CloseableIterator;
import io.strata.proto.olap.RowsetMetaPB;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The long compaction soak of issue 6 (a main class, not a test; about 11 minutes): a streaming
 * DataStream job with EXACTLY_ONCE checkpoints every second writes ≥ 600 checkpoints into a
 * bucketed UNIQUE table with writer-side compaction and a low rowset hard cap, while a separate
 * thread publishes {@code DELETE WHERE k < X} predicates. At the end it checks, and prints:
 *
 * <ol>
 *   <li>every published version keeps every tablet at or under the cap (max and distribution);
 *   <li>a full scan equals an in-memory reference model (rows applied in generation order, each
 *       DELETE applied at the generation position it was published after);
 *   <li>read directly from the segment files of the latest version (no merge): no stored row
 *       matches a DELETE predicate whose version the tablet's base rowset covers, and the base
 *       rowset holds no delete-sign row; if the last predicate is not covered everywhere, a final
 *       full compaction ({@link TableCompactor}) runs and the check repeats (said in the output);
 *   <li>compactions, bytes compacted, wall time, rows, checkpoints, table bytes.
 * </ol>
 *
 * <p>Rows: row i has key {@code w(i) + (i * 7919) % W} with {@code w(i) = i / SLIDE} (a window of W
 * keys sliding upwards), value i, and every 5th row is a {@link RowKind#DELETE} (delete sign). The
 * source has parallelism 1, so one checkpoint publishes a prefix of the generated sequence and a
 * published row with value j proves rows 0..j are published. A DELETE {@code k < w(j)} is then
 * exact: every earlier row with such a key is published, and no later row can have one. The source
 * is gated per checkpoint ({@link RateLimiterStrategy#perCheckpoint}): each checkpoint carries one
 * batch of rows, so the row count fixes the number of checkpoints (and versions) the job publishes.
 *
 * <p>Exit code 0 when every check passes, 1 otherwise. Usage: {@code CompactionSoak DIR
 * [checkpoints=600] [rowsPerCheckpoint=500] [hardCap=40] [deleteEverySeconds=60] [buckets=8]
 * [deleteAfterJob=false]}; {@code deleteAfterJob} publishes one more DELETE once the job has ended,
 * which no writer compacts any more, to exercise the final {@link TableCompactor} step.
 */
public final class CompactionSoak {
    private CompactionSoak() {}

    /** Keys in the sliding window. */
    static final int WINDOW = 2000;

    /** Rows per one-key move of the window. */
    static final int SLIDE = 25;

    static final TypeInformation<Row> KV =
            Types.ROW_NAMED(new String[] {"k", "v"}, Types.INT, Types.LONG);

    static int windowStart(long i) {
        return (int) (i / SLIDE);
    }

    static int key(long i) {
        return windowStart(i) + (int) ((i * 7919) % WINDOW);
    }

    static Row gen(long i) {
        Row r = Row.of(key(i), i);
        if (i % 5 == 4) {
            r.setKind(RowKind.DELETE);
        }
        return r;
    }

    static TableDescriptor descriptor(int buckets, int hardCap) {
        TabletSchema s =
                TabletSchema.builder(KeysType.UNIQUE_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.INT))
                                        .key(true)
                                        .nullable(false)
                                        .build())
                        .column(
                                Column.builder("v", DataType.of(FieldType.BIGINT))
                                        .aggregation(AggregationType.REPLACE)
                                        .build())
                        .column(
                                Column.builder(Column.DELETE_SIGN, DataType.of(FieldType.TINYINT))
                                        .nullable(false)
                                        .aggregation(AggregationType.REPLACE)
                                        .visible(false)
                                        .build())
                        .build();
        return TableDescriptor.builder(s)
                .distribution(List.of("k"))
                .buckets(buckets)
                .property(CompactionOptions.HARD_LIMIT, String.valueOf(hardCap))
                // Every version stays readable so that the cap can be checked in each of them.
                .property(Table.RETAINED_VERSIONS, "1000000")
                .build();
    }

    /** One published DELETE predicate: {@code k < x}, after generated row {@code afterRow}. */
    record Delete(int x, long afterRow, long version) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println(
                    "usage: CompactionSoak DIR [checkpoints=600] [rowsPerCheckpoint=500]"
                            + " [hardCap=40] [deleteEverySeconds=60] [buckets=8]"
                            + " [deleteAfterJob=false]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int checkpoints = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        int perCheckpoint = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int hardCap = args.length > 3 ? Integer.parseInt(args[3]) : 40;
        int deleteEvery = args.length > 4 ? Integer.parseInt(args[4]) : 60;
        int buckets = args.length > 5 ? Integer.parseInt(args[5]) : 8;
        boolean deleteAfterJob = args.length > 6 && Boolean.parseBoolean(args[6]);
        boolean ok;
        try {
            ok =
                    run(
                            dir,
                            checkpoints,
                            perCheckpoint,
                            hardCap,
                            deleteEvery,
                            buckets,
                            deleteAfterJob);
        } catch (Throwable e) {
            // A failed job: exit explicitly, the MiniCluster's threads would keep the JVM alive.
            System.out.println("FAIL: " + e);
            e.printStackTrace(System.out);
            ok = false;
        }
        System.exit(ok ? 0 : 1);
    }

    /** Runs the soak; true when every check passed. */
    static boolean run(
            Path dir,
            int checkpoints,
            int perCheckpoint,
            int hardCap,
            int deleteEvery,
            int buckets,
            boolean deleteAfterJob)
            throws Exception {
        Files.createDirectories(dir);
        Path tableDir = dir.resolve("soak-" + System.currentTimeMillis());
        String path = tableDir.toString();
        // A few batches beyond the target, as a margin (a checkpoint that completes while the
        // source is still starting carries no rows).
        long rows = (long) perCheckpoint * (checkpoints + 5);
        TableDescriptor d = descriptor(buckets, hardCap);
        Table.create(LocalFileIO.INSTANCE, path, d).close();
        System.out.printf(
                Locale.ROOT,
                "soak: table %s, UNIQUE (k INT, v BIGINT, delete sign) HASH(k) BUCKETS %d,"
                        + " hard cap %d rowsets per tablet (%s), soft limit %d; %d rows, %d per"
                        + " checkpoint, checkpoint interval 1 s EXACTLY_ONCE, parallelism 2 (source"
                        + " 1), DELETE every %d s%n",
                path,
                buckets,
                hardCap,
                CompactionOptions.HARD_LIMIT,
                CompactionOptions.fromProperties(d.properties()).softLimit(),
                rows,
                perCheckpoint,
                deleteEvery);

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(1000, CheckpointingMode.EXACTLY_ONCE);
        StrataSink<Row> sink =
                StrataSink.<Row>builder()
                        .tablePath(path)
                        .descriptor(d)
                        .createIfMissing(true)
                        .converter(new RowConverter(d.schema()))
                        .build();
        GeneratorFunction<Long, Row> g = CompactionSoak::gen;
        env.fromSource(
                        new DataGeneratorSource<>(
                                g, rows, RateLimiterStrategy.perCheckpoint(perCheckpoint), KV),
                        WatermarkStrategy.noWatermarks(),
                        "soak-gen")
                .setParallelism(1)
                .sinkTo(sink)
                .name("strata-soak");

        long start = System.nanoTime();
        JobClient job = env.executeAsync("compaction-soak");
        List<Delete> deletes = new CopyOnWriteArrayList<>();
        AtomicBoolean jobDone = new AtomicBoolean();
        List<Throwable> deleterErrors = new CopyOnWriteArrayList<>();
        Thread deleter =
                new Thread(
                        () -> {
                            try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
                                deleteLoop(t, jobDone, deleteEvery, deletes, start);
                            } catch (Throwable e) {
                                deleterErrors.add(e);
                            }
                        },
                        "soak-deleter");
        deleter.setDaemon(true);
        deleter.start();
        try {
            job.getJobExecutionResult().get();
        } finally {
            jobDone.set(true);
        }
        long wallNanos = System.nanoTime() - start;
        deleter.join(TimeUnit.MINUTES.toMillis(2));
        System.out.printf(Locale.ROOT, "soak: job finished after %.1f s%n", wallNanos / 1e9);

        boolean ok = true;
        if (!deleterErrors.isEmpty()) {
            System.out.println("FAIL: the DELETE thread failed: " + deleterErrors.get(0));
            deleterErrors.get(0).printStackTrace(System.out);
            ok = false;
        }
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            if (deleteAfterJob) {
                int lastX = deletes.isEmpty() ? 0 : deletes.get(deletes.size() - 1).x();
                System.out.println("soak: one more DELETE after the job ended:");
                deleteBelowPublished(t, deletes, start, lastX);
            }
            ok &= check(t, rows, checkpoints, hardCap, deletes, wallNanos, tableDir);
        }
        System.out.println(ok ? "soak: ALL CHECKS PASSED" : "soak: SOME CHECK FAILED");
        return ok;
    }

    /**
     * Every {@code every} seconds until the job ends: finds the highest generated row that is
     * published (the largest visible v), and deletes the keys below the window of that row.
     */
    static void deleteLoop(Table t, AtomicBoolean done, int every, List<Delete> out, long start)
            throws Exception {
        int lastX = 0;
        while (true) {
            // Polls a flag instead of being interrupted: an interrupt inside a file read would
            // close the NIO channel under it and fail the soak for no reason.
            long until = System.nanoTime() + every * 1_000_000_000L;
            while (System.nanoTime() < until) {
                if (done.get()) {
                    return;
                }
                Thread.sleep(100);
            }
            lastX = deleteBelowPublished(t, out, start, lastX);
        }
    }

    /**
     * Publishes {@code DELETE k < X} with X the window start of the newest published row, if X is
     * above {@code lastX}; returns the X now in force.
     */
    static int deleteBelowPublished(Table t, List<Delete> out, long start, int lastX)
            throws IOException {
        long maxRow = -1;
        try (CloseableIterator<Block> it =
                t.newScan().version(t.latestVersion()).project(List.of("k", "v")).open()) {
            for (Block b = it.next(); b != null; b = it.next()) {
                for (int i = 0; i < b.rowCount(); i++) {
                    maxRow = Math.max(maxRow, (Long) b.getRow(i)[1]);
                }
            }
        }
        int x = windowStart(maxRow);
        if (maxRow < 0 || x <= lastX) {
            return lastX;
        }
        long v =
                t.deleteWhere(
                                "soak-delete-" + out.size(),
                                List.of(ColumnPredicate.of("k", ColumnPredicate.Op.LT, x)))
                        .version();
        out.add(new Delete(x, maxRow, v));
        System.out.printf(
                Locale.ROOT,
                "soak: %.0f s: DELETE k < %d published as version %d (rows 0..%d published)%n",
                (System.nanoTime() - start) / 1e9,
                x,
                v,
                maxRow);
        return x;
    }

    static boolean check(
            Table t,
            long rows,
            int targetCheckpoints,
            int hardCap,
            List<Delete> deletes,
            long wallNanos,
            Path tableDir)
            throws IOException {
        boolean ok = true;
        long latest = t.latestVersion();

        // (0) versions: the job's (one per checkpoint) and the DELETEs.
        int jobVersions = 0;
        int deleteVersions = 0;
        Set<Long> checkpointIds = new HashSet<>();
        for (VersionInfo vi : t.versions()) {
            if (vi.isDelete()) {
                deleteVersions++;
            } else if (vi.commitUser() != null) {
                jobVersions++;
                checkpointIds.add(vi.checkpointId());
            }
        }
        System.out.printf(
                Locale.ROOT,
                "versions: %d in all, %d published by the job (%d distinct checkpoints), %d"
                        + " DELETE%n",
                latest,
                jobVersions,
                checkpointIds.size(),
                deleteVersions);
        if (jobVersions < targetCheckpoints) {
            System.out.println(
                    "FAIL: fewer than " + targetCheckpoints + " job versions: " + jobVersions);
            ok = false;
        }

        // (1) the cap in every version; compactions from the differences between versions.
        int maxSeen = 0;
        long maxAt = 0;
        TreeMap<Integer, Long> histogram = new TreeMap<>();
        int compactions = 0;
        int baseCompactions = 0;
        long bytesIn = 0;
        long bytesOut = 0;
        Map<Long, Map<String, RowsetMetaPB>> prev = new HashMap<>();
        for (long v = 1; v <= latest; v++) {
            TableState s = t.state(v);
            for (TableState.TabletState ts : s.tablets().values()) {
                int n = ts.rowsets().size();
                histogram.merge(n, 1L, Long::sum);
                if (n > maxSeen) {
                    maxSeen = n;
                    maxAt = v;
                }
                Map<String, RowsetMetaPB> before = prev.getOrDefault(ts.tabletId(), Map.of());
                Map<String, RowsetMetaPB> now = new HashMap<>();
                for (RowsetMetaPB r : ts.rowsets()) {
                    now.put(r.getRowsetIdV2(), r);
                }
                boolean removed = false;
                for (RowsetMetaPB r : before.values()) {
                    if (!now.containsKey(r.getRowsetIdV2())) {
                        // Input bytes: the rowsets this version replaced.
                        removed = true;
                        bytesIn += r.getTotalDiskSize();
                    }
                }
                if (removed) {
                    for (RowsetMetaPB r : ts.rowsets()) {
                        if (!before.containsKey(r.getRowsetIdV2())
                                && r.getStartVersion() < r.getEndVersion()) {
                            compactions++;
                            bytesOut += r.getTotalDiskSize();
                            if (r == ts.rowsets().get(0)) {
                                baseCompactions++;
                            }
                        }
                    }
                }
                prev.put(ts.tabletId(), now);
            }
        }
        StringBuilder dist = new StringBuilder();
        histogram.forEach((n, c) -> dist.append(String.format(Locale.ROOT, " %d: %d;", n, c)));
        System.out.printf(
                Locale.ROOT,
                "(1) rowsets per tablet over all %d versions: max %d (first at version %d), cap"
                        + " %d; (version, tablet) pairs by rowset count:%s%n",
                latest,
                maxSeen,
                maxAt,
                hardCap,
                dist);
        if (maxSeen > hardCap) {
            System.out.println("FAIL: a tablet exceeded the cap");
            ok = false;
        }

        // (2) full scan against the reference model.
        TreeMap<Integer, Long> model = new TreeMap<>();
        int di = 0;
        for (long i = 0; i < rows; i++) {
            int k = key(i);
            if (i % 5 == 4) {
                model.remove(k);
            } else {
                model.put(k, i);
            }
            while (di < deletes.size() && deletes.get(di).afterRow() == i) {
                model.headMap(deletes.get(di).x()).clear();
                di++;
            }
        }
        TreeMap<Integer, Long> scanned = new TreeMap<>();
        long scannedRows = 0;
        try (CloseableIterator<Block> it =
                t.newScan().version(latest).project(List.of("k", "v")).open()) {
            for (Block b = it.next(); b != null; b = it.next()) {
                for (int i = 0; i < b.rowCount(); i++) {
                    Object[] r = b.getRow(i);
                    scanned.put((Integer) r[0], (Long) r[1]);
                    scannedRows++;
                }
            }
        }
        boolean exact = scanned.equals(model) && scannedRows == model.size();
        System.out.printf(
                Locale.ROOT,
                "(2) full scan: %d rows, model %d rows: %s%n",
                scannedRows,
                model.size(),
                exact ? "equal" : "DIFFERENT");
        if (!exact) {
            ok = false;
            int shown = 0;
            for (var e : model.entrySet()) {
                Long got = scanned.get(e.getKey());
                if (!e.getValue().equals(got) && shown++ < 10) {
                    System.out.println(
                            "  key " + e.getKey() + ": model " + e.getValue() + ", scan " + got);
                }
            }
            for (var e : scanned.entrySet()) {
                if (!model.containsKey(e.getKey()) && shown++ < 20) {
                    System.out.println(
                            "  key " + e.getKey() + ": not in model, scan " + e.getValue());
                }
            }
        }

        // (3) the files of the latest version, read directly.
        FileCheck fc = checkFiles(t, latest, deletes);
        if (!deletes.isEmpty() && fc.lastUncovered() > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "(3) the last DELETE (version %d) is not yet covered by base compaction in %d"
                            + " tablet(s); running a final full compaction (TableCompactor)%n",
                    deletes.get(deletes.size() - 1).version(),
                    fc.lastUncovered());
            TableCompactor.Summary sum = new TableCompactor(t).run(true, 10);
            System.out.printf(
                    Locale.ROOT,
                    "    final compaction: %d compactions, %d bytes read, %d written, %.0f ms%n",
                    sum.compactions(),
                    sum.bytesRead(),
                    sum.bytesWritten(),
                    sum.nanos() / 1e6);
            latest = t.latestVersion();
            fc = checkFiles(t, latest, deletes);
            // After a full base compaction each tablet is one rowset: exactly the live rows.
            if (fc.storedRows() != model.size()) {
                System.out.printf(
                        Locale.ROOT,
                        "FAIL: after the full compaction the files hold %d rows, the model %d%n",
                        fc.storedRows(),
                        model.size());
                ok = false;
            }
        }
        ok &= fc.ok();
        if (fc.ok() && !deletes.isEmpty() && fc.lastUncovered() > 0) {
            System.out.println("FAIL: the last DELETE is still not covered by base compaction");
            ok = false;
        }

        // (4) totals.
        long live = 0;
        for (TableState.TabletState ts : t.state(latest).tablets().values()) {
            for (RowsetMetaPB r : ts.rowsets()) {
                live += r.getTotalDiskSize();
            }
        }
        long onDisk;
        try (Stream<Path> files = Files.walk(tableDir)) {
            onDisk =
                    files.filter(Files::isRegularFile)
                            .mapToLong(
                                    p -> {
                                        try {
                                            return Files.size(p);
                                        } catch (IOException e) {
                                            return 0;
                                        }
                                    })
                            .sum();
        }
        System.out.printf(
                Locale.ROOT,
                "(4) wall %.1f s, %d rows (%.0f rows/s), %d job checkpoints (%.2f s each),"
                        + " %d writer-side compactions (%d base, %d cumulative), %d bytes compacted"
                        + " (read) -> %d written, live table %d bytes in the latest version, %d bytes"
                        + " on disk (every version retained)%n",
                wallNanos / 1e9,
                rows,
                rows / (wallNanos / 1e9),
                checkpointIds.size(),
                wallNanos / 1e9 / Math.max(1, checkpointIds.size()),
                compactions,
                baseCompactions,
                compactions - baseCompactions,
                bytesIn,
                bytesOut,
                live,
                onDisk);
        return ok;
    }

    /** Outcome of {@link #checkFiles}. */
    record FileCheck(boolean ok, int lastUncovered, long storedRows) {}

    /**
     * Reads every segment of every live rowset of version {@code v} directly. Per tablet, the
     * DELETE predicates at or below the base rowset's end version are "covered": no stored row of
     * the tablet may match one, and the base may hold no delete-sign row.
     */
    static FileCheck checkFiles(Table t, long v, List<Delete> deletes) throws IOException {
        boolean ok = true;
        TableState s = t.state(v);
        int[] coveredIn = new int[deletes.size()];
        int tablets = s.tablets().size();
        long stored = 0;
        long storedDeleteSign = 0;
        long baseDeleteSign = 0;
        long baseRows = 0;
        for (TableState.TabletState ts : s.tablets().values()) {
            RowsetMetaPB base = ts.rowsets().get(0);
            int coveredX = Integer.MIN_VALUE;
            for (int i = 0; i < deletes.size(); i++) {
                if (deletes.get(i).version() <= base.getEndVersion()) {
                    coveredIn[i]++;
                    coveredX = Math.max(coveredX, deletes.get(i).x());
                }
            }
            boolean baseCompacted = base.getStartVersion() < base.getEndVersion();
            for (RowsetMetaPB r : ts.rowsets()) {
                boolean isBase = r == base;
                for (int seg = 0; seg < r.getNumSegments(); seg++) {
                    String file = t.segmentPath(r, seg);
                    try (var reader = t.segmentFormat().open(t.io(), file, t.schema());
                            SegmentIterator it =
                                    reader.newIterator(
                                            new SegmentReadOptions(
                                                    new int[] {0, 1, 2},
                                                    List.of(),
                                                    4096,
                                                    new ReadStats()))) {
                        for (Block b = it.next(); b != null; b = it.next()) {
                            for (int i = 0; i < b.rowCount(); i++) {
                                Object[] row = b.getRow(i);
                                int k = (Integer) row[0];
                                boolean sign = ((Byte) row[2]) != 0;
                                stored++;
                                if (sign) {
                                    storedDeleteSign++;
                                    if (isBase) {
                                        baseDeleteSign++;
                                    }
                                }
                                if (isBase) {
                                    baseRows++;
                                }
                                if (k < coveredX) {
                                    if (ok) {
                                        System.out.printf(
                                                Locale.ROOT,
                                                "FAIL: %s holds key %d, deleted by a covered"
                                                        + " DELETE k < %d%n",
                                                file,
                                                k,
                                                coveredX);
                                    }
                                    ok = false;
                                }
                                if (isBase && baseCompacted && sign) {
                                    if (ok) {
                                        System.out.printf(
                                                Locale.ROOT,
                                                "FAIL: base rowset file %s holds a delete-sign"
                                                        + " row (key %d)%n",
                                                file,
                                                k);
                                    }
                                    ok = false;
                                }
                            }
                        }
                    }
                }
            }
            if (!baseCompacted) {
                System.out.printf(
                        Locale.ROOT,
                        "    tablet %d: base rowset [%d-%d] was never compacted%n",
                        ts.tabletId(),
                        base.getStartVersion(),
                        base.getEndVersion());
            }
        }
        int fully = 0;
        StringBuilder per = new StringBuilder();
        for (int i = 0; i < deletes.size(); i++) {
            if (coveredIn[i] == tablets) {
                fully++;
            }
            per.append(
                    String.format(
                            Locale.ROOT,
                            " k<%d@v%d:%d/%d;",
                            deletes.get(i).x(),
                            deletes.get(i).version(),
                            coveredIn[i],
                            tablets));
        }
        int lastUncovered = deletes.isEmpty() ? 0 : tablets - coveredIn[deletes.size() - 1];
        System.out.printf(
                Locale.ROOT,
                "(3) segment files of version %d: %d stored rows (%d in base rowsets), %d"
                        + " delete-sign rows (%d of them in base rowsets); %d of %d DELETE predicates"
                        + " covered by base compaction in every tablet (per predicate, tablets"
                        + " covered:%s); no stored row matches a covered predicate: %s%n",
                v,
                stored,
                baseRows,
                storedDeleteSign,
                baseDeleteSign,
                fully,
                deletes.size(),
                per,
                ok ? "yes" : "NO");
        return new FileCheck(ok, lastUncovered, stored);
    }
}
