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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Short-key pruning on a composite key (DATEV2, CHAR(2), VARCHAR): equalities on a prefix plus one
 * range narrow the scan to few 1024-row blocks, results stay exact, including NULL keys and long
 * strings beyond the 20-byte short-key truncation. Zone maps are disabled (AGG_KEYS value column
 * has none, and the key columns' zone maps are coarse here because of the sort order).
 */
class ShortKeyPruningTest {
    @TempDir Path dir;

    @Test
    void compositeKeyPrefixAndRange() throws Exception {
        TabletSchema s =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                Column.builder("a", DataType.of(FieldType.INT))
                                        .nullable(true)
                                        .key(true)
                                        .build())
                        .column(
                                Column.builder("b", DataType.charType(2))
                                        .nullable(false)
                                        .key(true)
                                        .build())
                        .column(
                                Column.builder("c", DataType.varchar(64))
                                        .nullable(false)
                                        .key(true)
                                        .build())
                        .column(Column.builder("v", DataType.of(FieldType.INT)).build())
                        .build();
        assertThat(s.numShortKeyColumns()).isEqualTo(3);
        Random r = new Random(2);
        int n = 60_000;
        Block raw = Block.create(s.columns(), n);
        String pad = "x".repeat(25); // longer than the 20-byte VARCHAR short key
        for (int i = 0; i < n; i++) {
            raw.appendRow(
                    r.nextInt(50) == 0 ? null : r.nextInt(30),
                    "" + (char) ('A' + r.nextInt(3)) + (char) ('a' + r.nextInt(2)),
                    pad + r.nextInt(1000),
                    i);
        }
        Block b = SegmentTestData.sortByKeys(raw, 3);
        String path = dir.resolve("sk.dat").toString();
        try (SegmentWriter w =
                new SegmentWriter(
                        LocalFileIO.INSTANCE, path, s, SegmentWriterOptions.defaults(0))) {
            w.append(b);
            w.finish();
        }
        List<List<ColumnPredicate>> cases =
                List.of(
                        List.of(ColumnPredicate.eq("a", 7)),
                        List.of(ColumnPredicate.eq("a", 7), ColumnPredicate.eq("b", "Ba")),
                        List.of(
                                ColumnPredicate.eq("a", 7),
                                ColumnPredicate.eq("b", "Ba"),
                                ColumnPredicate.of("c", Op.GE, pad + "5")),
                        List.of(
                                ColumnPredicate.eq("a", 7),
                                ColumnPredicate.eq("b", "Ba"),
                                ColumnPredicate.eq("c", pad + "123")),
                        List.of(ColumnPredicate.eq("a", 7), ColumnPredicate.of("b", Op.LT, "B")),
                        List.of(ColumnPredicate.of("a", Op.GT, 27)),
                        List.of(ColumnPredicate.of("a", Op.LE, 0)),
                        List.of(ColumnPredicate.eq("a", 100)),
                        List.of(ColumnPredicate.in("a", List.of(12, 11))),
                        List.of(
                                ColumnPredicate.eq("a", 3),
                                ColumnPredicate.in("b", List.of("Cb", "Ab"))));
        for (List<ColumnPredicate> ps : cases) {
            ReadStats st = new ReadStats();
            List<List<Object>> got = new ArrayList<>();
            try (SegmentReader rd = SegmentReader.open(LocalFileIO.INSTANCE, path, s);
                    SegmentIterator it =
                            rd.newIterator(
                                    new SegmentReadOptions(new int[] {0, 1, 2, 3}, ps, 4096, st))) {
                Block x;
                while ((x = it.next()) != null) {
                    got.addAll(x.toRows());
                }
            }
            boolean[] sel = new boolean[n];
            PredicateEvaluator.of(ps, s).evaluate(b.vectors(), n, sel);
            List<List<Object>> want = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (sel[i]) {
                    want.add(java.util.Arrays.asList(b.getRow(i)));
                }
            }
            assertThat(got).as("%s", ps).isEqualTo(want);
            // each key value of a covers ~2000 rows: the scan stays within a few 1024-row blocks
            assertThat(st.rowsScanned.get())
                    .as("%s", ps)
                    .isLessThanOrEqualTo(want.size() + 2 * 1024 + 2000);
        }
    }
}
