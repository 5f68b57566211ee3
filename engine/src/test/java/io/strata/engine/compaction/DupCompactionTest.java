package io.strata.engine.compaction;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.rowset.SegmentFormat;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.ReadStats;
import io.strata.engine.segment.SegmentIterator;
import io.strata.engine.segment.SegmentReadOptions;
import io.strata.engine.segment.SegmentReader;
import io.strata.engine.segment.SegmentVerifier;
import io.strata.engine.table.ChannelOptions;
import io.strata.engine.table.StorageEngine;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;
import io.strata.engine.table.TabletsChannel;
import io.strata.engine.table.TxnCommit;
import io.strata.engine.txn.TableState;
import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.olap.SegmentsOverlapPB;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DUP_KEYS compaction is a streaming k-way merge: the output holds exactly the input rows (as a
 * multiset, minus what DELETE predicates of a base compaction remove), in key order across all
 * output segments, each segment consistent with its indexes; and the merge's working set is bounded
 * by the number of sources, not by the tablet's size.
 */
class DupCompactionTest {
    @TempDir Path dir;

    /** DUP table (k1 INT, k2 VARCHAR(12) keys; v BIGINT), one bucket. */
    private static TabletSchema schema() {
        return TabletSchema.builder(KeysType.DUP_KEYS)
                .column(Column.builder("k1", DataType.of(FieldType.INT)).key(true).build())
                .column(Column.builder("k2", DataType.varchar(12)).key(true).nullable(true).build())
                .column(Column.builder("v", DataType.of(FieldType.BIGINT)).nullable(true).build())
                .build();
    }

    private Table create(String name) throws IOException {
        TableDescriptor d =
                TableDescriptor.builder(schema()).distribution(List.of("k1")).buckets(1).build();
        return Table.create(
                LocalFileIO.INSTANCE, dir.resolve(name).toString(), d, SegmentFormat.DORIS);
    }

    /** Random rows with keys in [lo, lo + span); duplicates of whole rows are likely. */
    private static List<Object[]> rows(Random rnd, int n, int lo, int span) {
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(
                    new Object[] {
                        lo + rnd.nextInt(span),
                        rnd.nextInt(8) == 0 ? null : "s" + rnd.nextInt(30),
                        rnd.nextInt(6) == 0 ? null : (long) rnd.nextInt(100)
                    });
        }
        return out;
    }

    /** One published load; a small memtable makes it an OVERLAPPING rowset of many segments. */
    private static long load(Table t, StorageEngine engine, List<Object[]> rows, long memtable)
            throws IOException {
        TxnCommit c;
        try (TabletsChannel ch =
                t.openChannel(
                        engine, ChannelOptions.builder().memtableSizeBytes(memtable).build())) {
            // Blocks of 100 rows: a small memtable then flushes several times per load.
            for (int i = 0; i < rows.size(); i += 100) {
                Block b = Block.create(t.schema().columns(), 100);
                for (Object[] r : rows.subList(i, Math.min(rows.size(), i + 100))) {
                    b.appendRow(r);
                }
                ch.write(b);
            }
            c = ch.prepareCommit();
        }
        return t.publish("load-" + java.util.UUID.randomUUID(), c, null, -1).version();
    }

    private static TableState.TabletState onlyTablet(Table t) throws IOException {
        TableState s = t.state(t.latestVersion());
        assertThat(s.tablets()).hasSize(1);
        return s.tablets().values().iterator().next();
    }

    private static CompactionTask baseTask(TableState.TabletState ts) {
        return new CompactionTask(
                CompactionTask.Type.BASE,
                ts.tabletId(),
                ts.partitionId(),
                ts.bucket(),
                ts.rowsets());
    }

    /** The rows of each segment of {@code r}, in file order; every segment verified. */
    private static List<List<Object[]>> segments(Table t, RowsetMetaPB r) throws IOException {
        int[] all = {0, 1, 2};
        List<List<Object[]>> out = new ArrayList<>();
        for (int seg = 0; seg < r.getNumSegments(); seg++) {
            List<Object[]> rows = new ArrayList<>();
            try (SegmentReader reader =
                    SegmentReader.open(t.io(), t.segmentPath(r, seg), t.schema())) {
                assertThat(SegmentVerifier.verify(reader)).as("segment %d", seg).isEmpty();
                try (SegmentIterator it =
                        reader.newIterator(
                                new SegmentReadOptions(all, List.of(), 1000, new ReadStats()))) {
                    Block b;
                    while ((b = it.next()) != null) {
                        for (int i = 0; i < b.rowCount(); i++) {
                            rows.add(b.getRow(i));
                        }
                    }
                }
            }
            out.add(rows);
        }
        return out;
    }

    /** Key order of the engine: k1, then k2 with NULL first (ASCII strings: byte order). */
    private static final Comparator<Object[]> KEY_ORDER =
            Comparator.<Object[]>comparingInt(r -> (Integer) r[0])
                    .thenComparing(
                            r -> (String) r[1], Comparator.nullsFirst(Comparator.naturalOrder()));

    private static List<String> multiset(List<Object[]> rows) {
        List<String> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(Arrays.toString(r));
        }
        out.sort(null);
        return out;
    }

    /** Output rows in key order across segments; segment bounds do not overlap. */
    private static List<Object[]> assertSorted(List<List<Object[]>> segs) {
        List<Object[]> all = new ArrayList<>();
        for (List<Object[]> s : segs) {
            assertThat(s).as("empty segment").isNotEmpty();
            all.addAll(s);
        }
        for (int i = 1; i < all.size(); i++) {
            assertThat(KEY_ORDER.compare(all.get(i - 1), all.get(i)))
                    .as("rows %d and %d out of key order", i - 1, i)
                    .isLessThanOrEqualTo(0);
        }
        return all;
    }

    @Test
    void manyOverlappingInputsMergeIntoSortedSegmentsWithEveryRow() throws IOException {
        Random rnd = new Random(42);
        List<Object[]> expected = new ArrayList<>();
        try (StorageEngine engine = StorageEngine.builder().flushThreads(1).build();
                Table t = create("t")) {
            // 10 loads with overlapping key ranges, each split over several segments.
            for (int i = 0; i < 10; i++) {
                List<Object[]> rs = rows(rnd, 400, i * 10, 120);
                expected.addAll(rs);
                load(t, engine, rs, 2_000);
            }
            TableState.TabletState ts = onlyTablet(t);
            assertThat(ts.rowsets()).hasSize(10);
            assertThat(ts.rowsets().get(3).getNumSegments()).isGreaterThan(1);
            ReadStats stats = new ReadStats();
            CompactionResult r =
                    Compactor.compact(
                            t, baseTask(ts), CompactionOptions.defaults(), 16 << 10, stats);
            RowsetMetaPB out = r.output();
            assertThat(out.getSegmentsOverlapPb()).isEqualTo(SegmentsOverlapPB.NONOVERLAPPING);
            assertThat(out.getNumSegments()).as("output cut every 16 KiB").isGreaterThan(2);
            assertThat(r.rowsWritten()).isEqualTo(expected.size());
            List<Object[]> got = assertSorted(segments(t, out));
            assertThat(multiset(got)).isEqualTo(multiset(expected));

            // Publish it, load more on top, compact again: the NONOVERLAPPING multi-segment
            // output is now one chained source among OVERLAPPING ones.
            t.publish("c1", TxnCommit.empty().withCompactions(List.of(r.commitEntry())), null, -1);
            for (int i = 0; i < 3; i++) {
                List<Object[]> rs = rows(rnd, 300, 0, 200);
                expected.addAll(rs);
                load(t, engine, rs, 2_000);
            }
            ts = onlyTablet(t);
            assertThat(ts.rowsets()).hasSize(4);
            CompactionResult r2 =
                    Compactor.compact(
                            t, baseTask(ts), CompactionOptions.defaults(), 8 << 10, stats);
            List<Object[]> got2 = assertSorted(segments(t, r2.output()));
            assertThat(multiset(got2)).isEqualTo(multiset(expected));
        }
    }

    @Test
    void baseCompactionAppliesDeletePredicatesToOlderRowsetsOnly() throws IOException {
        Random rnd = new Random(7);
        List<Object[]> before = new ArrayList<>();
        List<Object[]> after = new ArrayList<>();
        try (StorageEngine engine = StorageEngine.builder().flushThreads(1).build();
                Table t = create("d")) {
            for (int i = 0; i < 4; i++) {
                List<Object[]> rs = rows(rnd, 300, 0, 100);
                before.addAll(rs);
                load(t, engine, rs, 4_000);
            }
            t.deleteWhere(
                    "del",
                    List.of(
                            ColumnPredicate.of("k1", ColumnPredicate.Op.LT, 40),
                            ColumnPredicate.eq("k2", "s3")));
            t.deleteWhere("del2", List.of(ColumnPredicate.isNull("k2")));
            for (int i = 0; i < 2; i++) {
                List<Object[]> rs = rows(rnd, 300, 0, 100);
                after.addAll(rs);
                load(t, engine, rs, 4_000);
            }
            TableState.TabletState ts = onlyTablet(t);
            CompactionResult r =
                    Compactor.compact(
                            t,
                            baseTask(ts),
                            CompactionOptions.defaults(),
                            8 << 10,
                            new ReadStats());
            Predicate<Object[]> deleted =
                    x -> ((Integer) x[0] < 40 && "s3".equals(x[1])) || x[1] == null;
            List<Object[]> expected = new ArrayList<>();
            for (Object[] x : before) {
                if (!deleted.test(x)) {
                    expected.add(x);
                }
            }
            // Rows loaded after the DELETEs are not hidden by them.
            expected.addAll(after);
            assertThat(after).anyMatch(deleted);
            assertThat(before).anyMatch(x -> (Integer) x[0] < 40 && "s3".equals(x[1]));
            List<Object[]> got = assertSorted(segments(t, r.output()));
            assertThat(multiset(got)).isEqualTo(multiset(expected));
            assertThat(r.rowsWritten()).isEqualTo(expected.size());
        }
    }

    @Test
    void mergeWorkingSetIsBoundedBySourcesNotTabletSize() throws IOException {
        Random rnd = new Random(3);
        int inputs = 5;
        int perInput = 30_000;
        try (StorageEngine engine = StorageEngine.builder().flushThreads(1).build();
                Table t = create("m")) {
            for (int i = 0; i < inputs; i++) {
                // A large memtable: one segment (one merge source) per load.
                load(t, engine, rows(rnd, perInput, 0, 1_000_000), 64L << 20);
            }
            TableState.TabletState ts = onlyTablet(t);
            int sources = 0;
            for (RowsetMetaPB r : ts.rowsets()) {
                sources += r.getNumSegments();
            }
            ReadStats stats = new ReadStats();
            CompactionResult r =
                    Compactor.compact(
                            t, baseTask(ts), CompactionOptions.defaults(), 256 << 10, stats);
            assertThat(r.rowsWritten()).isEqualTo((long) inputs * perInput);
            long peak = stats.mergePeakRows.get();
            assertThat(peak).isPositive();
            // At most one buffered block of 4096 rows per source, far below the tablet's rows.
            assertThat(peak).isLessThanOrEqualTo(sources * 4096L);
            assertThat(peak).isLessThan((long) inputs * perInput / 4);
            assertThat(r.output().getNumSegments()).isGreaterThan(3);
            assertSorted(segments(t, r.output()));
        }
    }
}
