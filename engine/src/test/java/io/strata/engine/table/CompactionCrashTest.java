package io.strata.engine.table;

import io.strata.engine.compaction.TableCompactor;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.schema.TabletSchema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails the k-th FileIO call of a compaction (merge, output write, publish, expiry), for every k,
 * before and after the call takes effect; then, with a healthy FileIO, the table must read exactly
 * as before at every version, a retried compaction must succeed, and the orphan cleaner must leave
 * the table exact.
 */
class CompactionCrashTest {
    @TempDir Path dir;

    @Test
    void everyFailurePointOfACompactionLeavesTheTableExact() throws Exception {
        String model = "UNIQUE";
        TabletSchema schema = TableModelTest.schema(model);
        String src = dir.resolve("src").toString();
        List<TableModelTest.Tagged> log = new ArrayList<>();
        List<TableModelTest.Delete> deletes = new ArrayList<>();
        Random rnd = new Random(3);
        try (StorageEngine engine = StorageEngine.builder().flushThreads(1).build();
                Table t =
                        Table.create(
                                LocalFileIO.INSTANCE,
                                src,
                                CompactionTest.descriptor(
                                        model, Map.of(Table.RETAINED_VERSIONS, "3")),
                                TableModelTest.format())) {
            for (int i = 0; i < 4; i++) {
                CompactionTest.load(t, engine, CompactionTest.rows(model, rnd, 12), log);
            }
            PublishResult d = t.deleteWhere("del", List.of(ColumnPredicate.eq("k1", 2)));
            deletes.add(new TableModelTest.Delete(d.version(), r -> (Integer) r[0] == 2));
        }
        long before = 5;
        List<List<Object>> expected = TableModelTest.expected(schema, log, deletes, before);
        // Count the calls of a healthy compaction.
        Path probe = dir.resolve("probe");
        copy(Path.of(src), probe);
        FaultyFileIO counting = new FaultyFileIO(LocalFileIO.INSTANCE, Integer.MAX_VALUE, false);
        try (Table t = Table.open(counting, probe.toString(), TableModelTest.format())) {
            new TableCompactor(t).run(true, 3);
        }
        int total = counting.calls();
        assertThat(total).isGreaterThan(10);
        int stride = Math.max(1, total / 150);
        int tested = 0;
        for (int k = 1; k <= total; k += stride) {
            for (boolean after : new boolean[] {false, true}) {
                Path copy = dir.resolve("c" + k + (after ? "a" : "b"));
                copy(Path.of(src), copy);
                FaultyFileIO faulty = new FaultyFileIO(LocalFileIO.INSTANCE, k, after);
                try (Table t = Table.open(faulty, copy.toString(), TableModelTest.format())) {
                    new TableCompactor(t).run(true, 3);
                } catch (IOException | RuntimeException e) {
                    // expected for most k
                }
                tested += faulty.failed ? 1 : 0;
                try (Table t =
                        Table.open(
                                LocalFileIO.INSTANCE, copy.toString(), TableModelTest.format())) {
                    long latest = t.latestVersion();
                    assertThat(latest).as("k=%d", k).isIn(before, before + 1);
                    assertThat(TableModelTest.scan(t, latest)).as("k=%d", k).isEqualTo(expected);
                    new TableCompactor(t).run(true, 3);
                    assertThat(TableModelTest.scan(t, t.latestVersion()))
                            .as("k=%d retried", k)
                            .isEqualTo(expected);
                    OrphanCleaner.clean(t, 0, false);
                    assertThat(TableModelTest.scan(t, t.latestVersion()))
                            .as("k=%d cleaned", k)
                            .isEqualTo(expected);
                    for (long v = Math.max(1, t.latestVersion() - 2); v <= t.latestVersion(); v++) {
                        if (v >= before) {
                            assertThat(TableModelTest.scan(t, v))
                                    .as("k=%d v=%d", k, v)
                                    .isEqualTo(expected);
                        }
                    }
                }
            }
        }
        assertThat(tested).isGreaterThan(20);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var s = java.nio.file.Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(p, target);
                }
            }
        }
    }
}
