package io.strata.engine.table;

import io.strata.engine.compaction.BackgroundCompactor;
import io.strata.engine.compaction.CompactionOptions;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.txn.TableState;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rowset hard limit with several writers committing into one version: every simulated writer
 * adds a rowset to every tablet each checkpoint (rows of any tablet reach any writer), but each
 * tablet is compacted by one writer only; commits publish one checkpoint late (as an asynchronous
 * committer may). No published version may hold a tablet at or above the limit, and contents stay
 * exact. The same scenario without headroom for the other writers does exceed it, so the check can
 * fail.
 */
class MultiWriterHardLimitTest {
    @TempDir Path dir;

    private static final String MODEL = "UNIQUE";

    /**
     * Attainable: 3 rowsets per checkpoint per tablet, commits one checkpoint late, so a tablet can
     * be compacted only every other checkpoint and peaks at 1 + 3 × 3 rowsets.
     */
    private static final int HARD = 12;

    private static final int WRITERS = 3;

    /** Highest rowset count of a tablet over all published versions. */
    private int run(String name, boolean headroom, boolean lag, boolean checkContents)
            throws Exception {
        TabletSchema schema = TableModelTest.schema(MODEL);
        Map<String, String> props =
                Map.of(
                        CompactionOptions.HARD_LIMIT,
                        String.valueOf(HARD),
                        CompactionOptions.SOFT_LIMIT,
                        "10",
                        // Background compaction never gets going on its own in this test: only
                        // the hard limit's synchronous compaction keeps the count down.
                        CompactionOptions.CUMULATIVE_MIN_ROWSETS,
                        "1000",
                        CompactionOptions.CUMULATIVE_MAX_ROWSETS,
                        "1000",
                        CompactionOptions.BASE_MIN_ROWSETS,
                        "1000",
                        CompactionOptions.BASE_SIZE_RATIO,
                        "1000");
        List<TableModelTest.Tagged> log = new ArrayList<>();
        Random rnd = new Random(11);
        int max = 0;
        BackgroundCompactorTest.StalledPool pool = new BackgroundCompactorTest.StalledPool();
        List<BackgroundCompactor> writers = new ArrayList<>();
        try (StorageEngine engine = StorageEngine.builder().flushThreads(1).build();
                Table t =
                        Table.create(
                                LocalFileIO.INSTANCE,
                                dir.resolve(name).toString(),
                                CompactionTest.descriptor(MODEL, props),
                                TableModelTest.format())) {
            for (int w = 0; w < WRITERS; w++) {
                int me = w;
                writers.add(
                        new BackgroundCompactor(
                                t,
                                CompactionOptions.fromProperties(props),
                                pool,
                                ts -> Math.floorMod(ts.bucket(), WRITERS) == me,
                                1,
                                headroom ? WRITERS - 1 : 0));
            }
            TxnCommit pending = null;
            List<Object[]> pendingRows = null;
            for (int c = 0; c < 25; c++) {
                List<TxnCommit> parts = new ArrayList<>();
                List<Object[]> rows = new ArrayList<>();
                for (BackgroundCompactor bc : writers) {
                    // 40 rows over 20 keys and 2 buckets: every writer touches both tablets.
                    List<Object[]> part = CompactionTest.rows(MODEL, rnd, 40);
                    rows.addAll(part);
                    TxnCommit data = CrashTest.load(t, engine, part);
                    parts.add(data.withCompactions(bc.onCheckpoint(data)));
                }
                // Through the wire format, as Flink committables travel.
                TxnCommit merged = TxnCommit.fromBytes(TxnCommit.merge(parts).toBytes());
                if (!lag) {
                    max = Math.max(max, publish(t, merged, rows, log, schema, checkContents));
                } else {
                    // The previous checkpoint publishes only now, after this one was prepared.
                    if (pending != null) {
                        max =
                                Math.max(
                                        max,
                                        publish(
                                                t,
                                                pending,
                                                pendingRows,
                                                log,
                                                schema,
                                                checkContents));
                    }
                    pending = merged;
                    pendingRows = rows;
                }
            }
            if (pending != null) {
                max = Math.max(max, publish(t, pending, pendingRows, log, schema, checkContents));
            }
            long compactions = 0;
            for (BackgroundCompactor bc : writers) {
                compactions += bc.compactions();
                bc.close();
            }
            assertThat(compactions).isGreaterThan(0);
        }
        return max;
    }

    /** Publishes one checkpoint's merged commit; returns the highest rowset count of a tablet. */
    private static int publish(
            Table t,
            TxnCommit commit,
            List<Object[]> rows,
            List<TableModelTest.Tagged> log,
            TabletSchema schema,
            boolean checkContents)
            throws Exception {
        long v = t.publish("cp-" + java.util.UUID.randomUUID(), commit, null, -1).version();
        for (Object[] r : rows) {
            log.add(new TableModelTest.Tagged(v, log.size(), r));
        }
        int max = 0;
        for (TableState.TabletState ts : t.state(v).tablets().values()) {
            max = Math.max(max, ts.rowsets().size());
        }
        if (checkContents) {
            assertThat(TableModelTest.scan(t, v))
                    .as("version %d", v)
                    .isEqualTo(TableModelTest.expected(schema, log, List.of(), v));
        }
        return max;
    }

    @Test
    void hardLimitHoldsOnEveryPublishedVersionWithSeveralWriters() throws Exception {
        assertThat(run("lag", true, true, true)).isLessThan(HARD);
        assertThat(run("nolag", true, false, true)).isLessThan(HARD);
    }

    @Test
    void withoutHeadroomForOtherWritersTheLimitIsExceeded() throws Exception {
        // The scenario is meaningful: counting only its own rowsets, a writer lets the other
        // writers' rowsets of the same version push the tablet past the limit.
        assertThat(run("without", false, true, false)).isGreaterThanOrEqualTo(HARD);
    }
}
