package io.strata.connector.source;

import io.strata.engine.block.Block;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.table.TabletSplit;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.TimestampType;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Block → RowData conversion of every type, with NULLs; split serializer robustness. */
class BlockConverterTest {

    static Column c(String n, DataType t) {
        return Column.builder(n, t).nullable(true).build();
    }

    @Test
    void convertsEveryTypeColumnWiseWithNulls() throws IOException {
        List<Column> cols =
                List.of(
                        c("b", DataType.of(FieldType.BOOLEAN)),
                        c("t", DataType.of(FieldType.TINYINT)),
                        c("s", DataType.of(FieldType.SMALLINT)),
                        c("i", DataType.of(FieldType.INT)),
                        c("l", DataType.of(FieldType.BIGINT)),
                        c("f", DataType.of(FieldType.FLOAT)),
                        c("d", DataType.of(FieldType.DOUBLE)),
                        c("d32", DataType.decimal(9, 2)),
                        c("d64", DataType.decimal(18, 4)),
                        c("d128", DataType.decimal(38, 10)),
                        c("date", DataType.of(FieldType.DATEV2)),
                        c("ts", DataType.datetimeV2(6)),
                        c("ch", DataType.charType(5)),
                        c("vc", DataType.varchar(20)),
                        c("str", DataType.string()));
        Block b = Block.create(cols, 4);
        LocalDateTime ts = LocalDateTime.of(1969, 12, 31, 23, 59, 58, 123_456_000);
        b.appendRow(
                true,
                (byte) -3,
                (short) 300,
                -7,
                1L << 40,
                1.5f,
                -2.25,
                new BigDecimal("-12.34"),
                new BigDecimal("12345678901234.5678"),
                new BigDecimal("-1234567890123456789012345678.0123456789"),
                LocalDate.of(2024, 2, 29),
                ts,
                "ab",
                "héllo",
                "");
        Object[] nulls = new Object[cols.size()];
        b.appendRow(nulls);
        b.appendRow(
                false,
                (byte) 0,
                (short) 0,
                0,
                0L,
                0f,
                0d,
                BigDecimal.ZERO.setScale(2),
                BigDecimal.ZERO.setScale(4),
                BigDecimal.ZERO.setScale(10),
                LocalDate.of(1, 1, 1),
                LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000),
                "x",
                "y",
                "z");

        GenericRowData[] rows = BlockConverter.toRows(b, 0, 3);
        GenericRowData r = rows[0];
        assertThat(r.getBoolean(0)).isTrue();
        assertThat(r.getByte(1)).isEqualTo((byte) -3);
        assertThat(r.getShort(2)).isEqualTo((short) 300);
        assertThat(r.getInt(3)).isEqualTo(-7);
        assertThat(r.getLong(4)).isEqualTo(1L << 40);
        assertThat(r.getFloat(5)).isEqualTo(1.5f);
        assertThat(r.getDouble(6)).isEqualTo(-2.25);
        assertThat(r.getDecimal(7, 9, 2).toBigDecimal()).isEqualByComparingTo("-12.34");
        assertThat(r.getDecimal(8, 18, 4))
                .isEqualTo(
                        DecimalData.fromBigDecimal(new BigDecimal("12345678901234.5678"), 18, 4));
        assertThat(r.getDecimal(9, 38, 10).toBigDecimal())
                .isEqualByComparingTo("-1234567890123456789012345678.0123456789");
        assertThat(r.getInt(10)).isEqualTo((int) LocalDate.of(2024, 2, 29).toEpochDay());
        assertThat(r.getTimestamp(11, 6)).isEqualTo(TimestampData.fromLocalDateTime(ts));
        assertThat(r.getString(12)).isEqualTo(StringData.fromString("ab"));
        assertThat(r.getString(13).toString()).isEqualTo("héllo");
        assertThat(r.getString(14).toString()).isEmpty();
        for (int i = 0; i < cols.size(); i++) {
            assertThat(rows[1].isNullAt(i)).as("column %s", cols.get(i).name()).isTrue();
        }
        assertThat(rows[2].getInt(10)).isEqualTo((int) LocalDate.of(1, 1, 1).toEpochDay());
        assertThat(rows[2].getTimestamp(11, 6).toLocalDateTime())
                .isEqualTo(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000));

        // A sub-range converts from its offset.
        GenericRowData[] tail = BlockConverter.toRows(b, 2, 1);
        assertThat(tail[0].getString(14).toString()).isEqualTo("z");
        // Flink types follow the engine types.
        assertThat(BlockConverter.flinkType(cols.get(11))).isEqualTo(new TimestampType(true, 6));
        assertThat(BlockConverter.flinkType(cols.get(14)).getTypeRoot())
                .isEqualTo(LogicalTypeRoot.VARCHAR);
    }

    @Test
    void epochDayMatchesLocalDate() {
        for (LocalDate d = LocalDate.of(1, 1, 1);
                d.isBefore(LocalDate.of(9999, 12, 31));
                d = d.plusDays(97)) {
            assertThat(BlockConverter.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()))
                    .as("%s", d)
                    .isEqualTo(d.toEpochDay());
        }
        for (int y : new int[] {1900, 2000, 2023, 2024, 2100}) {
            for (int m = 1; m <= 12; m++) {
                LocalDate d = LocalDate.of(y, m, 1).plusMonths(1).minusDays(1);
                assertThat(BlockConverter.epochDay(y, m, d.getDayOfMonth()))
                        .isEqualTo(d.toEpochDay());
            }
        }
    }

    @Test
    void splitSerializerRejectsCorruptBytes() throws IOException {
        StrataSourceSplit s =
                new StrataSourceSplit(
                        "7-3-0", new TabletSplit(3, 7L << 16, 7, List.of("02a", "02b")), 42);
        byte[] bytes = StrataSplitSerializer.INSTANCE.serialize(s);
        assertThat(StrataSplitSerializer.INSTANCE.deserialize(1, bytes)).isEqualTo(s);
        assertThatThrownBy(() -> StrataSplitSerializer.INSTANCE.deserialize(2, bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 2");
        for (int cut = 0; cut < bytes.length; cut++) {
            byte[] shorter = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> StrataSplitSerializer.INSTANCE.deserialize(1, shorter))
                    .isInstanceOf(IOException.class);
        }
        // A huge rowset count must not allocate: it is checked against the remaining bytes.
        byte[] huge = bytes.clone();
        int countAt = 2 + "7-3-0".length() + 24;
        huge[countAt] = 0x7f;
        assertThatThrownBy(() -> StrataSplitSerializer.INSTANCE.deserialize(1, huge))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("rowset count");
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> StrataSplitSerializer.INSTANCE.deserialize(1, longer))
                .hasMessageContaining("trailing");
        assertThatThrownBy(
                        () ->
                                StrataEnumeratorStateSerializer.INSTANCE.deserialize(
                                        1, new byte[] {0x7f, 0, 0, 0}))
                .isInstanceOf(IOException.class);
    }
}
