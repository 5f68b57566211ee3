package io.strata.engine.table;

import io.strata.engine.block.Block;
import io.strata.engine.compaction.CompactionOptions;
import io.strata.engine.compaction.CompactionPolicy;
import io.strata.engine.compaction.CompactionResult;
import io.strata.engine.compaction.CompactionTask;
import io.strata.engine.compaction.Compactor;
import io.strata.engine.compaction.TableCompactor;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.rowset.SegmentFormat;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.ReadStats;
import io.strata.engine.segment.SegmentIterator;
import io.strata.engine.segment.SegmentReadOptions;
import io.strata.engine.txn.TableState;
import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.strata.TabletRowsetsPB;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Compaction against the reference model of {@link TableModelTest}: every retained version reads
 * the same before and after compaction, version ranges are kept, base compaction removes deleted
 * rows from the files, cumulative compaction keeps delete-sign rows, a DELETE published after a
 * compaction began still hides its output, and expiry deletes replaced files only.
 */
class CompactionTest {
    @TempDir Path dir;

    static TableDescriptor descriptor(String model, Map<String, String> props) {
        TableDescriptor.Builder b =
                TableDescriptor.builder(TableModelTest.schema(model))
                        .distribution(List.of("k1"))
                        .buckets(2)
                        .property("snapshot.interval", "3");
        props.forEach(b::property);
        return b.build();
    }

    /** Publishes {@code rows} as one load; records them in the model log. */
    static long load(
            Table t, StorageEngine engine, List<Object[]> rows, List<TableModelTest.Tagged> log)
            throws IOException {
        TxnCommit c = CrashTest.load(t, engine, rows);
        long v = t.publish("load-" + java.util.UUID.randomUUID(), c, null, -1).version();
        for (Object[] r : rows) {
            log.add(new TableModelTest.Tagged(v, log.size(), r));
        }
        return v;
    }

    static List<Object[]> rows(String model, Random rnd, int n) {
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(TableModelTest.randomRow(model, rnd));
        }
        return out;
    }

    /** Every row physically stored in the live rowsets' segment files at {@code s}. */
    static List<Object[]> storedRows(Table t, TableState s) throws IOException {
        return storedRows(t, s, r -> true);
    }

    static List<Object[]> storedRows(
            Table t, TableState s, java.util.function.Predicate<RowsetMetaPB> which)
            throws IOException {
        TabletSchema schema = t.schema();
        int[] all = new int[schema.numColumns()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        List<Object[]> out = new ArrayList<>();
        for (TableState.TabletState ts : s.tablets().values()) {
            for (RowsetMetaPB r : ts.rowsets()) {
                if (!which.test(r)) {
                    continue;
                }
                for (int seg = 0; seg < r.getNumSegments(); seg++) {
                    try (SegmentFormat.Reader reader =
                                    t.segmentFormat().open(t.io(), t.segmentPath(r, seg), schema);
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
            }
        }
        return out;
    }

    static void assertAllVersions(
            Table t,
            TabletSchema schema,
            List<TableModelTest.Tagged> log,
            List<TableModelTest.Delete> deletes,
            long from)
            throws IOException {
        long latest = t.latestVersion();
        for (long v = from; v <= latest; v++) {
            assertThat(TableModelTest.scan(t, v))
                    .as("version %d", v)
                    .isEqualTo(TableModelTest.expected(schema, log, deletes, v));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"DUP", "UNIQUE", "UNIQUE_SEQ", "AGG"})
    void compactionKeepsEveryVersionAndBaseRemovesDeletedRows(String model) throws IOException {
        TabletSchema schema = TableModelTest.schema(model);
        Random rnd = new Random(model.hashCode());
        List<TableModelTest.Tagged> log = new ArrayList<>();
        List<TableModelTest.Delete> deletes = new ArrayList<>();
        try (StorageEngine engine = StorageEngine.builder().flushThreads(1).build();
                Table t =
                        Table.create(
                                LocalFileIO.INSTANCE,
                                dir.resolve("t").toString(),
                                descriptor(model, Map.of()),
                                SegmentFormat.DORIS)) {
            for (int i = 0; i < 6; i++) {
                load(t, engine, rows(model, rnd, 25), log);
            }
            TableCompactor tc = new TableCompactor(t);
            // A cumulative round first (policy: no DELETE yet), then more loads and DELETEs.
            List<CompactionResult> first = tc.runOnce(false);
            assertThat(first).isNotEmpty();
            for (CompactionResult r : first) {
                assertThat(r.task().type()).isEqualTo(CompactionTask.Type.CUMULATIVE);
                assertThat(r.output().getStartVersion()).isEqualTo(r.task().startVersion());
                assertThat(r.output().getEndVersion()).isEqualTo(r.task().endVersion());
                assertThat(r.task().startVersion()).isGreaterThan(1);
            }
            assertAllVersions(t, schema, log, deletes, 1);
            if (model.startsWith("UNIQUE")) {
                // Cumulative compaction keeps delete-sign rows (they hide older rowsets).
                TableState s = t.state(t.latestVersion());
                List<Object[]> outRows = new ArrayList<>();
                for (CompactionResult r : first) {
                    for (TableState.TabletState ts : s.tablets().values()) {
                        if (ts.tabletId() == r.task().tabletId()) {
                            outRows.addAll(
                                    storedRows(
                                            t,
                                            s,
                                            x ->
                                                    x.getRowsetIdV2()
                                                            .equals(r.output().getRowsetIdV2())));
                        }
                    }
                }
                assertThat(outRows).anyMatch(r -> (Byte) r[5] != 0);
            }
            for (int i = 6; i < 12; i++) {
                load(t, engine, rows(model, rnd, 25), log);
                if (i == 7) {
                    PublishResult d = t.deleteWhere("del", List.of(ColumnPredicate.eq("k1", 3)));
                    deletes.add(new TableModelTest.Delete(d.version(), r -> (Integer) r[0] == 3));
                }
            }
            PublishResult d4 = t.deleteWhere("del4", List.of(ColumnPredicate.eq("k1", 4)));
            deletes.add(new TableModelTest.Delete(d4.version(), r -> (Integer) r[0] == 4));
            // The policy now folds everything up to the newest DELETE into the base.
            List<CompactionResult> second = tc.runOnce(false);
            assertThat(second).isNotEmpty();
            for (CompactionResult r : second) {
                assertThat(r.task().type()).isEqualTo(CompactionTask.Type.BASE);
                assertThat(r.task().endVersion()).isEqualTo(d4.version());
            }
            assertAllVersions(t, schema, log, deletes, 1);
            TableCompactor.Summary sum = tc.run(true, 10);
            assertThat(sum.maxRowsetsAfter()).isEqualTo(1);
            assertAllVersions(t, schema, log, deletes, 1);
            TableState s = t.state(t.latestVersion());
            for (TableState.TabletState ts : s.tablets().values()) {
                assertThat(ts.rowsets()).hasSize(1);
                assertThat(ts.rowsets().get(0).getStartVersion()).isEqualTo(1);
            }
            List<Object[]> stored = storedRows(t, s);
            // Deleted data left the disk: no predicate-deleted row, no delete-sign row, and for
            // keyed tables exactly the visible rows.
            assertThat(stored).noneMatch(r -> (Integer) r[0] == 4);
            if (model.startsWith("UNIQUE")) {
                assertThat(stored).noneMatch(r -> (Byte) r[5] != 0);
            }
            List<List<Object>> storedLists = new ArrayList<>();
            for (Object[] r : stored) {
                storedLists.add(java.util.Arrays.asList(r));
            }
            storedLists.sort(TableModelTest.ROW_ORDER);
            assertThat(storedLists)
                    .isEqualTo(TableModelTest.expected(schema, log, deletes, s.version()));
        }
    }

    @Test
    void deletePublishedAfterCompactionBeganStillHidesOutput() throws IOException {
        String model = "UNIQUE";
        TabletSchema schema = TableModelTest.schema(model);
        Random rnd = new Random(7);
        List<TableModelTest.Tagged> log = new ArrayList<>();
        List<TableModelTest.Delete> deletes = new ArrayList<>();
        try (StorageEngine engine = StorageEngine.builder().flushThreads(1).build();
                Table t =
                        Table.create(
                                LocalFileIO.INSTANCE,
                                dir.resolve("t").toString(),
                                descriptor(model, Map.of()),
                                SegmentFormat.DORIS)) {
            for (int i = 0; i < 6; i++) {
                load(t, engine, rows(model, rnd, 30), log);
            }
            CompactionPolicy policy = new CompactionPolicy(CompactionOptions.defaults());
            TableState s = t.state(t.latestVersion());
            List<TabletRowsetsPB> entries = new ArrayList<>();
            for (TableState.TabletState ts : s.tablets().values()) {
                CompactionTask task = policy.pick(ts, true).orElseThrow();
                entries.add(Compactor.compact(t, task, policy.options()).commitEntry());
            }
            // Meanwhile: a DELETE and a load publish.
            PublishResult d =
                    t.deleteWhere(
                            "del", List.of(ColumnPredicate.of("k1", ColumnPredicate.Op.LT, 10)));
            deletes.add(new TableModelTest.Delete(d.version(), r -> (Integer) r[0] < 10));
            load(t, engine, rows(model, rnd, 30), log);
            PublishResult c = t.publish("c", TxnCommit.empty().withCompactions(entries), null, -1);
            TableState after = t.state(c.version());
            for (TabletRowsetsPB e : entries) {
                assertThat(after.hasRowset(e.getTabletId(), e.getAdded(0).getRowsetIdV2()))
                        .isTrue();
            }
            assertAllVersions(t, schema, log, deletes, 1);
            // A second publish of the same (now stale) results is dropped and its files deleted.
            PublishResult again =
                    t.publish("c2", TxnCommit.empty().withCompactions(entries), null, -1);
            assertThat(t.state(again.version()).tablets()).isEqualTo(after.tablets());
            assertAllVersions(t, schema, log, deletes, 1);
        }
    }

    @Test
    void expiryDeletesReplacedFilesOnlyAndOrphanCleanerKeepsLiveOnes() throws IOException {
        String model = "UNIQUE";
        TabletSchema schema = TableModelTest.schema(model);
        Random rnd = new Random(11);
        List<TableModelTest.Tagged> log = new ArrayList<>();
        try (StorageEngine engine = StorageEngine.builder().flushThreads(1).build();
                Table t =
                        Table.create(
                                LocalFileIO.INSTANCE,
                                dir.resolve("t").toString(),
                                descriptor(model, Map.of(Table.RETAINED_VERSIONS, "2")),
                                SegmentFormat.DORIS)) {
            for (int i = 0; i < 8; i++) {
                load(t, engine, rows(model, rnd, 20), log);
            }
            TableState before = t.state(t.latestVersion());
            new TableCompactor(t).run(true, 5);
            long compacted = t.latestVersion();
            // Version compacted-1 (retained: 2 versions) still references the inputs.
            for (TableState.TabletState ts : before.tablets().values()) {
                assertThat(t.io().exists(t.segmentPath(ts.rowsets().get(0), 0))).isTrue();
            }
            load(t, engine, rows(model, rnd, 20), log);
            t.expireVersions();
            long latest = t.latestVersion();
            assertThat(latest).isEqualTo(compacted + 1);
            assertThat(t.versionLog().versions()).containsExactly(latest - 1, latest);
            // Replaced rowsets' files are gone, live ones stay.
            for (TableState.TabletState ts : before.tablets().values()) {
                for (RowsetMetaPB r : ts.rowsets()) {
                    assertThat(t.io().exists(t.segmentPath(r, 0))).isFalse();
                }
            }
            assertAllVersions(t, schema, log, List.of(), latest - 1);
            // A reopened table reads the retained versions through the expiry snapshot.
            try (Table re = Table.open(LocalFileIO.INSTANCE, t.path(), SegmentFormat.DORIS)) {
                assertAllVersions(re, schema, log, List.of(), latest - 1);
                assertThat(OrphanCleaner.clean(re, 0, true).deleted()).isEmpty();
            }
            // More loads after expiry: the base rowset (published long ago) stays referenced.
            for (int i = 0; i < 4; i++) {
                load(t, engine, rows(model, rnd, 20), log);
            }
            t.expireVersions();
            assertThat(OrphanCleaner.clean(t, 0, false).deleted()).isEmpty();
            assertAllVersions(t, schema, log, List.of(), t.latestVersion() - 1);
        }
    }

    @Test
    void ageRetentionKeepsYoungVersionsBeyondTheCountThenExpiresThem() throws Exception {
        String model = "UNIQUE";
        TabletSchema schema = TableModelTest.schema(model);
        Random rnd = new Random(17);
        List<TableModelTest.Tagged> log = new ArrayList<>();
        try (StorageEngine engine = StorageEngine.builder().flushThreads(1).build();
                Table t =
                        Table.create(
                                LocalFileIO.INSTANCE,
                                dir.resolve("t").toString(),
                                descriptor(
                                        model,
                                        Map.of(
                                                Table.RETAINED_VERSIONS,
                                                "2",
                                                Table.TIME_RETAINED,
                                                "1h")),
                                SegmentFormat.DORIS)) {
            assertThat(t.timeRetainedMillis()).isEqualTo(3_600_000L);
            for (int i = 0; i < 6; i++) {
                load(t, engine, rows(model, rnd, 20), log);
                Thread.sleep(3); // distinct publish times
            }
            TableState before = t.state(t.latestVersion());
            // Compaction expires by the table's retention: every version is younger than 1 h.
            new TableCompactor(t).run(true, 5);
            long latest = t.latestVersion();
            assertThat(t.versionLog().versions().get(0)).isEqualTo(1L);
            assertAllVersions(t, schema, log, List.of(), 1);
            for (TableState.TabletState ts : before.tablets().values()) {
                for (RowsetMetaPB r : ts.rowsets()) {
                    assertThat(t.io().exists(t.segmentPath(r, 0))).isTrue();
                }
            }
            // An hour after version 4 was published, versions 4.. are still younger than 1 h.
            long t4 = t.versions().get(3).timestampMillis();
            assertThat(t4).isGreaterThan(t.versions().get(2).timestampMillis());
            Table.ExpireResult e = t.expireVersions(2, 3_600_000L, t4 + 3_600_000L);
            assertThat(e.oldestRetained()).isEqualTo(4L);
            assertThat(t.versionLog().versions()).first().isEqualTo(4L);
            assertAllVersions(t, schema, log, List.of(), 4);
            // Versions 4..6 still reference the compaction's inputs: their files stay.
            for (TableState.TabletState ts : before.tablets().values()) {
                assertThat(t.io().exists(t.segmentPath(ts.rowsets().get(0), 0))).isTrue();
            }
            // Much later only the count holds (here: the newest version), the inputs' files go.
            e = t.expireVersions(1, 3_600_000L, t4 + 86_400_000L);
            assertThat(e.oldestRetained()).isEqualTo(latest);
            assertThat(t.versionLog().versions()).containsExactly(latest);
            for (TableState.TabletState ts : before.tablets().values()) {
                for (RowsetMetaPB r : ts.rowsets()) {
                    assertThat(t.io().exists(t.segmentPath(r, 0))).isFalse();
                }
            }
            assertAllVersions(t, schema, log, List.of(), latest);
            assertThat(OrphanCleaner.clean(t, 0, true).deleted()).isEmpty();
        }
        assertThatThrownBy(() -> Table.timeRetainedMillis(Map.of(Table.TIME_RETAINED, "soon")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Table.TIME_RETAINED)
                .hasMessageContaining("soon");
    }

    @Test
    void overwriteInTheSameCommitWinsOverACompaction() throws IOException {
        String model = "UNIQUE";
        TabletSchema schema = TableModelTest.schema(model);
        Random rnd = new Random(13);
        List<TableModelTest.Tagged> log = new ArrayList<>();
        try (StorageEngine engine = StorageEngine.builder().flushThreads(1).build();
                Table t =
                        Table.create(
                                LocalFileIO.INSTANCE,
                                dir.resolve("t").toString(),
                                descriptor(model, Map.of()),
                                SegmentFormat.DORIS)) {
            for (int i = 0; i < 4; i++) {
                load(t, engine, rows(model, rnd, 20), log);
            }
            CompactionPolicy policy = new CompactionPolicy(CompactionOptions.defaults());
            List<TabletRowsetsPB> entries = new ArrayList<>();
            List<RowsetMetaPB> outputs = new ArrayList<>();
            for (TableState.TabletState ts : t.state(t.latestVersion()).tablets().values()) {
                CompactionResult r =
                        Compactor.compact(t, policy.pick(ts, true).orElseThrow(), policy.options());
                entries.add(r.commitEntry());
                outputs.add(r.output());
            }
            List<Object[]> fresh = rows(model, rnd, 20);
            TxnCommit commit = CrashTest.load(t, engine, fresh).withCompactions(entries);
            long v = t.publishOverwrite("ow", commit, null, -1, Map.of()).version();
            List<TableModelTest.Tagged> only = new ArrayList<>();
            for (Object[] r : fresh) {
                only.add(new TableModelTest.Tagged(v, only.size(), r));
            }
            assertThat(TableModelTest.scan(t, v))
                    .isEqualTo(TableModelTest.expected(schema, only, List.of(), v));
            for (RowsetMetaPB o : outputs) {
                if (o.getNumSegments() > 0) {
                    assertThat(t.io().exists(t.segmentPath(o, 0))).isFalse();
                }
            }
        }
    }

    @Test
    void policyPicksCumulativeRunsAndBaseCompaction() {
        CompactionOptions o =
                CompactionOptions.fromProperties(
                        Map.of(
                                CompactionOptions.CUMULATIVE_MIN_ROWSETS, "3",
                                CompactionOptions.BASE_MIN_ROWSETS, "4",
                                CompactionOptions.HARD_LIMIT, "10",
                                CompactionOptions.SOFT_LIMIT, "8"));
        CompactionPolicy p = new CompactionPolicy(o);
        // base(1000 bytes), two small, a delete, three small: base compaction up to the delete.
        List<RowsetMetaPB> rs =
                List.of(
                        rs(1, 1000, false),
                        rs(2, 10, false),
                        rs(3, 10, false),
                        rs(4, 0, true),
                        rs(5, 10, false),
                        rs(6, 10, false),
                        rs(7, 10, false));
        CompactionTask task = p.pick(tablet(rs)).orElseThrow();
        assertThat(task.type()).isEqualTo(CompactionTask.Type.BASE);
        assertThat(task.startVersion()).isEqualTo(1);
        assertThat(task.endVersion()).isEqualTo(4);
        // Without the delete: the run of small rowsets after the base.
        List<RowsetMetaPB> rs1 =
                List.of(rs(1, 1000, false), rs(5, 10, false), rs(6, 10, false), rs(7, 10, false));
        CompactionTask t1 = p.pick(tablet(rs1)).orElseThrow();
        assertThat(t1.type()).isEqualTo(CompactionTask.Type.CUMULATIVE);
        assertThat(t1.startVersion()).isEqualTo(5);
        assertThat(t1.endVersion()).isEqualTo(7);
        // A big earlier cumulative output is skipped as a head.
        List<RowsetMetaPB> rs2 =
                List.of(
                        rs(1, 1000, false),
                        rs(2, 500, false),
                        rs(3, 10, false),
                        rs(4, 10, false),
                        rs(5, 10, false));
        CompactionTask t2 = p.pick(tablet(rs2)).orElseThrow();
        assertThat(t2.startVersion()).isEqualTo(3);
        // Four rowsets on the base and no run of three: base compaction of everything.
        List<RowsetMetaPB> rs3 =
                List.of(
                        rs(1, 1000, false),
                        rs(2, 500, false),
                        rs(3, 100_000_000, false),
                        rs(4, 400, false),
                        rs(5, 10, false));
        CompactionTask t3 = p.pick(tablet(rs3)).orElseThrow();
        assertThat(t3.type()).isEqualTo(CompactionTask.Type.BASE);
        assertThat(t3.inputs()).hasSize(5);
        // Nothing to do with one rowset on the base; urgent takes any pair.
        List<RowsetMetaPB> rs4 = List.of(rs(1, 1000, false), rs(2, 10, false));
        assertThat(p.pick(tablet(rs4))).isEmpty();
        assertThat(p.pick(tablet(rs4), true)).isPresent();
        assertThat(p.score(tablet(rs))).isEqualTo(7);
    }

    @Test
    void badOptionsNameThePropertyAndValue() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                CompactionOptions.fromProperties(
                                        Map.of(CompactionOptions.HARD_LIMIT, "lots")))
                .hasMessageContaining(CompactionOptions.HARD_LIMIT)
                .hasMessageContaining("lots");
    }

    private static RowsetMetaPB rs(long v, long bytes, boolean delete) {
        RowsetMetaPB.Builder b =
                RowsetMetaPB.newBuilder()
                        .setRowsetId(0)
                        .setRowsetIdV2("r" + v)
                        .setTabletId(1)
                        .setTabletSchemaHash(0)
                        .setStartVersion(v)
                        .setEndVersion(v)
                        .setTotalDiskSize(bytes)
                        .setNumSegments(delete ? 0 : 1);
        if (delete) {
            b.setDeleteFlag(true)
                    .setDeletePredicate(
                            io.strata.proto.olap.DeletePredicatePB.newBuilder()
                                    .setVersion((int) v));
        }
        return b.build();
    }

    private static TableState.TabletState tablet(List<RowsetMetaPB> rs) {
        return new TableState.TabletState(1, 0, 0, rs);
    }
}
