package io.strata.engine.table;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.TabletSchema;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails the k-th FileIO call of a load + publish, for every k (before and after the call takes
 * effect); then reopens with a healthy FileIO: the new version is fully visible or absent, the old
 * rows are intact, and retrying with the same label publishes the rows exactly once.
 */
class CrashTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"DUP", "UNIQUE"})
    void everyFailurePointIsAtomicAndRetriable(String model) throws Exception {
        TabletSchema schema = TableModelTest.schema(model);
        Random rnd = new Random(42);
        List<Object[]> first = rows(model, rnd, 30);
        List<Object[]> second = rows(model, rnd, 30);
        int k = 1;
        int tested = 0;
        try (StorageEngine engine = StorageEngine.builder().flushThreads(1).build()) {
            while (true) {
                boolean after = k % 2 == 0;
                int failAt = (k + 1) / 2;
                String path = dir.resolve("t" + k).toString();
                TableDescriptor d =
                        TableDescriptor.builder(schema)
                                .distribution(List.of("k1"))
                                .buckets(2)
                                .partitionColumns(List.of("dt"))
                                .property("snapshot.interval", "2")
                                .build();
                try (Table t = Table.create(LocalFileIO.INSTANCE, path, d, fmt())) {
                    t.publish("first", load(t, engine, first), null, -1);
                }
                FaultyFileIO faulty = new FaultyFileIO(LocalFileIO.INSTANCE, failAt, after);
                TxnCommit commit = null;
                boolean threw = false;
                try (Table t = Table.open(faulty, path, fmt())) {
                    commit = load(t, engine, second);
                    t.publish("second", commit, "u", 7);
                } catch (IOException | RuntimeException e) {
                    threw = true;
                }
                if (!faulty.failed) {
                    assertThat(threw).isFalse();
                    break; // k is past the last call: every failure point was covered
                }
                tested++;
                try (Table t = Table.open(LocalFileIO.INSTANCE, path, fmt())) {
                    long v = t.latestVersion();
                    assertThat(v).as("k=%d", k).isIn(1L, 2L);
                    List<List<Object>> expectFirst =
                            TableModelTest.expected(schema, tagged(first, 1, null), List.of(), 1);
                    assertThat(TableModelTest.scan(t, 1)).as("k=%d", k).isEqualTo(expectFirst);
                    // Retry: with the commit if we got one, else reload; same label.
                    TxnCommit retry = commit != null ? commit : load(t, engine, second);
                    PublishResult r = t.publish("second", retry, "u", 7);
                    assertThat(r.version()).isEqualTo(2);
                    if (v == 2) {
                        assertThat(r.alreadyPublished()).isTrue();
                        if (retry != commit) {
                            t.abort(retry);
                        }
                    }
                    List<List<Object>> expectBoth =
                            TableModelTest.expected(schema, tagged(first, 1, second), List.of(), 2);
                    assertThat(TableModelTest.scan(t, 2)).as("k=%d", k).isEqualTo(expectBoth);
                    assertThat(t.lastCommittedCheckpoint("u")).hasValue(7);
                }
                k++;
            }
        }
        assertThat(tested).isGreaterThan(20);
    }

    static io.strata.engine.rowset.SegmentFormat fmt() {
        return TableModelTest.format();
    }

    static List<TableModelTest.Tagged> tagged(List<Object[]> a, long va, List<Object[]> b) {
        List<TableModelTest.Tagged> out = new ArrayList<>();
        long seq = 0;
        for (Object[] r : a) {
            out.add(new TableModelTest.Tagged(va, seq++, r));
        }
        if (b != null) {
            for (Object[] r : b) {
                out.add(new TableModelTest.Tagged(va + 1, seq++, r));
            }
        }
        return out;
    }

    static List<Object[]> rows(String model, Random rnd, int n) {
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object[] r = TableModelTest.randomRow(model, rnd);
            if (r.length > 5) {
                r[5] = (byte) 0;
            }
            out.add(r);
        }
        return out;
    }

    static TxnCommit load(Table t, StorageEngine engine, List<Object[]> rows) throws IOException {
        try (TabletsChannel ch =
                t.openChannel(engine, ChannelOptions.builder().memtableSizeBytes(200).build())) {
            Block b = Block.create(t.schema().columns(), rows.size());
            for (Object[] r : rows) {
                b.appendRow(r);
            }
            ch.write(b);
            return ch.prepareCommit();
        }
    }
}
