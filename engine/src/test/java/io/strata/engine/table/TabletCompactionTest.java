package io.strata.engine.table;

import io.strata.engine.compaction.CompactionOptions;
import io.strata.engine.compaction.CompactionPolicy;
import io.strata.engine.compaction.TabletCompaction;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.rowset.SegmentFormat;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.txn.TableState;
import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.strata.TabletRowsetsPB;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TabletCompaction}: rounds on one tablet chain (later rounds merge earlier, unpublished
 * outputs), collapse into one commit entry that replaces only published rowsets, delete the
 * intermediate outputs' files at once, and publish with every version reading as the model says; a
 * stale entry is dropped as a whole.
 */
class TabletCompactionTest {
    @TempDir Path dir;

    private static Set<String> dataFiles(Path root) throws IOException {
        Set<String> out = new HashSet<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> p.toString().endsWith(".dat")).forEach(p -> out.add(p.toString()));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNIQUE", "DUP"})
    void roundsChainIntoOneEntryThatPublishesExactly(String model) throws IOException {
        TabletSchema schema = TableModelTest.schema(model);
        Random rnd = new Random(11);
        List<TableModelTest.Tagged> log = new ArrayList<>();
        List<TableModelTest.Delete> deletes = new ArrayList<>();
        Map<String, String> props =
                Map.of(
                        CompactionOptions.CUMULATIVE_MIN_ROWSETS, "3",
                        CompactionOptions.CUMULATIVE_MAX_ROWSETS, "4",
                        CompactionOptions.BASE_MIN_ROWSETS, "3");
        Path root = dir.resolve("t");
        try (StorageEngine engine = StorageEngine.builder().flushThreads(1).build();
                Table t =
                        Table.create(
                                LocalFileIO.INSTANCE,
                                root.toString(),
                                CompactionTest.descriptor(model, props),
                                SegmentFormat.DORIS)) {
            for (int i = 0; i < 10; i++) {
                CompactionTest.load(t, engine, CompactionTest.rows(model, rnd, 20), log);
            }
            PublishResult d =
                    t.deleteWhere("d", List.of(ColumnPredicate.of("k1", ColumnPredicate.Op.LT, 5)));
            deletes.add(new TableModelTest.Delete(d.version(), r -> (Integer) r[0] < 5));
            for (int i = 0; i < 5; i++) {
                // Keys >= 5 only, so no stored row may match the DELETE once it is applied.
                List<Object[]> rows = CompactionTest.rows(model, rnd, 20);
                rows.removeIf(r -> (Integer) r[0] < 5);
                CompactionTest.load(t, engine, rows, log);
            }
            TableState s = t.state(t.latestVersion());
            Set<String> filesBefore = dataFiles(root);
            CompactionPolicy policy = new CompactionPolicy(CompactionOptions.fromProperties(props));
            List<TabletRowsetsPB> entries = new ArrayList<>();
            Set<String> expectedFiles = new HashSet<>(filesBefore);
            for (TableState.TabletState ts : s.tablets().values()) {
                TabletCompaction.Outcome o = TabletCompaction.run(t, ts, policy, false, 100);
                // Base up to the DELETE, then cumulative over what follows, then more: chained.
                assertThat(o.rounds()).as("tablet %d", ts.tabletId()).isGreaterThanOrEqualTo(2);
                assertThat(o.compactions()).isEqualTo(o.rounds());
                assertThat(o.rowsetsBefore()).isEqualTo(ts.rowsets().size());
                assertThat(o.rowsetsAfter()).isLessThan(3);
                TabletRowsetsPB e = o.entry();
                assertThat(e).isNotNull();
                Set<String> live = new HashSet<>();
                for (RowsetMetaPB r : ts.rowsets()) {
                    live.add(r.getRowsetIdV2());
                }
                // Only published rowsets are removed, each once; the survivors plus outputs are
                // the tablet after publish.
                assertThat(live).containsAll(e.getRemovedRowsetIdsList());
                assertThat(new HashSet<>(e.getRemovedRowsetIdsList()))
                        .hasSize(e.getRemovedRowsetIdsCount());
                assertThat(ts.rowsets().size() - e.getRemovedRowsetIdsCount() + e.getAddedCount())
                        .isEqualTo(o.rowsetsAfter());
                for (RowsetMetaPB out : e.getAddedList()) {
                    for (int seg = 0; seg < out.getNumSegments(); seg++) {
                        expectedFiles.add(t.segmentPath(out, seg));
                    }
                }
                entries.add(e);
            }
            // Intermediate outputs are gone already: only inputs and final outputs are on disk.
            assertThat(dataFiles(root)).isEqualTo(expectedFiles);
            PublishResult c = t.publish("c", TxnCommit.empty().withCompactions(entries), null, -1);
            TableState after = t.state(c.version());
            for (TableState.TabletState ts : after.tablets().values()) {
                assertThat(ts.rowsets().size()).isLessThan(3);
                assertThat(ts.rowsets().get(0).getStartVersion()).isEqualTo(1);
                assertThat(ts.rowsets().get(0).getEndVersion()).isGreaterThanOrEqualTo(d.version());
            }
            CompactionTest.assertAllVersions(t, schema, log, deletes, 1);
            assertThat(CompactionTest.storedRows(t, after)).noneMatch(r -> (Integer) r[0] < 5);
            // Publishing the same entries again: their inputs are gone, so nothing changes.
            PublishResult again =
                    t.publish("c2", TxnCommit.empty().withCompactions(entries), null, -1);
            assertThat(t.state(again.version()).tablets()).isEqualTo(after.tablets());
        }
    }

    @Test
    void fullStartsWithBaseCompactionAndNothingQualifiesAfterwards() throws IOException {
        String model = "UNIQUE";
        Random rnd = new Random(3);
        List<TableModelTest.Tagged> log = new ArrayList<>();
        try (StorageEngine engine = StorageEngine.builder().flushThreads(1).build();
                Table t =
                        Table.create(
                                LocalFileIO.INSTANCE,
                                dir.resolve("f").toString(),
                                CompactionTest.descriptor(model, Map.of()),
                                SegmentFormat.DORIS)) {
            for (int i = 0; i < 2; i++) {
                CompactionTest.load(t, engine, CompactionTest.rows(model, rnd, 20), log);
            }
            CompactionPolicy policy = new CompactionPolicy(CompactionOptions.defaults());
            TableState s = t.state(t.latestVersion());
            for (TableState.TabletState ts : s.tablets().values()) {
                // Two rowsets: the default policy would leave them alone.
                assertThat(TabletCompaction.run(t, ts, policy, false, 10).entry()).isNull();
                TabletCompaction.Outcome o = TabletCompaction.run(t, ts, policy, true, 10);
                assertThat(o.rounds()).isEqualTo(1);
                assertThat(o.rowsetsAfter()).isEqualTo(1);
                assertThat(o.entry().getRemovedRowsetIdsCount()).isEqualTo(2);
            }
        }
    }
}
