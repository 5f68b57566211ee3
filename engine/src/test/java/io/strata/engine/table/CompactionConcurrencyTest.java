package io.strata.engine.table;

import io.strata.engine.compaction.CompactionOptions;
import io.strata.engine.compaction.TableCompactor;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.rowset.SegmentFormat;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.txn.TableState;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two compactor threads race each other and a thread publishing loads and DELETE predicates; then
 * every retained version must equal the reference model, and no unreferenced file may be left (lost
 * compactions delete their outputs, replaced files expire).
 */
class CompactionConcurrencyTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"UNIQUE", "AGG", "DUP"})
    void compactionRacesLoadsAndDeletes(String model) throws Exception {
        TabletSchema schema = TableModelTest.schema(model);
        Map<String, String> props =
                Map.of(
                        CompactionOptions.CUMULATIVE_MIN_ROWSETS, "2",
                        CompactionOptions.BASE_MIN_ROWSETS, "3",
                        Table.RETAINED_VERSIONS, "1000");
        List<TableModelTest.Tagged> log = Collections.synchronizedList(new ArrayList<>());
        List<TableModelTest.Delete> deletes = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger compactions = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (StorageEngine engine = StorageEngine.builder().flushThreads(1).build();
                Table t =
                        Table.create(
                                LocalFileIO.INSTANCE,
                                dir.resolve("t").toString(),
                                CompactionTest.descriptor(model, props),
                                SegmentFormat.DORIS)) {
            Future<?> writer =
                    pool.submit(
                            () -> {
                                Random rnd = new Random(model.hashCode());
                                for (int i = 0; i < 30; i++) {
                                    if (i % 6 == 5) {
                                        int k = rnd.nextInt(20);
                                        PublishResult d =
                                                t.deleteWhere(
                                                        "del-" + i,
                                                        List.of(
                                                                ColumnPredicate.of(
                                                                        "k1",
                                                                        ColumnPredicate.Op.LE,
                                                                        k)));
                                        deletes.add(
                                                new TableModelTest.Delete(
                                                        d.version(), r -> (Integer) r[0] <= k));
                                    } else {
                                        synchronized (log) {
                                            // log order = version order for the model's ties
                                            CompactionTest.load(
                                                    t,
                                                    engine,
                                                    CompactionTest.rows(model, rnd, 15),
                                                    log);
                                        }
                                    }
                                }
                                done.set(true);
                                return null;
                            });
            List<Future<?>> compactors = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                compactors.add(
                        pool.submit(
                                () -> {
                                    // Each thread opens its own Table, as a separate process would.
                                    try (Table own =
                                            Table.open(
                                                    LocalFileIO.INSTANCE,
                                                    t.path(),
                                                    SegmentFormat.DORIS)) {
                                        TableCompactor tc = new TableCompactor(own);
                                        while (!done.get()) {
                                            compactions.addAndGet(tc.runOnce(false).size());
                                        }
                                        compactions.addAndGet(tc.runOnce(true).size());
                                    }
                                    return null;
                                }));
            }
            writer.get();
            for (Future<?> f : compactors) {
                f.get();
            }
            assertThat(compactions.get()).isGreaterThan(0);
            long latest = t.latestVersion();
            List<TableModelTest.Tagged> sorted = new ArrayList<>(log);
            sorted.sort(java.util.Comparator.comparingLong(TableModelTest.Tagged::version));
            for (long v = 1; v <= latest; v++) {
                assertThat(TableModelTest.scan(t, v))
                        .as("version %d", v)
                        .isEqualTo(TableModelTest.expected(schema, sorted, deletes, v));
            }
            TableState s = t.state(latest);
            for (TableState.TabletState ts : s.tablets().values()) {
                assertThat(ts.rowsets().size()).isLessThanOrEqualTo(3);
            }
            // Lost races deleted their outputs: nothing unreferenced is left.
            assertThat(OrphanCleaner.clean(t, 0, true).deleted()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
