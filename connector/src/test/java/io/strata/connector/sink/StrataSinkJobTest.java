package io.strata.connector.sink;

import io.strata.connector.RowConverter;
import io.strata.connector.RowDataConverter;
import io.strata.connector.StrataSink;
import io.strata.engine.table.TableDescriptor;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.RestartStrategyUtils;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.strata.connector.sink.TestTables.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DataStream sink on a MiniCluster into DUP, UNIQUE and AGG tables; bad input handling. */
class StrataSinkJobTest {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @TempDir Path dir;

    static final TypeInformation<Row> KPV =
            Types.ROW_NAMED(new String[] {"k", "p", "v"}, Types.INT, Types.INT, Types.STRING);
    static final TypeInformation<Row> KV_LONG_STRING =
            Types.ROW_NAMED(new String[] {"k", "v"}, Types.LONG, Types.STRING);
    static final TypeInformation<Row> KV_INT_LONG =
            Types.ROW_NAMED(new String[] {"k", "v"}, Types.INT, Types.LONG);
    static final TypeInformation<Row> KSM =
            Types.ROW_NAMED(new String[] {"k", "s", "m"}, Types.INT, Types.LONG, Types.LONG);

    static StreamExecutionEnvironment env(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.enableCheckpointing(100);
        RestartStrategyUtils.configureNoRestartStrategy(env);
        return env;
    }

    static StrataSink<Row> sink(String path, TableDescriptor d, Map<String, String> options) {
        return StrataSink.<Row>builder()
                .tablePath(path)
                .descriptor(d)
                .createIfMissing(true)
                .converter(new RowConverter(d.schema()))
                .options(options)
                .build();
    }

    static void run(
            StreamExecutionEnvironment env,
            GeneratorFunction<Long, Row> gen,
            long n,
            TypeInformation<Row> type,
            int sourceParallelism,
            StrataSink<Row> sink)
            throws Exception {
        env.fromSource(
                        new DataGeneratorSource<>(gen, n, type),
                        WatermarkStrategy.noWatermarks(),
                        "gen")
                .setParallelism(sourceParallelism)
                .sinkTo(sink);
        env.execute();
    }

    static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> r = new ArrayList<>(rows);
        r.sort(Comparator.comparing(Object::toString));
        return r;
    }

    @Test
    void dupPartitionedBucketedStreaming() throws Exception {
        String path = dir.resolve("dup").toString();
        TableDescriptor d = TestTables.dupPartitioned();
        int n = 5000;
        run(
                env(3),
                i -> Row.of((int) (long) i, (int) (i % 5), "v" + i),
                n,
                KPV,
                2,
                sink(path, d, Map.of("sink.buffer-rows", "256")));
        List<List<Object>> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(row(i, i % 5, "v" + i));
        }
        assertThat(sorted(TestTables.read(path))).isEqualTo(sorted(expected));
    }

    @Test
    void dupRandomDistributionBatch() throws Exception {
        String path = dir.resolve("rnd").toString();
        StreamExecutionEnvironment env = env(2);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        int n = 3000;
        run(
                env,
                i -> Row.of(i, "x" + i),
                n,
                KV_LONG_STRING,
                2,
                sink(path, TestTables.dupRandom(), Map.of()));
        List<List<Object>> expected = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            expected.add(row(i, "x" + i));
        }
        assertThat(sorted(TestTables.read(path))).isEqualTo(sorted(expected));
    }

    /** Mutates and re-emits one RowData instance: the sink must copy values, never keep it. */
    static final class ReusingMapper
            extends org.apache.flink.api.common.functions.RichMapFunction<Long, RowData> {
        private transient GenericRowData reused;

        @Override
        public RowData map(Long i) {
            if (reused == null) {
                reused = new GenericRowData(2);
            }
            reused.setField(0, i);
            reused.setField(1, StringData.fromString("x" + i));
            return reused;
        }
    }

    @Test
    void objectReuseIsSafeWithChainedRandomDistribution() throws Exception {
        String path = dir.resolve("reuse").toString();
        StreamExecutionEnvironment env = env(2);
        env.getConfig().enableObjectReuse();
        TableDescriptor d = TestTables.dupRandom();
        RowType rt =
                RowType.of(
                        new LogicalType[] {new BigIntType(false), new VarCharType(100)},
                        new String[] {"k", "v"});
        int n = 5000;
        env.fromSequence(0, n - 1)
                .map(new ReusingMapper())
                .returns(InternalTypeInfo.of(rt))
                .sinkTo(
                        StrataSink.<RowData>builder()
                                .tablePath(path)
                                .descriptor(d)
                                .createIfMissing(true)
                                .converter(new RowDataConverter(rt, d.schema()))
                                .options(Map.of("sink.buffer-rows", "100"))
                                .build());
        env.execute();
        List<List<Object>> expected = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            expected.add(row(i, "x" + i));
        }
        assertThat(sorted(TestTables.read(path))).isEqualTo(sorted(expected));
    }

    @Test
    void uniqueUpsertsAndDeletes() throws Exception {
        String path = dir.resolve("uniq").toString();
        int n = 4000;
        GeneratorFunction<Long, Row> gen = TestData::uniqueRow;
        // One source subtask: the per-key order reaches the sink intact through the shuffle.
        run(env(2), gen, n, KV_INT_LONG, 1, sink(path, TestTables.unique(), Map.of()));
        assertThat(sorted(TestTables.read(path))).isEqualTo(sorted(TestData.uniqueExpected(n)));
    }

    static final TypeInformation<Row> PKV =
            Types.ROW_NAMED(new String[] {"p", "k", "v"}, Types.INT, Types.INT, Types.LONG);

    @Test
    void uniquePartitionedUpsertsAndDeletes() throws Exception {
        String path = dir.resolve("uniqp").toString();
        int n = 3000;
        // Partition p = k % 4 on top of the UNIQUE stream: the same replay gives the expectation.
        GeneratorFunction<Long, Row> gen =
                i -> {
                    Row r = TestData.uniqueRow(i);
                    int k = (Integer) r.getField(0);
                    return Row.ofKind(r.getKind(), k % 4, k, r.getField(1));
                };
        run(env(3), gen, n, PKV, 1, sink(path, TestTables.uniquePartitioned(), Map.of()));
        List<List<Object>> expected = new ArrayList<>();
        for (List<Object> r : TestData.uniqueExpected(n)) {
            int k = (Integer) r.get(0);
            expected.add(row(k % 4, k, r.get(1)));
        }
        assertThat(sorted(TestTables.read(path))).isEqualTo(sorted(expected));
    }

    @Test
    void aggSumAndMax() throws Exception {
        String path = dir.resolve("agg").toString();
        int n = 3000;
        run(
                env(2),
                i -> Row.of((int) (i % 50), i, i),
                n,
                KSM,
                2,
                sink(path, TestTables.agg(), Map.of()));
        TreeMap<Integer, long[]> exp = new TreeMap<>();
        for (long i = 0; i < n; i++) {
            long[] a = exp.computeIfAbsent((int) (i % 50), k -> new long[] {0, Long.MIN_VALUE});
            a[0] += i;
            a[1] = Math.max(a[1], i);
        }
        List<List<Object>> expected = new ArrayList<>();
        exp.forEach((k, a) -> expected.add(row(k, a[0], a[1])));
        assertThat(sorted(TestTables.read(path))).isEqualTo(sorted(expected));
    }

    @Test
    void strictModeFailsNamingTableColumnAndValue() {
        String path = dir.resolve("strict").toString();
        assertThatThrownBy(
                        () ->
                                run(
                                        env(1),
                                        i -> Row.of(i == 77 ? null : (int) (long) i, 1, "v"),
                                        200,
                                        KPV,
                                        1,
                                        sink(path, TestTables.dupPartitioned(), Map.of())))
                .satisfies(
                        e ->
                                assertThat(
                                                ExceptionUtils.findThrowableWithMessage(
                                                        e, "column 'k' is NOT NULL"))
                                        .isPresent()
                                        .get()
                                        .extracting(Throwable::getMessage)
                                        .asString()
                                        .contains(path));
    }

    @Test
    void nonStrictModeFiltersBadRowsWithinTheRatio() throws Exception {
        String path = dir.resolve("lenient").toString();
        int n = 1000;
        run(
                env(2),
                // The bad value is in the second column: the first was already appended, so the
                // writer must cut the partial row.
                i -> Row.of((int) (long) i, i % 10 == 3 ? null : 1, "v" + i),
                n,
                KPV,
                1,
                sink(
                        path,
                        TestTables.dupPartitioned(),
                        Map.of("sink.strict", "false", "sink.max-filter-ratio", "0.5")));
        List<List<Object>> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i % 10 != 3) {
                expected.add(row(i, 1, "v" + i));
            }
        }
        assertThat(sorted(TestTables.read(path))).isEqualTo(sorted(expected));
    }

    @Test
    void nonStrictModeFailsAboveTheRatio() {
        String path = dir.resolve("ratio").toString();
        assertThatThrownBy(
                        () ->
                                run(
                                        env(1),
                                        i -> Row.of(i % 2 == 0 ? null : (int) (long) i, 1, "v"),
                                        400,
                                        KPV,
                                        1,
                                        sink(
                                                path,
                                                TestTables.dupPartitioned(),
                                                Map.of(
                                                        "sink.strict",
                                                        "false",
                                                        "sink.max-filter-ratio",
                                                        "0.1"))))
                .satisfies(
                        e ->
                                assertThat(
                                                ExceptionUtils.findThrowableWithMessage(
                                                        e, "sink.max-filter-ratio"))
                                        .isPresent());
    }

    @Test
    void dupTableRejectsDeletesUnlessIgnored() throws Exception {
        String path = dir.resolve("dupdel").toString();
        GeneratorFunction<Long, Row> gen =
                i -> Row.ofKind(i % 4 == 1 ? RowKind.DELETE : RowKind.INSERT, i, "v" + i);
        assertThatThrownBy(
                        () ->
                                run(
                                        env(1),
                                        gen,
                                        100,
                                        KV_LONG_STRING,
                                        1,
                                        sink(path, TestTables.dupRandom(), Map.of())))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.findThrowableWithMessage(e, "-D"))
                                        .isPresent());
        String path2 = dir.resolve("dupdel2").toString();
        run(
                env(1),
                gen,
                100,
                KV_LONG_STRING,
                1,
                sink(path2, TestTables.dupRandom(), Map.of("sink.ignore-delete", "true")));
        assertThat(TestTables.read(path2)).hasSize(75);
    }
}
