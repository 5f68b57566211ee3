package io.strata.cli;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.types.Row;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineitemGeneratorTest {
    private static final long[] INDEXES = {0, 1, 2, 3, 4, 5, 99, 12_345, 1L << 20, 9_999_999L};

    /** The external Row view and the internal RowData view carry the same values. */
    @Test
    void rowAndRowDataAgree() {
        for (long keys : new long[] {0, 200}) {
            LineitemGenerator rows = new LineitemGenerator(keys);
            LineitemRowDataGenerator data = new LineitemRowDataGenerator(keys);
            for (long base : INDEXES) {
                for (long i = base; i < base + 50; i++) {
                    assertSame(rows.map(i), data.map(i), i);
                }
            }
        }
    }

    private static void assertSame(Row row, RowData d, long i) {
        assertThat(d.getArity()).as("row %d", i).isEqualTo(16);
        assertThat(d.getLong(0)).as("l_orderkey of %d", i).isEqualTo(row.getField(0));
        assertThat(d.getLong(1)).as("l_partkey of %d", i).isEqualTo(row.getField(1));
        assertThat(d.getLong(2)).as("l_suppkey of %d", i).isEqualTo(row.getField(2));
        assertThat(d.getInt(3)).as("l_linenumber of %d", i).isEqualTo(row.getField(3));
        for (int f = 4; f < 8; f++) {
            BigDecimal expected = (BigDecimal) row.getField(f);
            assertThat(d.getDecimal(f, 15, 2).toBigDecimal())
                    .as("field %d of %d", f, i)
                    .isEqualTo(expected);
        }
        for (int f : new int[] {8, 9, 13, 14, 15}) {
            assertThat(d.getString(f).toString())
                    .as("field %d of %d", f, i)
                    .isEqualTo(row.getField(f));
        }
        for (int f = 10; f < 13; f++) {
            assertThat(LocalDate.ofEpochDay(d.getInt(f)))
                    .as("field %d of %d", f, i)
                    .isEqualTo(row.getField(f));
        }
    }

    /** Every value fits its declared type: no planner conversion or CAST is needed downstream. */
    @Test
    void rowDataFitsTheDeclaredTypes() {
        RowType type = LineitemGenerator.rowType();
        assertThat(type.getFieldNames())
                .containsExactly(
                        List.of(LineitemGenerator.COLUMNS).stream()
                                .map(c -> c[0])
                                .toArray(String[]::new));
        LineitemGenerator g = new LineitemGenerator();
        for (long i = 0; i < 2_000; i++) {
            GenericRowData r = g.rowData(i);
            for (int f = 0; f < type.getFieldCount(); f++) {
                LogicalType t = type.getTypeAt(f);
                assertThat(r.isNullAt(f)).as("field %d of %d", f, i).isFalse();
                if (t instanceof DecimalType dt) {
                    assertThat(r.getDecimal(f, dt.getPrecision(), dt.getScale()).scale())
                            .isEqualTo(2);
                    assertThat(r.getDecimal(f, 15, 2).toBigDecimal().precision())
                            .isLessThanOrEqualTo(15);
                } else if (t instanceof CharType ct) {
                    assertThat(r.getString(f).toBytes()).hasSize(ct.getLength());
                } else if (t instanceof VarCharType vt) {
                    assertThat(r.getString(f).toBytes().length).isBetween(1, vt.getLength());
                }
            }
            // receipt 1-30 days after ship; commit 0-60 days after ship
            assertThat(r.getInt(12) - r.getInt(10)).isBetween(1, 30);
            assertThat(r.getInt(11) - r.getInt(10)).isBetween(0, 60);
        }
    }

    /** With keys, row i has key i mod keys: exactly min(rows, keys) distinct keys, 4 lines each. */
    @Test
    void upsertKeysCycle() {
        LineitemGenerator g = new LineitemGenerator(400);
        Set<Long> keys = new HashSet<>();
        for (long i = 0; i < 1_000; i++) {
            GenericRowData r = g.rowData(i);
            long orderkey = r.getLong(0);
            int line = r.getInt(3);
            assertThat(orderkey).isBetween(1L, 100L);
            assertThat(line).isBetween(1, 4);
            assertThat(orderkey).isEqualTo((i % 400) / 4 + 1);
            keys.add(orderkey * 4 + line);
        }
        assertThat(keys).hasSize(400);
        // the non-key values still depend on the row index, so a later row replaces the earlier
        assertThat(g.rowData(7).getString(15)).isNotNull();
        assertThat(new LineitemGenerator().map(7L).getField(0)).isEqualTo(2L);
        assertThatThrownBy(() -> new LineitemGenerator(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
