package io.strata.engine.table;

import io.strata.engine.compaction.BackgroundCompactor;
import io.strata.engine.compaction.CompactionOptions;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.txn.TableState;
import io.strata.proto.strata.TabletRowsetsPB;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The writer-side compactor: with a pool that never runs anything, the hard limit still holds
 * because the checkpoint compacts synchronously; results carried by commits publish and keep the
 * contents exact; commit format versions stay readable.
 */
class BackgroundCompactorTest {
    @TempDir Path dir;

    /** Accepts tasks and never runs them (a compaction pool that is always busy). */
    static final class StalledPool extends AbstractExecutorService {
        final List<Runnable> queued = new ArrayList<>();

        @Override
        public void execute(Runnable r) {
            queued.add(r);
        }

        @Override
        public void shutdown() {}

        @Override
        public List<Runnable> shutdownNow() {
            return queued;
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long t, TimeUnit u) {
            return true;
        }
    }

    @Test
    void hardLimitHoldsEvenWhenThePoolNeverRuns() throws Exception {
        String model = "UNIQUE";
        TabletSchema schema = TableModelTest.schema(model);
        int hard = 6;
        Map<String, String> props =
                Map.of(
                        CompactionOptions.HARD_LIMIT,
                        String.valueOf(hard),
                        CompactionOptions.SOFT_LIMIT,
                        "5");
        List<TableModelTest.Tagged> log = new ArrayList<>();
        Random rnd = new Random(5);
        StalledPool pool = new StalledPool();
        try (StorageEngine engine = StorageEngine.builder().flushThreads(1).build();
                Table t =
                        Table.create(
                                LocalFileIO.INSTANCE,
                                dir.resolve("t").toString(),
                                CompactionTest.descriptor(model, props),
                                TableModelTest.format());
                BackgroundCompactor bc =
                        new BackgroundCompactor(
                                t, CompactionOptions.fromProperties(props), pool, ts -> true, 1)) {
            for (int c = 0; c < 30; c++) {
                List<Object[]> rows = CompactionTest.rows(model, rnd, 20);
                TxnCommit commit = CrashTest.load(t, engine, rows);
                Map<Long, Integer> added = new HashMap<>();
                for (TabletRowsetsPB tr : commit.proto().getTabletsList()) {
                    added.merge(tr.getTabletId(), tr.getAddedCount(), Integer::sum);
                }
                commit = commit.withCompactions(bc.onCheckpoint(added));
                // Through the wire format, as a Flink committable travels.
                TxnCommit wire = TxnCommit.fromBytes(commit.toBytes());
                long v = t.publish("cp-" + c, wire, "w", c).version();
                for (Object[] r : rows) {
                    log.add(new TableModelTest.Tagged(v, log.size(), r));
                }
                TableState s = t.state(v);
                for (TableState.TabletState ts : s.tablets().values()) {
                    assertThat(ts.rowsets().size()).as("checkpoint %d", c).isLessThan(hard);
                }
                assertThat(TableModelTest.scan(t, v))
                        .isEqualTo(TableModelTest.expected(schema, log, List.of(), v));
            }
            assertThat(bc.compactions()).isGreaterThan(0);
            assertThat(bc.maxRowsetsPerTablet()).isLessThan(hard);
            assertThat(pool.queued).isNotEmpty(); // work was offered to the pool, never run
        }
    }

    @Test
    void commitFormatVersions() throws Exception {
        TxnCommit plain = TxnCommit.empty();
        assertThat(plain.proto().getFormatVersion()).isEqualTo(TxnCommit.FORMAT_VERSION);
        TabletRowsetsPB entry =
                TabletRowsetsPB.newBuilder().setTabletId(1).addRemovedRowsetIds("a").build();
        TxnCommit with = plain.withCompactions(List.of(entry));
        assertThat(with.proto().getFormatVersion()).isEqualTo(TxnCommit.FORMAT_VERSION_COMPACTION);
        assertThat(with.isEmpty()).isFalse();
        TxnCommit merged = TxnCommit.merge(List.of(with, plain, with));
        assertThat(merged.compactions()).hasSize(2);
        assertThat(TxnCommit.fromBytes(merged.toBytes()).compactions()).hasSize(2);
        assertThat(TxnCommit.merge(List.of(plain)).proto().getFormatVersion())
                .isEqualTo(TxnCommit.FORMAT_VERSION);
        byte[] future =
                with.proto().toBuilder()
                        .setFormatVersion(TxnCommit.MAX_FORMAT_VERSION + 1)
                        .build()
                        .toByteArray();
        assertThatThrownBy(() -> TxnCommit.fromBytes(future)).hasMessageContaining("newer");
    }
}
