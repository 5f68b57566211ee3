package io.strata.engine.memtable;

import io.strata.engine.block.Block;
import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RowMergerTest {
    static Column key(String n, DataType t) {
        return Column.builder(n, t).key(true).build();
    }

    static Column val(String n, DataType t, AggregationType a) {
        return Column.builder(n, t).aggregation(a).build();
    }

    static Block block(TabletSchema s, Object[]... rows) {
        Block b = Block.create(s.columns(), rows.length);
        for (Object[] r : rows) {
            b.appendRow(r);
        }
        return b;
    }

    static List<List<Object>> rows(Object[]... rows) {
        return Arrays.stream(rows).map(Arrays::asList).toList();
    }

    @Test
    void dupSortsByAllKeysNullFirstAndKeepsDuplicatesInInputOrder() {
        TabletSchema s =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(key("a", DataType.of(FieldType.BIGINT)))
                        .column(key("b", DataType.varchar(5)))
                        .column(Column.builder("v", DataType.of(FieldType.INT)).build())
                        .build();
        // a spans more than 32 bits: the generic comparator path
        Block in =
                block(
                        s,
                        new Object[] {Long.MAX_VALUE, "x", 1},
                        new Object[] {2L, "b", 2},
                        new Object[] {null, "z", 3},
                        new Object[] {2L, "a", 4},
                        new Object[] {2L, null, 5},
                        new Object[] {Long.MIN_VALUE, "q", 6},
                        new Object[] {2L, "a", 7});
        assertThat(RowMerger.sortAndMerge(s, in).toRows())
                .isEqualTo(
                        rows(
                                new Object[] {null, "z", 3},
                                new Object[] {Long.MIN_VALUE, "q", 6},
                                new Object[] {2L, null, 5},
                                new Object[] {2L, "a", 4},
                                new Object[] {2L, "a", 7},
                                new Object[] {2L, "b", 2},
                                new Object[] {Long.MAX_VALUE, "x", 1}));
    }

    /**
     * A memtable flush of rows already in key order hands its own buffer on (no copy); any row out
     * of order, or equal keys to merge, still produce a sorted (merged) copy.
     */
    @Test
    void inputInKeyOrderIsReturnedAsIsOnlyWhenAllowed() {
        TabletSchema dup =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(key("a", DataType.of(FieldType.BIGINT)))
                        .column(key("b", DataType.of(FieldType.INT)))
                        .column(Column.builder("v", DataType.varchar(5)).build())
                        .build();
        Object[][] ordered = {{1L, 1, "x"}, {1L, 2, "y"}, {2L, 1, "z"}, {2L, 1, "w"}};
        Block in = block(dup, ordered);
        assertThat(RowMerger.sortAndMerge(dup, in, false, true)).isSameAs(in);
        assertThat(RowMerger.sortAndMerge(dup, in, false, false)).isNotSameAs(in);
        Block swapped = block(dup, ordered[1], ordered[0], ordered[2], ordered[3]);
        Block sorted = RowMerger.sortAndMerge(dup, swapped, false, true);
        assertThat(sorted).isNotSameAs(swapped);
        assertThat(sorted.toRows()).isEqualTo(rows(ordered));

        TabletSchema unique =
                TabletSchema.builder(KeysType.UNIQUE_KEYS)
                        .column(key("a", DataType.of(FieldType.BIGINT)))
                        .column(val("v", DataType.varchar(5), AggregationType.REPLACE))
                        .build();
        Block distinct = block(unique, new Object[] {1L, "a"}, new Object[] {2L, "b"});
        assertThat(RowMerger.sortAndMerge(unique, distinct, true, true)).isSameAs(distinct);
        Block dupKeys = block(unique, new Object[] {1L, "a"}, new Object[] {1L, "b"});
        Block merged = RowMerger.sortAndMerge(unique, dupKeys, true, true);
        assertThat(merged).isNotSameAs(dupKeys);
        assertThat(merged.toRows()).isEqualTo(rows(new Object[] {1L, "b"}));
    }

    @Test
    void packedIntKeyPathSortsNegativesAndResolvesTies() {
        TabletSchema s =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                key("a", DataType.of(FieldType.INT)).toBuilder()
                                        .nullable(false)
                                        .build())
                        .column(key("b", DataType.varchar(5)))
                        .build();
        Block in =
                block(
                        s,
                        new Object[] {5, "b"},
                        new Object[] {-3, "z"},
                        new Object[] {5, "a"},
                        new Object[] {Integer.MIN_VALUE, "m"},
                        new Object[] {Integer.MAX_VALUE, "m"},
                        new Object[] {-3, "a"});
        assertThat(RowMerger.sortAndMerge(s, in).toRows())
                .isEqualTo(
                        rows(
                                new Object[] {Integer.MIN_VALUE, "m"},
                                new Object[] {-3, "a"},
                                new Object[] {-3, "z"},
                                new Object[] {5, "a"},
                                new Object[] {5, "b"},
                                new Object[] {Integer.MAX_VALUE, "m"}));
    }

    @Test
    void uniqueKeepsLastRowOrLargestSequence() {
        TabletSchema plain =
                TabletSchema.builder(KeysType.UNIQUE_KEYS)
                        .column(key("k", DataType.of(FieldType.INT)))
                        .column(val("v", DataType.varchar(5), AggregationType.REPLACE))
                        .column(val("seq", DataType.of(FieldType.INT), AggregationType.REPLACE))
                        .build();
        Object[][] in = {
            {1, "a", 5}, {2, "b", 1}, {1, "c", 3}, {1, "d", null}, {2, "e", 1}, {3, "f", 0}
        };
        assertThat(RowMerger.sortAndMerge(plain, block(plain, in)).toRows())
                .isEqualTo(
                        rows(
                                new Object[] {1, "d", null},
                                new Object[] {2, "e", 1},
                                new Object[] {3, "f", 0}));
        TabletSchema seq = plain.toBuilder().sequenceColumn("seq").build();
        // key 1: seq 5 wins over 3 and NULL; key 2: equal seq, the later row wins
        assertThat(RowMerger.sortAndMerge(seq, block(seq, in)).toRows())
                .isEqualTo(
                        rows(
                                new Object[] {1, "a", 5},
                                new Object[] {2, "e", 1},
                                new Object[] {3, "f", 0}));
    }

    @Test
    void aggregatesPerFunctionIgnoringNulls() {
        TabletSchema s =
                TabletSchema.builder(KeysType.AGG_KEYS)
                        .column(key("k", DataType.of(FieldType.INT)))
                        .column(val("sum", DataType.of(FieldType.BIGINT), AggregationType.SUM))
                        .column(val("big", DataType.of(FieldType.LARGEINT), AggregationType.SUM))
                        .column(val("mx", DataType.varchar(5), AggregationType.MAX))
                        .column(val("mn", DataType.of(FieldType.DOUBLE), AggregationType.MIN))
                        .column(val("r", DataType.of(FieldType.INT), AggregationType.REPLACE))
                        .column(
                                val(
                                        "rn",
                                        DataType.of(FieldType.INT),
                                        AggregationType.REPLACE_IF_NOT_NULL))
                        .column(val("dsum", DataType.decimal(10, 2), AggregationType.SUM))
                        .build();
        BigInteger u64max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        Object[][] in = {
            {1, 10L, u64max, "b", 2.5, 1, 1, new java.math.BigDecimal("1.10")},
            {2, null, null, null, null, null, null, null},
            // (2^64-1) + 1 carries into the high word, + (-1) borrows back
            {1, null, BigInteger.ONE, "c", -1.0, 2, null, new java.math.BigDecimal("2.25")},
            {1, 5L, BigInteger.valueOf(-1), "a", null, null, 3, null},
            {2, null, null, null, null, 9, null, null},
        };
        assertThat(RowMerger.sortAndMerge(s, block(s, in)).toRows())
                .isEqualTo(
                        rows(
                                new Object[] {
                                    1,
                                    15L,
                                    u64max,
                                    "c",
                                    -1.0,
                                    null,
                                    3,
                                    new java.math.BigDecimal("3.35")
                                },
                                new Object[] {2, null, null, null, null, 9, null, null}));
    }

    @Test
    void emptyAndSingleRow() {
        TabletSchema s =
                TabletSchema.builder(KeysType.UNIQUE_KEYS)
                        .column(key("k", DataType.of(FieldType.INT)))
                        .build();
        assertThat(RowMerger.sortAndMerge(s, block(s)).rowCount()).isZero();
        assertThat(RowMerger.sortAndMerge(s, block(s, new Object[] {4})).toRows())
                .isEqualTo(rows(new Object[] {4}));
    }

    @Test
    void narrowSumsWrapAndFloatsSum() {
        TabletSchema s =
                TabletSchema.builder(KeysType.AGG_KEYS)
                        .column(key("k", DataType.of(FieldType.INT)))
                        .column(val("t", DataType.of(FieldType.TINYINT), AggregationType.SUM))
                        .column(val("sm", DataType.of(FieldType.SMALLINT), AggregationType.SUM))
                        .column(val("i", DataType.of(FieldType.INT), AggregationType.SUM))
                        .column(val("f", DataType.of(FieldType.FLOAT), AggregationType.SUM))
                        .build();
        Object[][] in = {
            {1, (byte) 100, (short) 30000, Integer.MAX_VALUE, 0.5f},
            {1, (byte) 100, (short) 30000, 1, null},
            {1, null, null, null, 0.25f},
        };
        // 200 wraps to -56 in 8 bits, 60000 to -5536 in 16, MAX+1 to MIN in 32
        assertThat(RowMerger.sortAndMerge(s, block(s, in)).toRows())
                .isEqualTo(
                        rows(
                                new Object[] {
                                    1, (byte) -56, (short) -5536, Integer.MIN_VALUE, 0.75f
                                }));
    }
}
