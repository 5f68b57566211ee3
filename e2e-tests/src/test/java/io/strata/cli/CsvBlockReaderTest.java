package io.strata.cli;

import io.strata.engine.block.Block;
import io.strata.engine.schema.TabletSchema;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvBlockReaderTest {
    static final TabletSchema S =
            SchemaJson.parse(
                    "{\"columns\":[{\"name\":\"k\",\"type\":\"BIGINT\",\"nullable\":false,\"key\":true},"
                            + "{\"name\":\"s\",\"type\":\"STRING\"},{\"name\":\"d\",\"type\":\"DATEV2\"},"
                            + "{\"name\":\"x\",\"type\":\"DECIMAL(5,1)\"},{\"name\":\"f\",\"type\":\"DOUBLE\"},"
                            + "{\"name\":\"b\",\"type\":\"BOOLEAN\"}]}");

    static Block read(String csv) throws Exception {
        return new CsvBlockReader(new StringReader(csv), S).readAll();
    }

    @Test
    void quotingNullsAndMultilineFields() throws Exception {
        Block b =
                read(
                        "s,k,d,x,f,b\n\"line1\nline2\",1,2024-01-31,1.5,-inf,true\n\"\",2,,,NaN,0\n,3,,,1e3,\n");
        assertThat(b.rowCount()).isEqualTo(3);
        assertThat(Arrays.asList(b.getRow(0)))
                .containsExactly(
                        1L,
                        "line1\nline2",
                        LocalDate.of(2024, 1, 31),
                        new BigDecimal("1.5"),
                        Double.NEGATIVE_INFINITY,
                        true);
        assertThat(b.getRow(1)[1]).isEqualTo("");
        assertThat(b.getRow(1)[2]).isNull();
        assertThat(b.getRow(2)[1]).isNull();
        assertThat(b.getRow(2)[4]).isEqualTo(1000.0);
    }

    @Test
    void errorsNameLineColumnValue() {
        assertThatThrownBy(() -> read("k,x\n1,1.0\n2,12345.6\n"))
                .hasMessageContaining("line 3")
                .hasMessageContaining("'x'")
                .hasMessageContaining("12345.6");
        assertThatThrownBy(() -> read("k,s\n1,\"abc\n"))
                .hasMessageContaining("line 2")
                .hasMessageContaining("unterminated");
        assertThatThrownBy(() -> read("k,s\n1,a,b\n"))
                .hasMessageContaining("line 2")
                .hasMessageContaining("3 fields");
        assertThatThrownBy(() -> read("k,zz\n1,a\n")).hasMessageContaining("unknown column 'zz'");
        assertThatThrownBy(() -> read("s\na\n")).hasMessageContaining("'k' is missing");
        assertThatThrownBy(() -> read("k,f\n1,0x1p3\n"))
                .hasMessageContaining("'f'")
                .hasMessageContaining("0x1p3");
        assertThatThrownBy(() -> read("k,b\n1,yes\n"))
                .hasMessageContaining("'b'")
                .hasMessageContaining("yes");
    }
}
