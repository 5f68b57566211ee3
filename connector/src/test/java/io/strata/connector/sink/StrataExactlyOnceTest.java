package io.strata.connector.sink;

import io.strata.connector.RowConverter;
import io.strata.connector.StrataSink;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;
import io.strata.engine.table.VersionInfo;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.RestartStrategyUtils;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.strata.connector.sink.TestTables.row;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once under failures: injected task failures at random points (several per run), a failure
 * in the committer after publishing, and stop-with-savepoint + resume at another parallelism.
 * Contents must equal the input exactly; no label may be published twice.
 */
class StrataExactlyOnceTest {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @TempDir Path dir;

    /** Failures still to inject; static: operator fields reset on every restart. */
    static final AtomicInteger FAILURES_LEFT = new AtomicInteger();

    static final AtomicInteger FAILURES_DONE = new AtomicInteger();

    @AfterEach
    void resetHooks() {
        StrataCommitter.afterPublishHook = null;
        FAILURES_LEFT.set(0);
        FAILURES_DONE.set(0);
    }

    /** Identity map that throws at random points once a checkpoint completed since (re)start. */
    static final class FailingMapper extends RichMapFunction<Row, Row>
            implements CheckpointListener {
        private transient boolean checkpointed;
        private transient Random rnd;

        @Override
        public Row map(Row value) {
            if (rnd == null) {
                rnd = new Random(ThreadLocalRandom.current().nextLong());
            }
            if (checkpointed && rnd.nextInt(400) == 0 && FAILURES_LEFT.getAndDecrement() > 0) {
                FAILURES_DONE.incrementAndGet();
                throw new RuntimeException("injected failure");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    static StreamExecutionEnvironment env(int parallelism, Configuration conf) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(200);
        RestartStrategyUtils.configureFixedDelayRestartStrategy(env, 20, 50L);
        return env;
    }

    static StrataSink<Row> sink(String path, TableDescriptor d) {
        return StrataSink.<Row>builder()
                .tablePath(path)
                .descriptor(d)
                .createIfMissing(true)
                .converter(new RowConverter(d.schema()))
                .options(Map.of("sink.buffer-rows", "512"))
                .build();
    }

    static void build(
            StreamExecutionEnvironment env,
            GeneratorFunction<Long, Row> gen,
            long n,
            double rate,
            TypeInformation<Row> type,
            int sourceParallelism,
            boolean failing,
            StrataSink<Row> sink) {
        var s =
                env.fromSource(
                                new DataGeneratorSource<>(
                                        gen, n, RateLimiterStrategy.perSecond(rate), type),
                                WatermarkStrategy.noWatermarks(),
                                "gen")
                        .uid("gen")
                        .setParallelism(sourceParallelism);
        if (failing) {
            s =
                    s.map(new FailingMapper())
                            .returns(type)
                            .uid("fail")
                            .setParallelism(sourceParallelism);
        }
        s.sinkTo(sink).uid("strata-sink");
    }

    static void assertLabelsUnique(String path) throws Exception {
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            Set<String> labels = new HashSet<>();
            for (VersionInfo v : t.versions()) {
                assertThat(labels.add(v.label())).as("label %s published once", v.label()).isTrue();
            }
        }
    }

    static List<List<Object>> dupExpected(long from, long to) {
        List<List<Object>> expected = new ArrayList<>();
        for (long i = from; i < to; i++) {
            expected.add(row(i, "x" + i));
        }
        return expected;
    }

    @Test
    void dupExactlyOnceUnderRandomFailures() throws Exception {
        String path = dir.resolve("dup").toString();
        int n = 10_000;
        FAILURES_LEFT.set(3);
        StreamExecutionEnvironment env = env(2, new Configuration());
        build(
                env,
                i -> Row.of(i, "x" + i),
                n,
                4000,
                StrataSinkJobTest.KV_LONG_STRING,
                2,
                true,
                sink(path, hashDup()));
        env.execute();
        assertThat(FAILURES_DONE.get()).isEqualTo(3);
        assertThat(StrataSinkJobTest.sorted(TestTables.read(path)))
                .isEqualTo(StrataSinkJobTest.sorted(dupExpected(0, n)));
        assertLabelsUnique(path);
    }

    /** DUP (k BIGINT, v STRING) hash-distributed on k into 4 buckets (exercises the shuffle). */
    static TableDescriptor hashDup() {
        TableDescriptor r = TestTables.dupRandom();
        return r.toBuilder().distribution(List.of("k")).buckets(4).build();
    }

    @Test
    void uniqueExactlyOnceUnderRandomFailures() throws Exception {
        String path = dir.resolve("uniq").toString();
        int n = 8_000;
        FAILURES_LEFT.set(3);
        StreamExecutionEnvironment env = env(2, new Configuration());
        build(
                env,
                TestData::uniqueRow,
                n,
                2500,
                StrataSinkJobTest.KV_INT_LONG,
                1,
                true,
                sink(path, TestTables.unique()));
        env.execute();
        assertThat(FAILURES_DONE.get()).isEqualTo(3);
        assertThat(StrataSinkJobTest.sorted(TestTables.read(path)))
                .isEqualTo(StrataSinkJobTest.sorted(TestData.uniqueExpected(n)));
        assertLabelsUnique(path);
    }

    @Test
    void partitionedUniqueExactlyOnceUnderRandomFailuresAtParallelism3() throws Exception {
        String path = dir.resolve("uniqp").toString();
        int n = 6_000;
        FAILURES_LEFT.set(2);
        StreamExecutionEnvironment env = env(3, new Configuration());
        GeneratorFunction<Long, Row> gen =
                i -> {
                    Row r = TestData.uniqueRow(i);
                    int k = (Integer) r.getField(0);
                    return Row.ofKind(r.getKind(), k % 4, k, r.getField(1));
                };
        build(
                env,
                gen,
                n,
                2000,
                StrataSinkJobTest.PKV,
                1,
                true,
                sink(path, TestTables.uniquePartitioned()));
        env.execute();
        assertThat(FAILURES_DONE.get()).isEqualTo(2);
        List<List<Object>> expected = new ArrayList<>();
        for (List<Object> r : TestData.uniqueExpected(n)) {
            int k = (Integer) r.get(0);
            expected.add(row(k % 4, k, r.get(1)));
        }
        assertThat(StrataSinkJobTest.sorted(TestTables.read(path)))
                .isEqualTo(StrataSinkJobTest.sorted(expected));
        assertLabelsUnique(path);
    }

    @Test
    void committerFailureAfterPublishIsRecommittedOnce() throws Exception {
        String path = dir.resolve("commitfail").toString();
        AtomicBoolean failed = new AtomicBoolean();
        StrataCommitter.afterPublishHook =
                c -> {
                    if (c.checkpointId() >= 2 && failed.compareAndSet(false, true)) {
                        throw new RuntimeException(
                                "injected failure after publishing " + c.label());
                    }
                };
        int n = 6_000;
        StreamExecutionEnvironment env = env(2, new Configuration());
        build(
                env,
                i -> Row.of(i, "x" + i),
                n,
                4000,
                StrataSinkJobTest.KV_LONG_STRING,
                2,
                false,
                sink(path, hashDup()));
        env.execute();
        assertThat(failed).isTrue();
        assertThat(StrataSinkJobTest.sorted(TestTables.read(path)))
                .isEqualTo(StrataSinkJobTest.sorted(dupExpected(0, n)));
        assertLabelsUnique(path);
    }

    @ParameterizedTest(name = "parallelism {0} -> {1}")
    @CsvSource({"2, 3", "3, 1"})
    void stopWithSavepointAndResumeAtOtherParallelism(int before, int after) throws Exception {
        String path = dir.resolve("sp").toString();
        String savepoints = dir.resolve("savepoints").toUri().toString();
        int n = 6_000;
        GeneratorFunction<Long, Row> gen = i -> Row.of(i, "x" + i);
        StreamExecutionEnvironment env = env(before, new Configuration());
        build(
                env,
                gen,
                n,
                1500,
                StrataSinkJobTest.KV_LONG_STRING,
                before,
                false,
                sink(path, hashDup()));
        JobClient job = env.executeAsync();
        long deadline = System.currentTimeMillis() + 60_000;
        while (rowsSoFar(path) < 500) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(100);
        }
        String savepoint =
                job.stopWithSavepoint(false, savepoints, SavepointFormatType.CANONICAL).get();
        List<List<Object>> half = TestTables.read(path);
        assertThat(half.size()).isLessThan(n);
        assertThat(new HashSet<>(half)).hasSameSizeAs(half); // no duplicates

        Configuration conf = new Configuration();
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment env2 = env(after, conf);
        // A new builder makes a new commit user; the restored state keeps the old one.
        build(
                env2,
                gen,
                n,
                1500,
                StrataSinkJobTest.KV_LONG_STRING,
                after,
                false,
                sink(path, hashDup()));
        env2.execute();
        assertThat(StrataSinkJobTest.sorted(TestTables.read(path)))
                .isEqualTo(StrataSinkJobTest.sorted(dupExpected(0, n)));
        assertLabelsUnique(path);
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            Set<String> users = new HashSet<>();
            for (VersionInfo v : t.versions()) {
                users.add(v.commitUser());
            }
            assertThat(users).hasSize(1);
        }
    }

    private static long rowsSoFar(String path) throws Exception {
        if (!Table.exists(LocalFileIO.INSTANCE, path)) {
            return 0;
        }
        return TestTables.read(path).size();
    }
}
