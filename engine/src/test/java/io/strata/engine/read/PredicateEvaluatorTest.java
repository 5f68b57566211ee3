package io.strata.engine.read;

import io.strata.engine.block.Block;
import io.strata.engine.read.ColumnPredicate.Op;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PredicateEvaluatorTest {
    static final TabletSchema S =
            TabletSchema.builder(KeysType.DUP_KEYS)
                    .column(Column.builder("i", DataType.of(FieldType.INT)).key(true).build())
                    .column(Column.builder("t", DataType.of(FieldType.TINYINT)).build())
                    .column(Column.builder("d", DataType.of(FieldType.DOUBLE)).build())
                    .column(Column.builder("s", DataType.varchar(10)).build())
                    .column(Column.builder("c", DataType.charType(4)).build())
                    .column(Column.builder("dec", DataType.decimal(10, 2)).build())
                    .column(Column.builder("dt", DataType.of(FieldType.DATEV2)).build())
                    .column(Column.builder("l", DataType.of(FieldType.LARGEINT)).build())
                    .build();

    static Block data() {
        Block b = Block.create(S.columns(), 8);
        b.appendRow(
                1,
                (byte) -5,
                -0.0,
                "a",
                "ab",
                new BigDecimal("1.50"),
                LocalDate.of(2024, 1, 1),
                BigInteger.ONE);
        b.appendRow(
                2,
                (byte) 5,
                Double.NaN,
                "b",
                "abc",
                new BigDecimal("-2.00"),
                LocalDate.of(2023, 12, 31),
                BigInteger.TWO.pow(100));
        b.appendRow(null, null, null, null, null, null, null, null);
        b.appendRow(
                4,
                (byte) 127,
                0.0,
                "",
                "a",
                new BigDecimal("0.01"),
                LocalDate.of(2024, 2, 29),
                BigInteger.valueOf(-7));
        b.appendRow(
                5,
                (byte) -128,
                Double.NEGATIVE_INFINITY,
                "bb",
                "abcd",
                new BigDecimal("99999999.99"),
                LocalDate.of(1, 1, 1),
                BigInteger.ZERO);
        return b;
    }

    static List<Integer> rows(ColumnPredicate... ps) {
        Block b = data();
        boolean[] sel = new boolean[b.rowCount()];
        PredicateEvaluator.of(List.of(ps), S).evaluate(b.vectors(), b.rowCount(), sel);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < sel.length; i++) {
            if (sel[i]) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void comparisonsFollowSqlNullRules() {
        assertThat(rows(ColumnPredicate.eq("i", 2))).containsExactly(1);
        assertThat(rows(ColumnPredicate.of("i", Op.NE, 2))).containsExactly(0, 3, 4);
        assertThat(rows(ColumnPredicate.of("i", Op.LT, 4))).containsExactly(0, 1);
        assertThat(rows(ColumnPredicate.of("i", Op.LE, 4))).containsExactly(0, 1, 3);
        assertThat(rows(ColumnPredicate.of("i", Op.GT, 4))).containsExactly(4);
        assertThat(rows(ColumnPredicate.of("i", Op.GE, 4L))).containsExactly(3, 4);
        assertThat(rows(ColumnPredicate.isNull("i"))).containsExactly(2);
        assertThat(rows(ColumnPredicate.isNotNull("s"))).containsExactly(0, 1, 3, 4);
        assertThat(rows(ColumnPredicate.in("i", List.of(5, 1, 99)))).containsExactly(0, 4);
        assertThat(rows(ColumnPredicate.notIn("i", List.of(5, 1)))).containsExactly(1, 3);
        assertThat(rows(ColumnPredicate.of("t", Op.LT, 0))).containsExactly(0, 4);
    }

    @Test
    void doublesUseKeyOrder() {
        assertThat(rows(ColumnPredicate.eq("d", 0.0))).containsExactly(0, 3); // -0.0 == 0.0
        assertThat(rows(ColumnPredicate.of("d", Op.GT, 1e300)))
                .containsExactly(1); // NaN is largest
        assertThat(rows(ColumnPredicate.eq("d", Double.NaN))).containsExactly(1);
        assertThat(rows(ColumnPredicate.of("d", Op.LT, -1e300))).containsExactly(4);
        assertThat(rows(ColumnPredicate.in("d", List.of(Double.NaN, -0.0))))
                .containsExactly(0, 1, 3);
    }

    @Test
    void stringsCharsDecimalsDatesLargeints() {
        assertThat(rows(ColumnPredicate.of("s", Op.GE, "b"))).containsExactly(1, 4);
        assertThat(rows(ColumnPredicate.eq("s", ""))).containsExactly(3);
        assertThat(rows(ColumnPredicate.eq("s", "a string longer than ten"))).isEmpty();
        assertThat(rows(ColumnPredicate.eq("c", "abc"))).containsExactly(1);
        assertThat(rows(ColumnPredicate.in("c", List.of("a", "abcd")))).containsExactly(3, 4);
        assertThat(rows(ColumnPredicate.of("dec", Op.GT, new BigDecimal("1.5"))))
                .containsExactly(4);
        assertThat(rows(ColumnPredicate.eq("dec", "1.5"))).containsExactly(0);
        assertThat(rows(ColumnPredicate.of("dt", Op.LT, LocalDate.of(2024, 1, 1))))
                .containsExactly(1, 4);
        assertThat(rows(ColumnPredicate.eq("dt", "2024-02-29"))).containsExactly(3);
        assertThat(rows(ColumnPredicate.of("l", Op.GT, BigInteger.ONE))).containsExactly(1);
        assertThat(rows(ColumnPredicate.of("l", Op.LT, 0))).containsExactly(3);
        assertThat(rows(ColumnPredicate.in("l", List.of(BigInteger.ZERO, BigInteger.TWO.pow(100)))))
                .containsExactly(1, 4);
    }

    @Test
    void andOfSeveralPredicatesAndIntoExistingSelection() {
        assertThat(rows(ColumnPredicate.of("i", Op.GT, 1), ColumnPredicate.of("s", Op.LT, "bb")))
                .containsExactly(1, 3);
        Block b = data();
        boolean[] sel = {false, true, true, true, true};
        PredicateEvaluator.bind(ColumnPredicate.isNotNull("i"), S).filter(b.vector(0), 5, sel);
        assertThat(sel).containsExactly(false, true, false, true, true);
    }

    @Test
    void badLiteralsNameColumnAndValue() {
        assertThatThrownBy(() -> PredicateEvaluator.bind(ColumnPredicate.eq("t", 300), S))
                .hasMessageContaining("'t'")
                .hasMessageContaining("300");
        assertThatThrownBy(() -> PredicateEvaluator.bind(ColumnPredicate.eq("i", "abc"), S))
                .hasMessageContaining("'i'")
                .hasMessageContaining("abc");
        assertThatThrownBy(
                        () ->
                                PredicateEvaluator.bind(
                                        ColumnPredicate.eq("dec", new BigDecimal("1.005")), S))
                .hasMessageContaining("'dec'")
                .hasMessageContaining("1.005");
        assertThatThrownBy(
                        () ->
                                PredicateEvaluator.bind(
                                        ColumnPredicate.eq("ts", "2024-01-01 00:00:00.5"),
                                        TabletSchema.builder(KeysType.DUP_KEYS)
                                                .column(
                                                        Column.builder("ts", DataType.datetimeV2(0))
                                                                .key(true)
                                                                .build())
                                                .build()))
                .hasMessageContaining("'ts'")
                .hasMessageContaining("fractional");
        assertThatThrownBy(() -> PredicateEvaluator.bind(ColumnPredicate.eq("nope", 1), S))
                .hasMessageContaining("nope");
    }
}
