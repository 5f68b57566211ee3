package io.strata.connector.table;

import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.read.ColumnPredicate.Op;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinition;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DeleteFilterTranslatorTest {
    private static final TabletSchema DUP =
            TabletSchema.builder(KeysType.DUP_KEYS)
                    .column(Column.builder("id", DataType.of(FieldType.BIGINT)).key(true).build())
                    .column(Column.builder("dt", DataType.of(FieldType.DATEV2)).build())
                    .column(Column.builder("price", DataType.decimal(10, 2)).build())
                    .column(Column.builder("name", DataType.varchar(10)).build())
                    .column(Column.builder("ts", DataType.datetimeV2(3)).build())
                    .column(Column.builder("n", DataType.of(FieldType.INT)).build())
                    .build();

    private static FieldReferenceExpression ref(String name) {
        return new FieldReferenceExpression(name, DataTypes.BIGINT(), 0, 0);
    }

    private static ValueLiteralExpression lit(Object v) {
        return new ValueLiteralExpression(v);
    }

    private static CallExpression call(BuiltInFunctionDefinition f, ResolvedExpression... args) {
        return CallExpression.permanent(f, List.of(args), DataTypes.BOOLEAN());
    }

    private static Optional<List<ColumnPredicate>> translate(
            TabletSchema s, ResolvedExpression... filters) {
        return new DeleteFilterTranslator(s).translate(List.of(filters));
    }

    @Test
    void comparisonsConvertLiteralsToColumnTypes() {
        Optional<List<ColumnPredicate>> p =
                translate(
                        DUP,
                        call(BuiltInFunctionDefinitions.EQUALS, ref("id"), lit(5)),
                        call(BuiltInFunctionDefinitions.NOT_EQUALS, ref("name"), lit("x")),
                        call(
                                BuiltInFunctionDefinitions.LESS_THAN,
                                ref("dt"),
                                lit(LocalDate.of(2024, 1, 1))),
                        call(
                                BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL,
                                ref("price"),
                                lit(new BigDecimal("1.5"))),
                        // literal on the left: 10 > n  ⇔  n < 10
                        call(BuiltInFunctionDefinitions.GREATER_THAN, lit(10), ref("n")),
                        call(
                                BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL,
                                ref("ts"),
                                lit(LocalDateTime.of(2024, 1, 1, 12, 0))));
        assertThat(p).isPresent();
        assertThat(p.get())
                .containsExactly(
                        ColumnPredicate.of("id", Op.EQ, 5L),
                        ColumnPredicate.of("name", Op.NE, "x"),
                        ColumnPredicate.of("dt", Op.LT, LocalDate.of(2024, 1, 1)),
                        ColumnPredicate.of("price", Op.GE, new BigDecimal("1.50")),
                        ColumnPredicate.of("n", Op.LT, 10),
                        ColumnPredicate.of("ts", Op.LE, LocalDateTime.of(2024, 1, 1, 12, 0)));
    }

    @Test
    void orOfEqualitiesIsInAndNotOfItIsNotIn() {
        ResolvedExpression in =
                call(
                        BuiltInFunctionDefinitions.OR,
                        call(BuiltInFunctionDefinitions.EQUALS, ref("n"), lit(1)),
                        call(
                                BuiltInFunctionDefinitions.OR,
                                call(BuiltInFunctionDefinitions.EQUALS, ref("n"), lit(2)),
                                call(BuiltInFunctionDefinitions.EQUALS, lit(3), ref("n"))));
        assertThat(translate(DUP, in).get())
                .containsExactly(ColumnPredicate.in("n", List.of(1, 2, 3)));
        assertThat(translate(DUP, call(BuiltInFunctionDefinitions.NOT, in)).get())
                .containsExactly(ColumnPredicate.notIn("n", List.of(1, 2, 3)));
        assertThat(
                        translate(
                                        DUP,
                                        call(
                                                BuiltInFunctionDefinitions.AND,
                                                call(
                                                        BuiltInFunctionDefinitions.IS_NULL,
                                                        ref("name")),
                                                call(
                                                        BuiltInFunctionDefinitions.IS_NOT_NULL,
                                                        ref("dt"))))
                                .get())
                .containsExactly(ColumnPredicate.isNull("name"), ColumnPredicate.isNotNull("dt"));
    }

    @Test
    void untranslatableConditionsAreRejectedWithAReason() {
        DeleteFilterTranslator t = new DeleteFilterTranslator(DUP);
        // OR across columns
        assertThat(
                        t.translate(
                                List.of(
                                        call(
                                                BuiltInFunctionDefinitions.OR,
                                                call(
                                                        BuiltInFunctionDefinitions.EQUALS,
                                                        ref("n"),
                                                        lit(1)),
                                                call(
                                                        BuiltInFunctionDefinitions.EQUALS,
                                                        ref("id"),
                                                        lit(2))))))
                .isEmpty();
        assertThat(t.lastError()).contains("OR across different columns");
        // column vs column
        assertThat(
                        t.translate(
                                List.of(
                                        call(
                                                BuiltInFunctionDefinitions.EQUALS,
                                                ref("n"),
                                                ref("id")))))
                .isEmpty();
        // LIKE
        assertThat(
                        t.translate(
                                List.of(
                                        call(
                                                BuiltInFunctionDefinitions.LIKE,
                                                ref("name"),
                                                lit("a%")))))
                .isEmpty();
        assertThat(t.lastError()).contains("unsupported condition");
        // 2.5 does not fit an INT column exactly
        assertThat(
                        t.translate(
                                List.of(
                                        call(
                                                BuiltInFunctionDefinitions.EQUALS,
                                                ref("n"),
                                                lit(new BigDecimal("2.5"))))))
                .isEmpty();
        assertThat(t.lastError()).contains("'n'");
        // unknown column
        assertThat(t.translate(List.of(call(BuiltInFunctionDefinitions.EQUALS, ref("zz"), lit(1)))))
                .isEmpty();
    }

    @Test
    void keyedTablesAcceptKeyColumnsOnly() {
        TabletSchema uniq =
                TabletSchema.builder(KeysType.UNIQUE_KEYS)
                        .column(
                                Column.builder("id", DataType.of(FieldType.BIGINT))
                                        .key(true)
                                        .build())
                        .column(Column.builder("v", DataType.of(FieldType.INT)).build())
                        .build();
        DeleteFilterTranslator t = new DeleteFilterTranslator(uniq);
        assertThat(t.translate(List.of(call(BuiltInFunctionDefinitions.EQUALS, ref("v"), lit(1)))))
                .isEmpty();
        assertThat(t.lastError()).contains("'v'").contains("key columns only");
        assertThat(t.translate(List.of(call(BuiltInFunctionDefinitions.EQUALS, ref("id"), lit(1)))))
                .contains(List.of(ColumnPredicate.of("id", Op.EQ, 1L)));
    }
}
