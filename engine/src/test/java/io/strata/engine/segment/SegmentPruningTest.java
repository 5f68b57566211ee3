package io.strata.engine.segment;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.read.ColumnPredicate.Op;
import io.strata.engine.read.PredicateEvaluator;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pruning returns exactly the matching rows (compared with a brute-force filter of the input) and
 * reads few pages for selective predicates.
 */
class SegmentPruningTest {
    @TempDir Path dir;
    private TabletSchema schema;
    private Block data;
    private String path;
    static final int N = 50_000;

    @BeforeEach
    void write() throws Exception {
        // k: 0..N-1 sorted; cat: 10 values, bitmap index; s: random-ish strings with bloom filter;
        // v: nullable BIGINT random
        schema =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.INT))
                                        .nullable(false)
                                        .key(true)
                                        .build())
                        .column(
                                Column.builder("cat", DataType.varchar(8))
                                        .bitmapIndex(true)
                                        .build())
                        .column(Column.builder("s", DataType.varchar(32)).bloomFilter(true).build())
                        .column(
                                Column.builder("v", DataType.of(FieldType.BIGINT))
                                        .bloomFilter(true)
                                        .build())
                        .build();
        Random r = new Random(11);
        data = Block.create(schema.columns(), N);
        for (int i = 0; i < N; i++) {
            data.appendRow(
                    i,
                    i % 97 == 0 ? null : "c" + (i * 7 % 10),
                    "s" + (i * 7919L % 100_003),
                    r.nextInt(20) == 0 ? null : (long) r.nextInt(1_000_000));
        }
        path = dir.resolve("p.dat").toString();
        try (SegmentWriter w =
                new SegmentWriter(
                        LocalFileIO.INSTANCE,
                        path,
                        schema,
                        SegmentWriterOptions.defaults(0).withDataPageSize(8192))) {
            w.append(data);
            w.finish();
        }
    }

    private List<List<Object>> expected(List<ColumnPredicate> ps, int[] proj) {
        PredicateEvaluator ev = PredicateEvaluator.of(ps, schema);
        boolean[] sel = new boolean[N];
        ev.evaluate(data.vectors(), N, sel);
        List<List<Object>> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            if (sel[i]) {
                Object[] row = data.getRow(i);
                List<Object> l = new ArrayList<>();
                for (int p : proj) {
                    l.add(row[p]);
                }
                out.add(l);
            }
        }
        return out;
    }

    private ReadStats check(int[] proj, ColumnPredicate... ps) throws Exception {
        ReadStats st = new ReadStats();
        List<List<Object>> got = new ArrayList<>();
        try (SegmentReader r = SegmentReader.open(LocalFileIO.INSTANCE, path, schema);
                SegmentIterator it =
                        r.newIterator(new SegmentReadOptions(proj, List.of(ps), 1000, st))) {
            Block b;
            while ((b = it.next()) != null) {
                got.addAll(b.toRows());
            }
        }
        assertThat(got).as("%s", List.of(ps)).isEqualTo(expected(List.of(ps), proj));
        assertThat(st.rowsReturned.get()).isEqualTo(got.size());
        return st;
    }

    @Test
    void keyEqualityReadsOnePagePerColumn() throws Exception {
        ReadStats st = check(new int[] {0, 3}, ColumnPredicate.eq("k", 31_337));
        // short key + page zone maps leave one page of k and one of v
        assertThat(st.pagesRead.get()).isEqualTo(2);
        assertThat(st.pagesPruned.get()).isEqualTo(st.pagesTotal.get() - 2);
        assertThat(st.rowsScanned.get()).isLessThanOrEqualTo(1024);
        assertThat(st.bytesRead.get()).isPositive().isLessThan(2 * 8192 + 1024);
    }

    @Test
    void keyRangeReadsOnlyOverlappingPages() throws Exception {
        ReadStats st =
                check(
                        new int[] {0},
                        ColumnPredicate.of("k", Op.GE, 10_000),
                        ColumnPredicate.of("k", Op.LT, 10_100));
        assertThat(st.pagesRead.get()).isLessThanOrEqualTo(2);
        check(new int[] {0, 1}, ColumnPredicate.of("k", Op.GT, N - 3));
        check(new int[] {0, 1}, ColumnPredicate.of("k", Op.LE, 2));
    }

    @Test
    void segmentZoneMapSkipsTheSegment() throws Exception {
        ReadStats st = check(new int[] {0}, ColumnPredicate.of("k", Op.GT, N + 5));
        assertThat(st.segmentsPruned.get()).isEqualTo(1);
        assertThat(st.pagesRead.get()).isZero();
    }

    @Test
    void bitmapIndexGivesExactRows() throws Exception {
        ReadStats st = check(new int[] {0, 1}, ColumnPredicate.eq("cat", "c3"));
        assertThat(st.rowsScanned.get()).isEqualTo(st.rowsReturned.get());
        st = check(new int[] {0, 1}, ColumnPredicate.in("cat", List.of("c1", "c9", "zz")));
        assertThat(st.rowsScanned.get()).isEqualTo(st.rowsReturned.get());
        st = check(new int[] {0, 1}, ColumnPredicate.isNull("cat"));
        assertThat(st.rowsScanned.get()).isEqualTo(st.rowsReturned.get());
        st = check(new int[] {0}, ColumnPredicate.eq("cat", "nope"));
        assertThat(st.pagesRead.get()).isZero();
    }

    @Test
    void bloomFilterPrunesPagesForEquality() throws Exception {
        long target = 7919L * 12_345 % 100_003;
        ReadStats st = check(new int[] {0, 2}, ColumnPredicate.eq("s", "s" + target));
        // one matching page of s (plus rare false positives) and the same of k
        assertThat(st.pagesRead.get()).isLessThanOrEqualTo(6);
        st = check(new int[] {2}, ColumnPredicate.eq("s", "absent-value"));
        assertThat(st.pagesRead.get()).isLessThanOrEqualTo(4);
    }

    @Test
    void everyOperatorIsExact() throws Exception {
        int[] all = {0, 1, 2, 3};
        check(all, ColumnPredicate.of("v", Op.LT, 1000L));
        check(all, ColumnPredicate.of("v", Op.LE, 1000L), ColumnPredicate.isNotNull("cat"));
        check(all, ColumnPredicate.of("v", Op.GE, 999_000L));
        check(all, ColumnPredicate.of("v", Op.NE, 5L), ColumnPredicate.of("k", Op.LT, 300));
        check(
                all,
                ColumnPredicate.notIn("cat", List.of("c1", "c2")),
                ColumnPredicate.of("k", Op.LT, 500));
        check(all, ColumnPredicate.isNull("v"));
        check(all, ColumnPredicate.in("v", List.of(1L, 2L, 3L)));
        check(all, ColumnPredicate.of("s", Op.GT, "s99990"));
        check(new int[] {3}, ColumnPredicate.eq("k", "4242")); // string literal for an INT column
        check(
                new int[] {0},
                ColumnPredicate.in("k", List.of(7L, "8", (short) 9))); // mixed literal types
        check(new int[] {0, 3}, ColumnPredicate.of("v", Op.LT, 500)); // INT literal for BIGINT
    }

    @Test
    void randomPredicatesNeverDropAMatchingRow() throws Exception {
        Random r = new Random(99);
        Op[] ops = {Op.EQ, Op.LT, Op.LE, Op.GT, Op.GE, Op.NE};
        for (int i = 0; i < 40; i++) {
            List<ColumnPredicate> ps = new ArrayList<>();
            ps.add(ColumnPredicate.of("k", ops[r.nextInt(ops.length)], r.nextInt(N + 10) - 5));
            if (r.nextBoolean()) {
                ps.add(
                        ColumnPredicate.of(
                                "v", ops[r.nextInt(ops.length)], (long) r.nextInt(1_000_000)));
            }
            if (r.nextBoolean()) {
                ps.add(ColumnPredicate.eq("cat", "c" + r.nextInt(10)));
            }
            check(new int[] {0, 1, 3}, ps.toArray(new ColumnPredicate[0]));
        }
    }
}
