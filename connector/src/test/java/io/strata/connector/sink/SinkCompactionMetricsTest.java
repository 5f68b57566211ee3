package io.strata.connector.sink;

import io.strata.engine.io.LocalFileIO;
import io.strata.engine.table.Table;
import io.strata.engine.txn.TableState;
import io.strata.proto.olap.RowsetMetaPB;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer's compaction gauges (compactionScore, maxRowsetsPerTablet, compactedBytes,
 * compactionTimeMs, compactions) as a metric reporter sees them in a real streaming job, checked
 * against what the job published.
 */
class SinkCompactionMetricsTest {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .build());

    @TempDir Path dir;

    private static long sum(Map<String, Metric> gauges) {
        long s = 0;
        for (Metric m : gauges.values()) {
            s += ((Number) ((Gauge<?>) m).getValue()).longValue();
        }
        return s;
    }

    private static long max(Map<String, Metric> gauges) {
        long s = Long.MIN_VALUE;
        for (Metric m : gauges.values()) {
            s = Math.max(s, ((Number) ((Gauge<?>) m).getValue()).longValue());
        }
        return s;
    }

    @Test
    void writersReportTheirCompactionsAsGauges() throws Exception {
        String path = dir.resolve("m").toString();
        // ~3 s at 100 ms checkpoints: dozens of rowsets per tablet, so the writers compact.
        JobID job = StrataCompactionJobTest.runJob(path, 1500, 0, 500).getJobID();

        Map<String, Metric> compactions = REPORTER.findMetrics(job, "compactions");
        Map<String, Metric> bytes = REPORTER.findMetrics(job, "compactedBytes");
        Map<String, Metric> time = REPORTER.findMetrics(job, "compactionTimeMs");
        Map<String, Metric> score = REPORTER.findMetrics(job, "compactionScore");
        Map<String, Metric> rowsets = REPORTER.findMetrics(job, "maxRowsetsPerTablet");
        // one of each per writer subtask (parallelism 2)
        for (Map<String, Metric> g : java.util.List.of(compactions, bytes, time, score, rowsets)) {
            assertThat(g).hasSize(2);
            assertThat(g.values()).allSatisfy(m -> assertThat(m).isInstanceOf(Gauge.class));
        }

        int compactedRowsets = 0;
        int maxPublished = 0;
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            for (long v = 1; v <= t.latestVersion(); v++) {
                for (TableState.TabletState ts : t.state(v).tablets().values()) {
                    maxPublished = Math.max(maxPublished, ts.rowsets().size());
                }
            }
            for (TableState.TabletState ts : t.state(t.latestVersion()).tablets().values()) {
                for (RowsetMetaPB r : ts.rowsets()) {
                    if (r.getStartVersion() != r.getEndVersion()) {
                        compactedRowsets++;
                    }
                }
            }
        }
        // The table holds compaction outputs, and the gauges count compactions and their bytes.
        assertThat(compactedRowsets).isPositive();
        assertThat(sum(compactions)).isGreaterThanOrEqualTo(compactedRowsets);
        assertThat(sum(bytes)).isPositive();
        assertThat(sum(time)).isNotNegative();
        // The writers never saw more rowsets in a tablet than the cap the table allows.
        assertThat(max(rowsets))
                .isPositive()
                .isLessThanOrEqualTo(StrataCompactionJobTest.HARD_LIMIT);
        assertThat(maxPublished).isLessThanOrEqualTo(StrataCompactionJobTest.HARD_LIMIT);
        assertThat(max(score)).isNotNegative();
    }
}
