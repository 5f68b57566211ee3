package io.strata.bench;

import io.strata.cli.LineitemGenerator;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineitemGenTableFactoryTest {

    private static TableEnvironment env(boolean streaming, long rows, long keys) {
        TableEnvironment t =
                TableEnvironment.create(
                        streaming
                                ? EnvironmentSettings.inStreamingMode()
                                : EnvironmentSettings.inBatchMode());
        t.getConfig().set("parallelism.default", "2");
        t.executeSql(
                "CREATE TEMPORARY TABLE gen ("
                        + LineitemGenerator.ddlColumns()
                        + ") WITH ('connector' = 'lineitem-gen', 'rows' = '"
                        + rows
                        + "', 'keys' = '"
                        + keys
                        + "')");
        return t;
    }

    /** INSERT ... SELECT * plans to source → sink: no Calc, no CAST, no conversion operator. */
    @Test
    void insertPlansWithoutConversions() {
        TableEnvironment t = env(true, 1000, 0);
        t.executeSql(
                "CREATE TEMPORARY TABLE bh ("
                        + LineitemGenerator.ddlColumns()
                        + ") WITH ('connector' = 'blackhole')");
        String plan = t.explainSql("INSERT INTO bh SELECT * FROM gen");
        String exec = plan.substring(plan.indexOf("== Optimized Execution Plan =="));
        assertThat(exec.lines().filter(l -> !l.isBlank()).toList())
                .hasSize(3)
                .anySatisfy(l -> assertThat(l).startsWith("+- TableSourceScan(table=[[default"));
        assertThat(plan).doesNotContain("Calc").doesNotContain("CAST");
    }

    /** The SQL source emits exactly the generator's rows (indexes 0..rows-1, in some order). */
    @Test
    void sourceEmitsTheGeneratorRows() throws Exception {
        long rows = 300;
        long keys = 40;
        TableEnvironment t = env(false, rows, keys);
        List<String> got = new ArrayList<>();
        try (CloseableIterator<Row> it = t.executeSql("SELECT * FROM gen").collect()) {
            while (it.hasNext()) {
                got.add(fields(it.next()));
            }
        }
        LineitemGenerator g = new LineitemGenerator(keys);
        List<String> expected = new ArrayList<>();
        for (long i = 0; i < rows; i++) {
            expected.add(fields(g.map(i)));
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static String fields(Row r) {
        Object[] f = new Object[r.getArity()];
        for (int i = 0; i < f.length; i++) {
            f[i] = r.getField(i);
        }
        return Arrays.toString(f);
    }

    /** A declared column that differs from the generator's fails planning, naming it. */
    @Test
    void wrongSchemaIsRejected() {
        TableEnvironment t = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        t.executeSql(
                "CREATE TEMPORARY TABLE bad ("
                        + LineitemGenerator.ddlColumns().replace("VARCHAR(44)", "STRING")
                        + ") WITH ('connector' = 'lineitem-gen', 'rows' = '10')");
        assertThatThrownBy(() -> t.explainSql("SELECT * FROM bad"))
                .rootCause()
                .hasMessageContaining("l_comment");
        t.executeSql(
                "CREATE TEMPORARY TABLE few (a BIGINT) WITH ('connector' = 'lineitem-gen',"
                        + " 'rows' = '10')");
        assertThatThrownBy(() -> t.explainSql("SELECT * FROM few"))
                .rootCause()
                .hasMessageContaining("16 columns");
    }
}
