package io.strata.connector.sink;

import io.strata.connector.RowConverter;
import io.strata.connector.StrataCompactionJob;
import io.strata.connector.StrataSink;
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
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;
import io.strata.engine.table.VersionInfo;
import io.strata.engine.txn.TableState;
import io.strata.proto.olap.RowsetMetaPB;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.RestartStrategyUtils;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tables written with {@code sink.compaction = false} and compacted externally: the streaming
 * writer publishes only single-version rowsets; the Flink batch compaction job ({@link
 * StrataCompactionJob}) brings every tablet down in ONE published version with the contents
 * unchanged and deleted rows gone from the files; it runs concurrently with loads and DELETEs
 * without losing any; and at the rowset hard limit the writer waits for external compaction, or
 * fails naming the tablet when none comes.
 */
class ExternalCompactionJobTest {
    static final int KEYS = StrataCompactionJobTest.KEYS;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @TempDir Path dir;

    static TableDescriptor descriptor(int hardLimit) {
        TabletSchema s =
                TabletSchema.builder(KeysType.UNIQUE_KEYS)
                        .column(TestTables.key("k", FieldType.INT))
                        .column(
                                TestTables.val(
                                        "v",
                                        DataType.of(FieldType.BIGINT),
                                        AggregationType.REPLACE))
                        .column(
                                Column.builder(Column.DELETE_SIGN, DataType.of(FieldType.TINYINT))
                                        .nullable(false)
                                        .aggregation(AggregationType.REPLACE)
                                        .visible(false)
                                        .build())
                        .build();
        return TableDescriptor.builder(s)
                .distribution(List.of("k"))
                .buckets(4)
                .property(CompactionOptions.HARD_LIMIT, String.valueOf(hardLimit))
                .property(CompactionOptions.SOFT_LIMIT, String.valueOf(Math.max(2, hardLimit / 2)))
                .property(CompactionOptions.CUMULATIVE_MIN_ROWSETS, "3")
                .property(CompactionOptions.BASE_MIN_ROWSETS, "4")
                .property(Table.RETAINED_VERSIONS, "100000")
                .build();
    }

    /** The writer job, compaction off; not started. */
    static StreamExecutionEnvironment writerJob(
            String path, TableDescriptor d, long n, int keyFrom, int rate, String waitTimeout) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        RestartStrategyUtils.configureNoRestartStrategy(env);
        Map<String, String> opts = new HashMap<>();
        opts.put("sink.buffer-rows", "64");
        opts.put("sink.compaction", "false");
        opts.put("sink.compaction.wait-timeout", waitTimeout);
        StrataSink<Row> sink =
                StrataSink.<Row>builder()
                        .tablePath(path)
                        .descriptor(d)
                        .createIfMissing(true)
                        .converter(new RowConverter(d.schema()))
                        .options(opts)
                        .build();
        GeneratorFunction<Long, Row> g = i -> StrataCompactionJobTest.gen(i, keyFrom);
        env.fromSource(
                        new DataGeneratorSource<>(
                                g,
                                n,
                                RateLimiterStrategy.perSecond(rate),
                                StrataCompactionJobTest.KV),
                        WatermarkStrategy.noWatermarks(),
                        "gen")
                .setParallelism(1)
                .sinkTo(sink);
        return env;
    }

    static TableCompactor.Summary compact(String path, boolean full) throws Exception {
        return StrataCompactionJob.builder(path)
                .parallelism(2)
                .full(full)
                .build()
                .run(StreamExecutionEnvironment.getExecutionEnvironment());
    }

    static List<List<Object>> expected(Map<Integer, Long> model) {
        List<List<Object>> out = new ArrayList<>();
        model.forEach((k, v) -> out.add(TestTables.row(k, v)));
        return StrataSinkJobTest.sorted(out);
    }

    static int maxRowsetsEver(Table t) throws Exception {
        int max = 0;
        for (long v = 1; v <= t.latestVersion(); v++) {
            max = Math.max(max, TableCompactor.maxRowsets(t.state(v)));
        }
        return max;
    }

    @Test
    void uncompactedCheckpointsThenOneBatchJobCompactsEveryTablet() throws Exception {
        String path = dir.resolve("t").toString();
        TableDescriptor d = descriptor(1000);
        Map<Integer, Long> model = new TreeMap<>();
        writerJob(path, d, 1000, 0, 500, "1 min").execute();
        StrataCompactionJobTest.apply(model, 1000, 0);
        long deleteVersion;
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            deleteVersion =
                    t.deleteWhere(
                                    "del",
                                    List.of(ColumnPredicate.of("k", ColumnPredicate.Op.LT, 20)))
                            .version();
        }
        model.keySet().removeIf(k -> k < 20);
        writerJob(path, d, 1000, 20, 500, "1 min").execute();
        StrataCompactionJobTest.apply(model, 1000, 20);

        List<List<Object>> before = StrataSinkJobTest.sorted(TestTables.read(path));
        assertThat(before).isEqualTo(expected(model));
        long versionBefore;
        int maxBefore;
        Map<Long, Long> firstVersion = new HashMap<>();
        Map<Long, Long> lastVersion = new HashMap<>();
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            versionBefore = t.latestVersion();
            Map<Long, Integer> last = new HashMap<>();
            for (long v = 1; v <= versionBefore; v++) {
                for (TableState.TabletState ts : t.state(v).tablets().values()) {
                    // Nothing compacted the tablets: single-version rowsets only, counts grow.
                    for (RowsetMetaPB r : ts.rowsets()) {
                        assertThat(r.getStartVersion()).isEqualTo(r.getEndVersion());
                    }
                    assertThat(ts.rowsets().size())
                            .isGreaterThanOrEqualTo(last.getOrDefault(ts.tabletId(), 0));
                    last.put(ts.tabletId(), ts.rowsets().size());
                }
            }
            maxBefore = TableCompactor.maxRowsets(t.state(versionBefore));
            // A tablet's rowsets span the checkpoints that had rows for it (with 100 ms
            // checkpoints not always version 1, nor the latest version).
            for (TableState.TabletState ts : t.state(versionBefore).tablets().values()) {
                firstVersion.put(
                        ts.tabletId(),
                        ts.rowsets().stream()
                                .mapToLong(RowsetMetaPB::getStartVersion)
                                .min()
                                .orElseThrow());
                lastVersion.put(
                        ts.tabletId(),
                        ts.rowsets().stream()
                                .mapToLong(RowsetMetaPB::getEndVersion)
                                .max()
                                .orElseThrow());
            }
            assertThat(maxBefore).isGreaterThanOrEqualTo(10);
        }

        TableCompactor.Summary s = compact(path, true);
        assertThat(s.maxRowsetsBefore()).isEqualTo(maxBefore);
        assertThat(s.maxRowsetsAfter()).isEqualTo(1);
        assertThat(s.compactions()).isEqualTo(4); // one base compaction per tablet
        assertThat(s.bytesRead()).isPositive();
        assertThat(s.bytesWritten()).isPositive();

        assertThat(StrataSinkJobTest.sorted(TestTables.read(path))).isEqualTo(before);
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            // ONE publish made all four tablets' results visible.
            assertThat(t.latestVersion()).isEqualTo(versionBefore + 1);
            List<VersionInfo> vs = t.versions();
            assertThat(vs.get(vs.size() - 1).label()).startsWith("compaction-");
            TableState after = t.state(t.latestVersion());
            assertThat(after.tablets()).hasSize(4);
            for (TableState.TabletState ts : after.tablets().values()) {
                assertThat(ts.rowsets()).hasSize(1);
                RowsetMetaPB base = ts.rowsets().get(0);
                assertThat(base.getStartVersion()).isEqualTo(firstVersion.get(ts.tabletId()));
                assertThat(base.getEndVersion()).isEqualTo(lastVersion.get(ts.tabletId()));
                assertThat(base.getEndVersion()).isGreaterThan(deleteVersion);
                // Read the files, not the merge: deleted rows left the disk.
                for (Object[] row : StrataCompactionJobTest.stored(t, base)) {
                    assertThat((Integer) row[0]).isGreaterThanOrEqualTo(20);
                    assertThat((Byte) row[2]).isEqualTo((byte) 0);
                }
            }
        }
        // Nothing left to do: a second run publishes nothing.
        TableCompactor.Summary again = compact(path, false);
        assertThat(again.compactions()).isZero();
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            assertThat(t.latestVersion()).isEqualTo(versionBefore + 1);
        }
    }

    @Test
    void batchCompactionConcurrentWithLoadsAndDeletesLosesNothing() throws Exception {
        String path = dir.resolve("c").toString();
        TableDescriptor d = descriptor(1000);
        Map<Integer, Long> model = new TreeMap<>();
        writerJob(path, d, 600, 0, 1000, "1 min").execute();
        StrataCompactionJobTest.apply(model, 600, 0);
        // The streaming writer only touches keys >= 100; DELETEs hit keys < 100 meanwhile, so
        // the model does not depend on how they interleave with its checkpoints.
        JobClient writer = writerJob(path, d, 4000, 100, 800, "1 min").executeAsync();
        int compactions = 0;
        int deletes = 0;
        int runs = 0;
        AtomicBoolean done = new AtomicBoolean();
        writer.getJobExecutionResult().whenComplete((r, e) -> done.set(true));
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            while (!done.get() || runs < 2) {
                CompletableFuture<TableCompactor.Summary> job =
                        CompletableFuture.supplyAsync(
                                () -> {
                                    try {
                                        return compact(path, false);
                                    } catch (Exception e) {
                                        throw new RuntimeException(e);
                                    }
                                });
                if (deletes < 3) {
                    // While the compaction job runs: a DELETE predicate publishes.
                    Thread.sleep(300);
                    int below = 30 * (deletes + 1);
                    t.deleteWhere(
                            "del-" + below,
                            List.of(ColumnPredicate.of("k", ColumnPredicate.Op.LT, below)));
                    model.keySet().removeIf(k -> k < below);
                    deletes++;
                }
                compactions += job.get(60, TimeUnit.SECONDS).compactions();
                runs++;
            }
        }
        writer.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        StrataCompactionJobTest.apply(model, 4000, 100);
        assertThat(compactions).isPositive();
        assertThat(StrataSinkJobTest.sorted(TestTables.read(path))).isEqualTo(expected(model));
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            // Some compaction published while the writer was still publishing loads.
            long lastLoad = 0;
            long firstCompaction = Long.MAX_VALUE;
            for (VersionInfo v : t.versions()) {
                if (v.label() != null && v.label().startsWith("compaction-")) {
                    firstCompaction = Math.min(firstCompaction, v.version());
                } else if (v.commitUser() != null) {
                    lastLoad = v.version();
                }
            }
            assertThat(firstCompaction).isLessThan(lastLoad);
        }
        // A final full compaction: still exact, and no row any DELETE hit is left in the files.
        compact(path, true);
        assertThat(StrataSinkJobTest.sorted(TestTables.read(path))).isEqualTo(expected(model));
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            for (TableState.TabletState ts : t.state(t.latestVersion()).tablets().values()) {
                assertThat(ts.rowsets()).hasSize(1);
                for (Object[] row : StrataCompactionJobTest.stored(t, ts.rowsets().get(0))) {
                    assertThat((Integer) row[0]).isGreaterThanOrEqualTo(30 * deletes);
                    assertThat((Byte) row[2]).isEqualTo((byte) 0);
                }
            }
        }
    }

    @Test
    void writerAtTheHardLimitWaitsForExternalCompaction() throws Exception {
        int hard = 6;
        String path = dir.resolve("w").toString();
        TableDescriptor d = descriptor(hard);
        long n = 1500;
        JobClient writer = writerJob(path, d, n, 0, 500, "20 s").executeAsync();
        AtomicBoolean done = new AtomicBoolean();
        writer.getJobExecutionResult().whenComplete((r, e) -> done.set(true));
        // No compaction for the first second: the writer reaches the limit and must wait.
        Thread.sleep(1500);
        int published = 0;
        while (!done.get()) {
            if (Table.exists(LocalFileIO.INSTANCE, path)) {
                try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
                    published += new TableCompactor(t).runOnce(false).size();
                }
            }
            Thread.sleep(100);
        }
        writer.getJobExecutionResult().get(30, TimeUnit.SECONDS);
        Map<Integer, Long> model = new TreeMap<>();
        StrataCompactionJobTest.apply(model, n, 0);
        assertThat(published).isPositive();
        assertThat(StrataSinkJobTest.sorted(TestTables.read(path))).isEqualTo(expected(model));
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            assertThat(maxRowsetsEver(t)).isLessThanOrEqualTo(hard);
            // The limit mattered: some tablet received more loads than the limit.
            Map<Long, Integer> loads = new HashMap<>();
            for (long v = 1; v <= t.latestVersion(); v++) {
                for (TableState.TabletState ts : t.state(v).tablets().values()) {
                    for (RowsetMetaPB r : ts.rowsets()) {
                        if (r.getStartVersion() == v && r.getEndVersion() == v) {
                            loads.merge(ts.tabletId(), 1, Integer::sum);
                        }
                    }
                }
            }
            assertThat(loads.values().stream().mapToInt(x -> x).max().orElse(0))
                    .isGreaterThan(hard);
        }
    }

    @Test
    void writerFailsNamingTheTabletWhenNoCompactionComes() throws Exception {
        int hard = 4;
        String path = dir.resolve("f").toString();
        assertThatThrownBy(() -> writerJob(path, descriptor(hard), 3000, 0, 500, "1 s").execute())
                .satisfies(
                        e -> {
                            Throwable c = e;
                            String all = "";
                            while (c != null) {
                                all += c.getMessage() + "\n";
                                c = c.getCause();
                            }
                            assertThat(all)
                                    .containsPattern("tablet \\d+ would hold 5 rowsets")
                                    .contains(CompactionOptions.HARD_LIMIT + " = 4")
                                    .contains("bin/strata compact " + path);
                        });
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            assertThat(maxRowsetsEver(t)).isLessThanOrEqualTo(hard);
        }
    }
}
