package io.strata.connector.source;

import io.strata.connector.StrataSource;
import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.ReadStats;
import io.strata.engine.table.ChannelOptions;
import io.strata.engine.table.StorageEngine;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;
import io.strata.engine.table.TabletsChannel;

import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.connector.testutils.source.reader.TestingSplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.metrics.groups.InternalSourceReaderMetricGroup;
import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FLIP-27 source without a cluster: pruning on a 1M-row table (asserted through the reader's
 * ReadStats), split planning for DUP tables, and checkpoint/restore of a reader mid-split.
 */
class StrataSourceTest {
    static final long ROWS = 1_000_000;

    @TempDir static Path shared;
    static String big;

    @BeforeAll
    static void writeBigTable() throws Exception {
        big = shared.resolve("big").toString();
        try (StorageEngine e = StorageEngine.builder().build();
                Table t = SourceTestTables.createDup(Path.of(big))) {
            SourceTestTables.writeRange(t, e, 0, ROWS, "load");
        }
    }

    /** Reads every split of {@code src} with one reader; returns the reader's stats. */
    static ReadStats readAll(StrataSource src, List<RowData> out) throws Exception {
        TestingReaderContext ctx = new TestingReaderContext();
        try (StrataSourceReader reader = (StrataSourceReader) src.createReader(ctx)) {
            reader.start();
            reader.addSplits(src.planSplits());
            reader.notifyNoMoreSplits();
            TestingReaderOutput<RowData> output = new TestingReaderOutput<>();
            while (reader.pollNext(output) != InputStatus.END_OF_INPUT) {}
            out.addAll(output.getEmittedRecords());
            return reader.stats();
        }
    }

    @Test
    void selectivePredicatesReadASmallFractionOfPages() throws Exception {
        List<RowData> all = new ArrayList<>();
        ReadStats full = readAll(StrataSource.builder().tablePath(big).build(), all);
        assertThat(all).hasSize((int) ROWS);
        assertThat(full.pagesRead.get()).isGreaterThan(100);

        List<RowData> point = new ArrayList<>();
        ReadStats p =
                readAll(
                        StrataSource.builder()
                                .tablePath(big)
                                .predicates(List.of(ColumnPredicate.eq("k", 123_457L)))
                                .build(),
                        point);
        assertThat(point).hasSize(1);
        assertThat(point.get(0).getLong(0)).isEqualTo(123_457L);
        assertThat(point.get(0).getInt(1)).isEqualTo(457);
        assertThat(p.pagesRead.get()).isLessThanOrEqualTo(full.pagesRead.get() / 50);
        assertThat(p.pagesPruned.get()).isGreaterThan(0);

        List<RowData> range = new ArrayList<>();
        ReadStats r =
                readAll(
                        StrataSource.builder()
                                .tablePath(big)
                                .columns("v")
                                .predicates(
                                        List.of(
                                                ColumnPredicate.of(
                                                        "k", ColumnPredicate.Op.GE, 500_000L),
                                                ColumnPredicate.of(
                                                        "k", ColumnPredicate.Op.LT, 510_000L)))
                                .build(),
                        range);
        assertThat(range).hasSize(10_000);
        assertThat(r.pagesRead.get()).isLessThanOrEqualTo(full.pagesRead.get() / 20);
        assertThat(r.rowsReturned.get()).isEqualTo(10_000);
    }

    @Test
    void uniqueTableReturnsMergedRowsWithDeleteSignsAndValuePredicatesAfterMerge(@TempDir Path dir)
            throws Exception {
        TabletSchema s =
                TabletSchema.builder(KeysType.UNIQUE_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.BIGINT))
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
        String path = dir.resolve("u").toString();
        try (StorageEngine e = StorageEngine.builder().build();
                Table t =
                        Table.create(
                                LocalFileIO.INSTANCE,
                                path,
                                TableDescriptor.builder(s)
                                        .distribution(List.of("k"))
                                        .buckets(2)
                                        .build())) {
            write(t, e, "v1", new long[] {1, 2, 3, 4}, new long[] {10, 20, 30, 40}, 0);
            // v2: k=2 deleted by delete sign (its value 99 must not match anything), k=3 upserted.
            write(t, e, "v2", new long[] {2}, new long[] {99}, 1);
            write(t, e, "v3", new long[] {3}, new long[] {31}, 0);
        }
        assertThat(keys(StrataSource.builder().tablePath(path).build()))
                .containsExactlyInAnyOrder(1L, 3L, 4L);
        // Value predicates apply to merged rows: the old k=3 (30) and deleted k=2 stay hidden.
        assertThat(
                        keys(
                                StrataSource.builder()
                                        .tablePath(path)
                                        .predicates(
                                                List.of(
                                                        ColumnPredicate.in(
                                                                "v", List.of(20L, 30L, 99L))))
                                        .build()))
                .isEmpty();
        assertThat(
                        keys(
                                StrataSource.builder()
                                        .tablePath(path)
                                        .predicates(
                                                List.of(
                                                        ColumnPredicate.of(
                                                                "v", ColumnPredicate.Op.GT, 30L)))
                                        .build()))
                .containsExactlyInAnyOrder(3L, 4L);
        // Version 1 still shows the original rows.
        assertThat(
                        keys(
                                StrataSource.builder()
                                        .tablePath(path)
                                        .version(1)
                                        .predicates(List.of(ColumnPredicate.eq("v", 20L)))
                                        .build()))
                .containsExactly(2L);
    }

    private static void write(
            Table t, StorageEngine e, String label, long[] k, long[] v, int deleteSign)
            throws Exception {
        try (TabletsChannel ch = t.openChannel(e, ChannelOptions.defaults())) {
            Block b = Block.create(t.schema().columns(), k.length);
            for (int i = 0; i < k.length; i++) {
                b.appendRow(k[i], v[i], (byte) deleteSign);
            }
            ch.write(b);
            t.publish(label, ch.prepareCommit(), null, -1);
        }
    }

    private static List<Long> keys(StrataSource src) throws Exception {
        List<RowData> rows = new ArrayList<>();
        readAll(src, rows);
        List<Long> out = new ArrayList<>();
        for (RowData r : rows) {
            out.add(r.getLong(0));
        }
        return out;
    }

    @Test
    void readerMetricsReportPruning() throws Exception {
        Map<String, Gauge<?>> gauges = new HashMap<>();
        MetricGroup group =
                new UnregisteredMetricsGroup() {
                    @Override
                    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
                        gauges.put(name, gauge);
                        return gauge;
                    }
                };
        StrataSource src =
                StrataSource.builder()
                        .tablePath(big)
                        .predicates(List.of(ColumnPredicate.eq("k", 999_999L)))
                        .build();
        TestingReaderContext ctx =
                new TestingReaderContext(
                        new Configuration(), InternalSourceReaderMetricGroup.mock(group));
        try (StrataSourceReader reader = (StrataSourceReader) src.createReader(ctx)) {
            reader.addSplits(src.planSplits());
            reader.notifyNoMoreSplits();
            TestingReaderOutput<RowData> out = new TestingReaderOutput<>();
            while (reader.pollNext(out) != InputStatus.END_OF_INPUT) {}
            assertThat(out.getEmittedRecords()).hasSize(1);
        }
        assertThat(gauges.get("strataRowsRead").getValue()).isEqualTo(1L);
        long total = (Long) gauges.get("strataPagesTotal").getValue();
        long read = (Long) gauges.get("strataPagesRead").getValue();
        long pruned = (Long) gauges.get("strataPagesPruned").getValue();
        assertThat(read).isPositive();
        assertThat(pruned).isGreaterThan(read * 10);
        assertThat(total).isGreaterThanOrEqualTo(pruned);
        assertThat(gauges)
                .containsKeys(
                        "strataSegmentsTotal",
                        "strataSegmentsPruned",
                        "strataRowsScanned",
                        "strataBytesRead");
    }

    @Test
    void limitStopsTheReaderEarly() throws Exception {
        List<RowData> rows = new ArrayList<>();
        ReadStats s = readAll(StrataSource.builder().tablePath(big).limit(10).build(), rows);
        assertThat(rows).hasSize(10);
        assertThat(s.rowsScanned.get()).isLessThan(ROWS / 10);
    }

    @Test
    void dupTabletsSplitByRowsetGroupsAndDeletesApplyToEveryGroup(@TempDir Path dir)
            throws Exception {
        Path p = dir.resolve("t");
        try (StorageEngine e = StorageEngine.builder().build();
                Table t = SourceTestTables.createDup(p)) {
            for (int i = 0; i < 4; i++) {
                SourceTestTables.writeRange(t, e, i * 1000L, (i + 1) * 1000L, "l" + i);
            }
            // Hides k with v = 7, in every group (v = k % 1000: one row per rowset).
            t.deleteWhere("d", List.of(ColumnPredicate.eq("k", 2007L)));
            t.deleteWhere("d2", List.of(ColumnPredicate.of("k", ColumnPredicate.Op.LT, 10L)));
        }
        StrataSource src =
                StrataSource.builder().tablePath(p.toString()).splitTargetRows(1500).build();
        List<StrataSourceSplit> splits = src.planSplits();
        assertThat(splits).hasSize(2); // 4 rowsets of 1000 rows, groups of >= 1500 rows
        Set<String> ids = new HashSet<>();
        for (StrataSourceSplit s : splits) {
            ids.add(s.splitId());
            assertThat(s.tabletSplit().rowsetIds()).hasSize(4); // 2 data + 2 delete rowsets
        }
        assertThat(ids).hasSize(2);
        List<RowData> rows = new ArrayList<>();
        readAll(src, rows);
        Set<Long> keys = new HashSet<>();
        for (RowData r : rows) {
            assertThat(keys.add(r.getLong(0))).isTrue();
        }
        assertThat(keys).hasSize(4000 - 1 - 10).doesNotContain(2007L, 0L, 9L).contains(10L);
    }

    @Test
    void readerResumesFromCheckpointWithoutLossOrDuplicates(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("t");
        try (StorageEngine e = StorageEngine.builder().build();
                Table t = SourceTestTables.createDup(p)) {
            SourceTestTables.writeRange(t, e, 0, 3000, "a");
            SourceTestTables.writeRange(t, e, 3000, 5000, "b");
        }
        StrataSource src =
                StrataSource.builder()
                        .tablePath(p.toString())
                        .splitTargetRows(1)
                        .batchSize(256)
                        .build();
        List<StrataSourceSplit> splits = src.planSplits();
        assertThat(splits).hasSize(2);

        TestingReaderOutput<RowData> out = new TestingReaderOutput<>();
        List<StrataSourceSplit> state;
        try (StrataSourceReader r =
                (StrataSourceReader) src.createReader(new TestingReaderContext())) {
            r.addSplits(splits);
            for (int i = 0; i < 5; i++) {
                assertThat(r.pollNext(out)).isEqualTo(InputStatus.MORE_AVAILABLE);
            }
            state = r.snapshotState(1);
        }
        int before = out.getEmittedRecords().size();
        assertThat(before).isEqualTo(5 * 256);
        assertThat(state).hasSize(2);
        assertThat(state.get(0).rowsToSkip()).isEqualTo(before);
        // The state survives the serializer.
        List<StrataSourceSplit> restored = new ArrayList<>();
        for (StrataSourceSplit s : state) {
            restored.add(
                    StrataSplitSerializer.INSTANCE.deserialize(
                            StrataSplitSerializer.VERSION,
                            StrataSplitSerializer.INSTANCE.serialize(s)));
        }
        assertThat(restored).isEqualTo(state);
        try (StrataSourceReader r =
                (StrataSourceReader) src.createReader(new TestingReaderContext())) {
            r.addSplits(restored);
            r.notifyNoMoreSplits();
            while (r.pollNext(out) != InputStatus.END_OF_INPUT) {}
        }
        Set<Long> keys = new HashSet<>();
        for (RowData row : out.getEmittedRecords()) {
            assertThat(keys.add(row.getLong(0))).as("duplicate %s", row.getLong(0)).isTrue();
        }
        assertThat(keys).hasSize(5000);
    }

    @Test
    void enumeratorAssignsOnRequestAndTakesSplitsBack(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("t");
        try (StorageEngine e = StorageEngine.builder().build();
                Table t = SourceTestTables.createDup(p)) {
            SourceTestTables.writeRange(t, e, 0, 10, "a");
            SourceTestTables.writeRange(t, e, 10, 20, "b");
        }
        StrataSource src =
                StrataSource.builder().tablePath(p.toString()).splitTargetRows(1).build();
        TestingSplitEnumeratorContext<StrataSourceSplit> ctx =
                new TestingSplitEnumeratorContext<>(2);
        ctx.registerReader(0, "h");
        ctx.registerReader(1, "h");
        StrataSplitEnumerator en =
                (StrataSplitEnumerator)
                        src.createEnumerator((SplitEnumeratorContext<StrataSourceSplit>) ctx);
        assertThat(en.pending()).hasSize(2);
        en.handleSplitRequest(0, "h");
        en.handleSplitRequest(1, "h");
        assertThat(en.pending()).isEmpty();
        StrataSourceSplit s0 = ctx.getSplitAssignments().get(0).getAssignedSplits().get(0);
        en.addSplitsBack(List.of(s0), 0);
        StrataEnumeratorState st = en.snapshotState(1);
        assertThat(st.pendingSplits()).containsExactly(s0);
        StrataEnumeratorState back =
                StrataEnumeratorStateSerializer.INSTANCE.deserialize(
                        StrataEnumeratorStateSerializer.VERSION,
                        StrataEnumeratorStateSerializer.INSTANCE.serialize(st));
        assertThat(back).isEqualTo(st);
        en.handleSplitRequest(1, "h");
        en.handleSplitRequest(1, "h");
        assertThat(ctx.getSplitAssignments().get(1).getAssignedSplits()).hasSize(2);
        assertThat(ctx.getSplitAssignments().get(1).hasReceivedNoMoreSplitsSignal()).isTrue();
    }
}
