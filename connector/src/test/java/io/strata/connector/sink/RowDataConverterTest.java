package io.strata.connector.sink;

import io.strata.connector.BadRecordException;
import io.strata.connector.RowDataConverter;
import io.strata.connector.StrataSchemas;
import io.strata.connector.StrataSinkOptions;
import io.strata.engine.block.Block;
import io.strata.engine.block.BytesVector;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.block.Values;
import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;

import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.types.RowKind;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowDataConverterTest {

    static Column key(String n, DataType t) {
        return Column.builder(n, t).key(true).nullable(false).build();
    }

    static Column val(String n, DataType t) {
        return Column.builder(n, t).build();
    }

    static TabletSchema allTypes() {
        return TabletSchema.builder(KeysType.DUP_KEYS)
                .column(key("k", DataType.of(FieldType.INT)))
                .column(val("b", DataType.of(FieldType.BOOLEAN)))
                .column(val("ti", DataType.of(FieldType.TINYINT)))
                .column(val("si", DataType.of(FieldType.SMALLINT)))
                .column(val("bi", DataType.of(FieldType.BIGINT)))
                .column(val("f", DataType.of(FieldType.FLOAT)))
                .column(val("d", DataType.of(FieldType.DOUBLE)))
                .column(val("dec", DataType.decimal(10, 2)))
                .column(val("big", DataType.decimal(30, 4)))
                .column(val("dt", DataType.of(FieldType.DATEV2)))
                .column(val("ts", DataType.datetimeV2(3)))
                .column(val("s", DataType.varchar(5)))
                .build();
    }

    static RowType allTypesRow() {
        return RowType.of(
                new LogicalType[] {
                    new IntType(false),
                    new BooleanType(),
                    new TinyIntType(),
                    new SmallIntType(),
                    new BigIntType(),
                    new FloatType(),
                    new DoubleType(),
                    new DecimalType(10, 2),
                    new DecimalType(30, 4),
                    new DateType(),
                    new TimestampType(6),
                    new VarCharType(100)
                },
                new String[] {"k", "b", "ti", "si", "bi", "f", "d", "dec", "big", "dt", "ts", "s"});
    }

    @Test
    void convertsEveryTypeToTheEngineRepresentation() throws Exception {
        TabletSchema schema = allTypes();
        RowDataConverter conv = new RowDataConverter(allTypesRow(), schema);
        conv.open(schema, StrataSinkOptions.defaults());
        Block block = Block.create(schema.columns(), 4);
        LocalDateTime ts = LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_789);
        GenericRowData row =
                GenericRowData.of(
                        7,
                        true,
                        (byte) -3,
                        (short) 300,
                        1L << 40,
                        1.5f,
                        -2.25d,
                        DecimalData.fromBigDecimal(new BigDecimal("12345678.91"), 10, 2),
                        DecimalData.fromBigDecimal(
                                new BigDecimal("12345678901234567890123456.7891"), 30, 4),
                        (int) LocalDate.of(1969, 12, 31).toEpochDay(),
                        TimestampData.fromLocalDateTime(ts),
                        StringData.fromString("héllo".substring(0, 4)));
        assertThat(conv.append(row, block)).isTrue();
        GenericRowData nulls = new GenericRowData(12);
        nulls.setField(0, 8);
        assertThat(conv.append(nulls, block)).isTrue();

        assertThat(block.rowCount()).isEqualTo(2);
        List<Object> r = block.toRows().get(0);
        assertThat(r)
                .containsExactly(
                        7,
                        true,
                        (byte) -3,
                        (short) 300,
                        1L << 40,
                        1.5f,
                        -2.25d,
                        new BigDecimal("12345678.91"),
                        new BigDecimal("12345678901234567890123456.7891"),
                        LocalDate.of(1969, 12, 31),
                        LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_000_000),
                        "héll");
        assertThat(block.toRows().get(1).subList(1, 12)).containsOnlyNulls();
    }

    @Test
    void stringsAreCopiedFromEveryMemoryLayoutFlinkUses() throws Exception {
        TabletSchema schema =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(key("k", DataType.of(FieldType.INT)))
                        .column(val("s", DataType.varchar(40)))
                        .build();
        RowType rt =
                RowType.of(
                        new LogicalType[] {new IntType(false), new VarCharType(40)},
                        new String[] {"k", "s"});
        RowDataConverter conv = new RowDataConverter(rt, schema);
        conv.open(schema, StrataSinkOptions.defaults());
        byte[] text = "zone-map 01234567 dictionary ÅÄÖ".getBytes(StandardCharsets.UTF_8);
        // 1: a heap segment, the string at an offset inside it (as in a BinaryRowData)
        byte[] heap = new byte[text.length + 13];
        System.arraycopy(text, 0, heap, 13, text.length);
        StringData inHeap =
                BinaryStringData.fromAddress(
                        new MemorySegment[] {MemorySegmentFactory.wrap(heap)}, 13, text.length);
        // 2: split across two heap segments (Flink's network buffers, spilled rows)
        byte[] a = Arrays.copyOfRange(text, 0, 16);
        byte[] b = Arrays.copyOfRange(text, 16, 32);
        byte[] tail = Arrays.copyOfRange(text, 32, text.length);
        MemorySegment[] split = {
            MemorySegmentFactory.wrap(a),
            MemorySegmentFactory.wrap(b),
            MemorySegmentFactory.wrap(tail)
        };
        StringData inPieces = BinaryStringData.fromAddress(split, 0, text.length);
        // 3: off-heap memory (managed memory)
        MemorySegment direct = MemorySegmentFactory.allocateUnpooledOffHeapMemory(text.length + 5);
        direct.put(5, text, 0, text.length);
        StringData offHeap =
                BinaryStringData.fromAddress(new MemorySegment[] {direct}, 5, text.length);
        Block block = Block.create(schema.columns(), 4);
        int k = 0;
        for (StringData sd : List.of(inHeap, inPieces, offHeap, StringData.fromString("x"))) {
            assertThat(conv.append(GenericRowData.of(k++, sd), block)).isTrue();
        }
        BytesVector col = (BytesVector) block.vector(1);
        for (int i = 0; i < 3; i++) {
            assertThat(col.getBytes(i)).as("row %d", i).isEqualTo(text);
        }
        assertThat(col.getBytes(3)).isEqualTo(new byte[] {'x'});
        // The length check holds on the direct path too.
        byte[] longText = new byte[41];
        Arrays.fill(longText, (byte) 'y');
        StringData tooLong =
                BinaryStringData.fromAddress(
                        new MemorySegment[] {MemorySegmentFactory.wrap(longText)}, 0, 41);
        assertThatThrownBy(
                        () ->
                                conv.append(
                                        GenericRowData.of(9, tooLong),
                                        Block.create(schema.columns(), 1)))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("'s'");
    }

    @Test
    void dateAndTimestampArithmeticMatchesJavaTime() throws Exception {
        TabletSchema schema =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(key("dt", DataType.of(FieldType.DATEV2)))
                        .column(val("ts", DataType.datetimeV2(6)))
                        .column(val("ts0", DataType.datetimeV2(0)))
                        .build();
        RowType rt =
                RowType.of(
                        new LogicalType[] {
                            new DateType(), new TimestampType(9), new TimestampType(9)
                        },
                        new String[] {"dt", "ts", "ts0"});
        RowDataConverter conv = new RowDataConverter(rt, schema);
        conv.open(schema, StrataSinkOptions.defaults());
        Random rnd = new Random(42);
        long minDay = LocalDate.of(0, 1, 1).toEpochDay();
        long maxDay = LocalDate.of(9999, 12, 31).toEpochDay();
        for (int i = 0; i < 20_000; i++) {
            Block block = Block.create(schema.columns(), 1);
            long day = minDay + (long) (rnd.nextDouble() * (maxDay - minDay + 1));
            if (i < 4) {
                day = new long[] {minDay, maxDay, 0, -1}[i];
            }
            LocalDateTime t =
                    LocalDate.ofEpochDay(day)
                            .atStartOfDay()
                            .plusNanos((long) (rnd.nextDouble() * 86_400_000_000_000L));
            conv.append(
                    GenericRowData.of(
                            (int) day,
                            TimestampData.fromLocalDateTime(t),
                            TimestampData.fromLocalDateTime(t)),
                    block);
            assertThat(((IntVector) block.vector(0)).get(0))
                    .isEqualTo(Values.encodeDateV2(LocalDate.ofEpochDay(day)));
            assertThat(((LongVector) block.vector(1)).get(0))
                    .isEqualTo(Values.encodeDateTimeV2(Values.truncate(t, 6)));
            assertThat(((LongVector) block.vector(2)).get(0))
                    .isEqualTo(Values.encodeDateTimeV2(t.withNano(0)));
        }
    }

    @Test
    void badValuesNameTheColumnAndValue() throws Exception {
        TabletSchema schema = allTypes();
        RowDataConverter conv = new RowDataConverter(allTypesRow(), schema);
        conv.open(schema, StrataSinkOptions.defaults());

        GenericRowData longString = new GenericRowData(12);
        longString.setField(0, 1);
        longString.setField(11, StringData.fromString("toolong"));
        assertThatThrownBy(() -> conv.append(longString, Block.create(schema.columns(), 1)))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("'s'")
                .hasMessageContaining("toolong")
                .hasMessageContaining("VARCHAR(5)");

        GenericRowData nullKey = new GenericRowData(12);
        assertThatThrownBy(() -> conv.append(nullKey, Block.create(schema.columns(), 1)))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("'k'")
                .hasMessageContaining("NULL");

        // DECIMAL(12,2) value into a DECIMAL(10,2) column: precision overflow.
        TabletSchema narrow =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(key("k", DataType.of(FieldType.TINYINT)))
                        .column(val("dec", DataType.decimal(10, 2)))
                        .build();
        RowType wide =
                RowType.of(
                        new LogicalType[] {new BigIntType(), new DecimalType(12, 2)},
                        new String[] {"k", "dec"});
        RowDataConverter c2 = new RowDataConverter(wide, narrow);
        c2.open(narrow, StrataSinkOptions.defaults());
        assertThatThrownBy(
                        () ->
                                c2.append(
                                        GenericRowData.of(
                                                1L,
                                                DecimalData.fromBigDecimal(
                                                        new BigDecimal("1234567890.12"), 12, 2)),
                                        Block.create(narrow.columns(), 1)))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("'dec'")
                .hasMessageContaining("1234567890.12");
        assertThatThrownBy(
                        () ->
                                c2.append(
                                        GenericRowData.of(
                                                200L,
                                                DecimalData.fromBigDecimal(
                                                        new BigDecimal("1.5"), 12, 2)),
                                        Block.create(narrow.columns(), 1)))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("'k'")
                .hasMessageContaining("200");
        Block ok = Block.create(narrow.columns(), 1);
        c2.append(
                GenericRowData.of(
                        -128L, DecimalData.fromBigDecimal(new BigDecimal("99999999.99"), 12, 2)),
                ok);
        assertThat(ok.toRows().get(0)).containsExactly((byte) -128, new BigDecimal("99999999.99"));
    }

    @Test
    void incompatibleTypesFailAtConstruction() {
        TabletSchema schema =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(key("k", DataType.of(FieldType.INT)))
                        .build();
        RowType rt = RowType.of(new LogicalType[] {new VarCharType(10)}, new String[] {"k"});
        assertThatThrownBy(() -> new RowDataConverter(rt, schema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k'");
        RowType extra =
                RowType.of(
                        new LogicalType[] {new IntType(), new IntType()},
                        new String[] {"k", "nope"});
        assertThatThrownBy(() -> new RowDataConverter(extra, schema)).hasMessageContaining("nope");
    }

    static TabletSchema uniqueSchema() {
        return StrataSchemas.withDeleteSign(
                TabletSchema.builder(KeysType.UNIQUE_KEYS)
                        .column(key("k", DataType.of(FieldType.INT)))
                        .column(
                                Column.builder("v", DataType.of(FieldType.DATEV2))
                                        .nullable(false)
                                        .aggregation(AggregationType.REPLACE)
                                        .build())
                        .build());
    }

    @Test
    void rowKindsBecomeDeleteSignsOnUniqueTables() throws Exception {
        TabletSchema schema = uniqueSchema();
        assertThat(schema.deleteSignIndex()).isEqualTo(2);
        RowType rt =
                RowType.of(
                        new LogicalType[] {new IntType(), new DateType()}, new String[] {"k", "v"});
        RowDataConverter conv = new RowDataConverter(rt, schema);
        conv.open(schema, StrataSinkOptions.defaults());
        Block b = Block.create(schema.columns(), 4);
        for (RowKind k : RowKind.values()) {
            GenericRowData r = GenericRowData.ofKind(k, 1, 10);
            assertThat(conv.append(r, b)).isTrue();
        }
        // key-only delete: NULL in the NOT NULL value column is allowed for a delete
        GenericRowData keyOnly = GenericRowData.ofKind(RowKind.DELETE, 2, null);
        assertThat(conv.append(keyOnly, b)).isTrue();
        assertThat(b.toRows())
                .extracting(r -> r.get(2))
                .containsExactly((byte) 0, (byte) 1, (byte) 0, (byte) 1, (byte) 1);
        assertThat(b.toRows().get(4).get(1)).isEqualTo(LocalDate.of(1, 1, 1));
        // but not for an insert
        assertThatThrownBy(() -> conv.append(GenericRowData.of(3, null), b))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("'v'");
    }

    @Test
    void dupTablesRejectDeletesUnlessIgnored() throws Exception {
        TabletSchema schema =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(key("k", DataType.of(FieldType.INT)))
                        .build();
        RowType rt = RowType.of(new LogicalType[] {new IntType()}, new String[] {"k"});
        RowDataConverter conv = new RowDataConverter(rt, schema);
        conv.open(schema, StrataSinkOptions.defaults());
        Block b = Block.create(schema.columns(), 4);
        assertThatThrownBy(() -> conv.append(GenericRowData.ofKind(RowKind.DELETE, 1), b))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("-D")
                .hasMessageContaining(StrataSinkOptions.IGNORE_DELETE);
        conv.open(
                schema, StrataSinkOptions.fromMap(Map.of(StrataSinkOptions.IGNORE_DELETE, "true")));
        assertThat(conv.append(GenericRowData.ofKind(RowKind.DELETE, 1), b)).isFalse();
        assertThat(conv.append(GenericRowData.ofKind(RowKind.UPDATE_BEFORE, 1), b)).isFalse();
        assertThat(conv.append(GenericRowData.ofKind(RowKind.UPDATE_AFTER, 2), b)).isTrue();
        assertThat(conv.append(GenericRowData.ofKind(RowKind.INSERT, 3), b)).isTrue();
        assertThat(b.toRows()).containsExactly(List.of(2), List.of(3));
    }
}
