package io.strata.connector.sink;

import io.strata.connector.BadRecordException;
import io.strata.connector.RowConverter;
import io.strata.connector.RowDataConverter;
import io.strata.connector.StrataSchemas;
import io.strata.connector.StrataSinkOptions;
import io.strata.engine.block.Block;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.table.TableDescriptor;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.data.writer.BinaryRowWriter;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowConverterTest {

    @Test
    void positionalFieldsAndDeleteSign() throws Exception {
        TableDescriptor d = StrataSchemas.withDeleteSign(TestTables.unique());
        TabletSchema s = d.schema();
        RowConverter c = new RowConverter(s);
        c.open(s, StrataSinkOptions.defaults());
        Block b = Block.create(s.columns(), 4);
        assertThat(c.append(Row.of(1, 10L), b)).isTrue();
        assertThat(c.append(Row.ofKind(RowKind.DELETE, 2, null), b)).isTrue();
        assertThat(b.toRows())
                .containsExactly(
                        List.of(1, 10L, (byte) 0), java.util.Arrays.asList(2, null, (byte) 1));
    }

    @Test
    void badValuesNameColumnAndValue() {
        TabletSchema s = TestTables.agg().schema();
        RowConverter c = new RowConverter(s);
        c.open(s, StrataSinkOptions.defaults());
        Block b = Block.create(s.columns(), 4);
        assertThatThrownBy(() -> c.append(Row.of(1, "many", 2L), b))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("'s'")
                .hasMessageContaining("many");
        assertThatThrownBy(() -> c.append(Row.of(1, 2L), b))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("2 fields");
        assertThatThrownBy(() -> c.append(Row.ofKind(RowKind.UPDATE_BEFORE, 1, 2L, 3L), b))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("AGG_KEYS");
    }

    @Test
    void binaryRowStringsAreCopiedFromSegments() throws Exception {
        TabletSchema s = TestTables.dupPartitioned().schema();
        RowType rt =
                RowType.of(
                        new LogicalType[] {new IntType(), new IntType(), new VarCharType(1000)},
                        new String[] {"k", "p", "v"});
        RowDataConverter c = new RowDataConverter(rt, s);
        c.open(s, StrataSinkOptions.defaults());
        Block b = Block.create(s.columns(), 4);
        String[] values = {"", "short", "x".repeat(300), "ünïcødé"};
        for (int i = 0; i < values.length; i++) {
            BinaryRowData row = new BinaryRowData(3);
            BinaryRowWriter w = new BinaryRowWriter(row);
            w.writeInt(0, i);
            w.writeInt(1, 7);
            w.writeString(2, StringData.fromString(values[i]));
            w.complete();
            c.append(row, b);
        }
        c.append(GenericRowData.of(9, 7, StringData.fromString("generic")), b);
        assertThat(b.toRows())
                .extracting(r -> r.get(2))
                .containsExactly("", "short", "x".repeat(300), "ünïcødé", "generic");
    }
}
