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
 * For every type: a sorted key column and a value column with bloom filter and bitmap index (where
 * the type allows), small pages, random predicates whose literals come from the data or are random;
 * the scan must return exactly what a brute-force filter of the input returns.
 */
class PruningPropertyTest {
    @TempDir Path dir;

    @Test
    void everyTypeEveryOperator() throws Exception {
        Random r = new Random(2024);
        Op[] ops = Op.values();
        int file = 0;
        for (DataType t : SegmentTestData.ALL_TYPES) {
            boolean floating =
                    t.fieldType() == FieldType.FLOAT || t.fieldType() == FieldType.DOUBLE;
            TabletSchema s =
                    TabletSchema.builder(KeysType.DUP_KEYS)
                            .column(
                                    Column.builder("k", floating ? DataType.of(FieldType.INT) : t)
                                            .nullable(true)
                                            .key(true)
                                            .build())
                            .column(
                                    Column.builder("v", t)
                                            .bloomFilter(t.fieldType() != FieldType.BOOLEAN)
                                            .bitmapIndex(true)
                                            .build())
                            .build();
            int n = 2500;
            Block b =
                    SegmentTestData.sortByKeys(
                            SegmentTestData.randomBlock(s.columns(), n, 8, r), 1);
            String path = dir.resolve("p" + file++ + ".dat").toString();
            try (SegmentWriter w =
                    new SegmentWriter(
                            LocalFileIO.INSTANCE,
                            path,
                            s,
                            new SegmentWriterOptions(0, 512, 4096, 128, true))) {
                w.append(b);
                w.finish();
            }
            try (SegmentReader rd = SegmentReader.open(LocalFileIO.INSTANCE, path, s)) {
                for (int q = 0; q < 30; q++) {
                    List<ColumnPredicate> ps = new ArrayList<>();
                    int preds = 1 + r.nextInt(2);
                    for (int p = 0; p < preds; p++) {
                        String col = r.nextBoolean() ? "k" : "v";
                        DataType ct = s.column(col.equals("k") ? 0 : 1).type();
                        Op op = ops[r.nextInt(ops.length)];
                        ps.add(predicate(col, op, ct, b, col.equals("k") ? 0 : 1, r));
                    }
                    List<List<Object>> got = new ArrayList<>();
                    try (SegmentIterator it =
                            rd.newIterator(
                                    new SegmentReadOptions(
                                            new int[] {0, 1}, ps, 300, new ReadStats()))) {
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
                    assertThat(got).as("%s %s", t, ps).isEqualTo(want);
                }
            }
        }
    }

    private static ColumnPredicate predicate(
            String col, Op op, DataType t, Block b, int c, Random r) {
        switch (op) {
            case IS_NULL:
                return ColumnPredicate.isNull(col);
            case IS_NOT_NULL:
                return ColumnPredicate.isNotNull(col);
            case IN:
            case NOT_IN:
                {
                    List<Object> vs = new ArrayList<>();
                    for (int i = 0; i < 1 + r.nextInt(4); i++) {
                        vs.add(literal(t, b, c, r));
                    }
                    return op == Op.IN
                            ? ColumnPredicate.in(col, vs)
                            : ColumnPredicate.notIn(col, vs);
                }
            default:
                return ColumnPredicate.of(col, op, literal(t, b, c, r));
        }
    }

    /** A value present in the column (often) or a random one. */
    private static Object literal(DataType t, Block b, int c, Random r) {
        if (r.nextInt(3) > 0) {
            int row = r.nextInt(b.rowCount());
            Object v = b.vector(c).getObject(t, row);
            if (v != null) {
                return v;
            }
        }
        return SegmentTestData.value(t, r);
    }
}
