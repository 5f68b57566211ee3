package io.strata.connector.source;

import io.strata.connector.StrataSource;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.table.StorageEngine;
import io.strata.engine.table.Table;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link StrataSource} in a DataStream job on a MiniCluster: parallel readers, all splits. */
class StrataSourceJobTest {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(new Configuration())
                            .build());

    static final AtomicBoolean FAILED = new AtomicBoolean();

    @Test
    void jobFailingMidReadResumesFromCheckpointExactlyOnce(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("t");
        try (StorageEngine e = StorageEngine.builder().build();
                Table t = SourceTestTables.createDup(p)) {
            for (int i = 0; i < 4; i++) {
                SourceTestTables.writeRange(t, e, i * 2500L, (i + 1) * 2500L, "l" + i);
            }
        }
        StrataSource src =
                StrataSource.builder()
                        .tablePath(p.toString())
                        .splitTargetRows(1)
                        .batchSize(50)
                        .build();
        Configuration conf = new Configuration();
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "3");
        conf.setString("restart-strategy.fixed-delay.delay", "10 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(50);
        FAILED.set(false);
        List<Long> keys = new ArrayList<>();
        try (CloseableIterator<Long> it =
                env.fromSource(src, WatermarkStrategy.noWatermarks(), "strata")
                        .map(new FailOnce())
                        .executeAndCollect()) {
            it.forEachRemaining(keys::add);
        }
        assertThat(FAILED.get()).isTrue();
        assertThat(keys).hasSize(10_000).doesNotHaveDuplicates();
    }

    /**
     * Slows the stream so checkpoints complete, then fails once after 3,000 records of one subtask.
     */
    static final class FailOnce implements MapFunction<RowData, Long> {
        private long seen;

        @Override
        public Long map(RowData r) throws Exception {
            if (++seen % 25 == 0) {
                Thread.sleep(1);
            }
            if (seen == 3000 && !FAILED.getAndSet(true)) {
                throw new RuntimeException("injected failure");
            }
            return r.getLong(0);
        }
    }

    @Test
    void parallelReadersReadEverySplitOnce(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("t");
        try (StorageEngine e = StorageEngine.builder().build();
                Table t = SourceTestTables.createDup(p)) {
            for (int i = 0; i < 5; i++) {
                SourceTestTables.writeRange(t, e, i * 2000L, (i + 1) * 2000L, "l" + i);
            }
        }
        StrataSource src =
                StrataSource.builder()
                        .tablePath(p.toString())
                        .columns("v", "k")
                        .predicates(List.of(ColumnPredicate.of("k", ColumnPredicate.Op.GE, 500L)))
                        .splitTargetRows(1)
                        .build();
        assertThat(src.planSplits()).hasSize(5);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<Long> keys = new ArrayList<>();
        try (CloseableIterator<RowData> it =
                env.fromSource(src, WatermarkStrategy.noWatermarks(), "strata")
                        .executeAndCollect()) {
            while (it.hasNext()) {
                RowData r = it.next();
                assertThat(r.getInt(0)).isEqualTo((int) (r.getLong(1) % 1000));
                keys.add(r.getLong(1));
            }
        }
        assertThat(keys).hasSize(9500).doesNotHaveDuplicates();
        assertThat(keys.stream().mapToLong(Long::longValue).min().getAsLong()).isEqualTo(500L);
    }
}
