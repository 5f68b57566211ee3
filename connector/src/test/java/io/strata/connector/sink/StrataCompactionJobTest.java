package io.strata.connector.sink;

import io.strata.connector.RowConverter;
import io.strata.connector.StrataSink;
import io.strata.engine.block.Block;
import io.strata.engine.compaction.CompactionOptions;
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
import io.strata.engine.txn.TableState;
import io.strata.proto.olap.RowsetMetaPB;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.RestartStrategyUtils;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streaming jobs with 100 ms checkpoints into a bucketed UNIQUE table with writer-side compaction:
 * every published version keeps every tablet under the rowset hard limit, the contents are exact,
 * and after base compaction neither delete-sign rows nor rows hidden by a DELETE predicate are left
 * in the segment files (read directly, not through the merge). DELETE predicates are published both
 * between two jobs and concurrently with the second one (keys in a sliding window, so each
 * predicate's effect on the reference model is exact). The 600-checkpoint version of this test is
 * {@code io.strata.bench.CompactionSoak} (e2e-tests, {@code bin/strata-soak}).
 */
class StrataCompactionJobTest {
    static final int HARD_LIMIT = 12;
    static final int KEYS = 300;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    static final TypeInformation<Row> KV =
            Types.ROW_NAMED(new String[] {"k", "v"}, Types.INT, Types.LONG);

    static TableDescriptor descriptor() {
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
                .property(CompactionOptions.HARD_LIMIT, String.valueOf(HARD_LIMIT))
                .property(CompactionOptions.SOFT_LIMIT, "8")
                .property(CompactionOptions.CUMULATIVE_MIN_ROWSETS, "3")
                .property(CompactionOptions.BASE_MIN_ROWSETS, "4")
                .property(Table.RETAINED_VERSIONS, "100000")
                .build();
    }

    /** Row i: key i*7 % KEYS (offset), value i; every 5th row deletes its key. */
    static Row gen(long i, int keyFrom) {
        int k = keyFrom + (int) ((i * 7) % (KEYS - keyFrom));
        Row r = Row.of(k, i);
        if (i % 5 == 4) {
            r.setKind(RowKind.DELETE);
        }
        return r;
    }

    /** Job 2 values start here, so a published job-2 row is recognisable by its value. */
    static final long JOB2 = 1_000_000;

    /** Job 2, row i: key in a window of 100 keys starting at 20 + i / 10, value JOB2 + i. */
    static int slidingKey(long i) {
        return 20 + (int) (i / 10) + (int) ((i * 7) % 100);
    }

    static Row slidingGen(long i) {
        Row r = Row.of(slidingKey(i), JOB2 + i);
        if (i % 5 == 4) {
            r.setKind(RowKind.DELETE);
        }
        return r;
    }

    static void apply(Map<Integer, Long> model, long n, int keyFrom) {
        for (long i = 0; i < n; i++) {
            Row r = gen(i, keyFrom);
            if (r.getKind() == RowKind.DELETE) {
                model.remove((Integer) r.getField(0));
            } else {
                model.put((Integer) r.getField(0), (Long) r.getField(1));
            }
        }
    }

    static JobExecutionResult runJob(String path, long n, int keyFrom, int rate) throws Exception {
        return runJob(path, n, i -> gen(i, keyFrom), rate);
    }

    static JobExecutionResult runJob(String path, long n, GeneratorFunction<Long, Row> g, int rate)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        RestartStrategyUtils.configureNoRestartStrategy(env);
        TableDescriptor d = descriptor();
        StrataSink<Row> sink =
                StrataSink.<Row>builder()
                        .tablePath(path)
                        .descriptor(d)
                        .createIfMissing(true)
                        .converter(new RowConverter(d.schema()))
                        .options(Map.of("sink.buffer-rows", "64"))
                        .build();
        // Source parallelism 1: per-key order is the generation order.
        env.fromSource(
                        new DataGeneratorSource<>(g, n, RateLimiterStrategy.perSecond(rate), KV),
                        WatermarkStrategy.noWatermarks(),
                        "gen")
                .setParallelism(1)
                .sinkTo(sink);
        return env.execute();
    }

    @Test
    void manyCheckpointsStayUnderTheCapAndBaseCompactionRemovesDeletedRows() throws Exception {
        String path = dir.resolve("u").toString();
        Map<Integer, Long> model = new TreeMap<>();
        // ~5 s each at 100 ms checkpoints: ~100 checkpoints in all.
        long n1 = 2500;
        runJob(path, n1, 0, 500);
        apply(model, n1, 0);
        long deleteVersion;
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            deleteVersion =
                    t.deleteWhere(
                                    "del-k-lt-20",
                                    List.of(ColumnPredicate.of("k", ColumnPredicate.Op.LT, 20)))
                            .version();
        }
        model.keySet().removeIf(k -> k < 20);
        // Job 2: keys in a sliding window while a thread publishes DELETE k < X for X below the
        // window of the newest published row: every row with such a key is then published (the
        // source has parallelism 1, a checkpoint publishes a prefix) and no later row has one.
        long n2 = 2500;
        List<long[]> concurrentDeletes = new CopyOnWriteArrayList<>(); // {x, afterRow, version}
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> deleterError = new AtomicReference<>();
        Thread deleter =
                new Thread(
                        () -> {
                            try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
                                long lastX = 20;
                                while (!done.get()) {
                                    Thread.sleep(700);
                                    long maxRow = -1;
                                    for (List<Object> r : TestTables.read(t, t.latestVersion())) {
                                        maxRow = Math.max(maxRow, (Long) r.get(1) - JOB2);
                                    }
                                    long x = 20 + maxRow / 10;
                                    if (maxRow >= 0 && x > lastX && !done.get()) {
                                        long v =
                                                t.deleteWhere(
                                                                "concurrent-" + x,
                                                                List.of(
                                                                        ColumnPredicate.of(
                                                                                "k",
                                                                                ColumnPredicate.Op
                                                                                        .LT,
                                                                                (int) x)))
                                                        .version();
                                        concurrentDeletes.add(new long[] {x, maxRow, v});
                                        lastX = x;
                                    }
                                }
                            } catch (Throwable e) {
                                deleterError.set(e);
                            }
                        });
        deleter.start();
        try {
            runJob(path, n2, StrataCompactionJobTest::slidingGen, 500);
        } finally {
            done.set(true);
            deleter.join();
        }
        assertThat(deleterError.get()).isNull();
        assertThat(concurrentDeletes).isNotEmpty();
        int di = 0;
        for (long i = 0; i < n2; i++) {
            Row r = slidingGen(i);
            if (r.getKind() == RowKind.DELETE) {
                model.remove((Integer) r.getField(0));
            } else {
                model.put((Integer) r.getField(0), (Long) r.getField(1));
            }
            while (di < concurrentDeletes.size() && concurrentDeletes.get(di)[1] == i) {
                int x = (int) concurrentDeletes.get(di)[0];
                model.keySet().removeIf(k -> k < x);
                di++;
            }
        }
        assertThat(di).isEqualTo(concurrentDeletes.size());

        List<List<Object>> expected = new ArrayList<>();
        model.forEach((k, v) -> expected.add(TestTables.row(k, v)));
        assertThat(StrataSinkJobTest.sorted(TestTables.read(path)))
                .isEqualTo(StrataSinkJobTest.sorted(expected));
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            long latest = t.latestVersion();
            assertThat(latest).isGreaterThan(60);
            int max = 0;
            boolean compacted = false;
            // the first version holding rows of each tablet (not always 1 with 100 ms checkpoints)
            Map<Long, Long> firstVersion = new HashMap<>();
            for (long v = 1; v <= latest; v++) {
                TableState s = t.state(v);
                for (TableState.TabletState ts : s.tablets().values()) {
                    if (!ts.rowsets().isEmpty()) {
                        firstVersion.putIfAbsent(ts.tabletId(), v);
                    }
                    max = Math.max(max, ts.rowsets().size());
                    for (RowsetMetaPB r : ts.rowsets()) {
                        compacted |= r.getStartVersion() != r.getEndVersion();
                    }
                }
            }
            assertThat(compacted).isTrue();
            assertThat(max).isLessThanOrEqualTo(HARD_LIMIT);
            TableState s = t.state(latest);
            for (TableState.TabletState ts : s.tablets().values()) {
                RowsetMetaPB base = ts.rowsets().get(0);
                // Base compaction ran past the DELETE predicate...
                assertThat(base.getStartVersion()).isEqualTo(firstVersion.get(ts.tabletId()));
                assertThat(base.getEndVersion()).isGreaterThanOrEqualTo(deleteVersion);
                // ...so the files hold no predicate-deleted row, and the base no delete-sign row;
                // the same for every concurrent DELETE the base has folded in.
                int coveredX = 20;
                for (long[] cd : concurrentDeletes) {
                    if (cd[2] <= base.getEndVersion()) {
                        coveredX = Math.max(coveredX, (int) cd[0]);
                    }
                }
                System.out.println(
                        "DBG tablet "
                                + ts.tabletId()
                                + " base end "
                                + base.getEndVersion()
                                + " coveredX "
                                + coveredX
                                + " deletes "
                                + concurrentDeletes.stream()
                                        .map(java.util.Arrays::toString)
                                        .toList()
                                + " latest "
                                + latest);
                for (RowsetMetaPB r : ts.rowsets()) {
                    for (Object[] row : stored(t, r)) {
                        assertThat((Integer) row[0]).isGreaterThanOrEqualTo(coveredX);
                        if (r == base) {
                            assertThat((Byte) row[2]).isEqualTo((byte) 0);
                        }
                    }
                }
            }
        }
    }

    static List<Object[]> stored(Table t, RowsetMetaPB r) throws java.io.IOException {
        int[] all = {0, 1, 2};
        List<Object[]> out = new ArrayList<>();
        for (int seg = 0; seg < r.getNumSegments(); seg++) {
            try (var reader = t.segmentFormat().open(t.io(), t.segmentPath(r, seg), t.schema());
                    SegmentIterator it =
                            reader.newIterator(
                                    new SegmentReadOptions(
                                            all, List.of(), 1024, new ReadStats()))) {
                Block b;
                while ((b = it.next()) != null) {
                    for (int i = 0; i < b.rowCount(); i++) {
                        out.add(b.getRow(i));
                    }
                }
            }
        }
        return out;
    }
}
