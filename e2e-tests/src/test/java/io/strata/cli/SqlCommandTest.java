package io.strata.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code strata sql -f}: a batch script with DDL, INSERT, DELETE and a query. */
class SqlCommandTest {
    @TempDir Path dir;

    private int run(Path script, ByteArrayOutputStream buf) {
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        return StrataCli.run(new String[] {"sql", "-f", script.toString()}, out, out);
    }

    @Test
    void runsScriptAndPrintsQueryResults() throws Exception {
        Path table = dir.resolve("t");
        Path script = dir.resolve("s.sql");
        Files.writeString(
                script,
                "SET 'execution.runtime-mode' = 'batch';\n"
                        + "CREATE TABLE t (id BIGINT, name STRING) WITH (\n"
                        + "  'connector' = 'strata', 'path' = '"
                        + table
                        + "');\n"
                        + "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c');\n"
                        + "DELETE FROM t WHERE id = 2;\n"
                        + "SELECT x, UPPER(y) AS up FROM (VALUES (1, 'a;b')) AS v(x, y);\n"
                        + "SELECT name, id * 10 AS tenfold FROM t WHERE id > 0 ORDER BY id;\n");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = run(script, buf);
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(text).isZero();
        assertThat(text)
                .contains("[CREATE] OK")
                .contains("[INSERT] job")
                .contains("| x | up  |")
                .contains("| 1 | A;B |")
                .contains("1 row")
                .contains("| name | tenfold |")
                .contains("| a    | 10      |")
                .contains("| c    | 30      |")
                .contains("2 rows");
        assertThat(TableContents.rows(table)).containsExactly("[1, a]", "[3, c]");
    }

    @Test
    void exampleScriptRuns() throws Exception {
        String example =
                Files.readString(Path.of("..", "examples", "quickstart.sql"))
                        .replace("'strata-warehouse/", "'" + dir + "/");
        Path script = dir.resolve("quickstart.sql");
        Files.writeString(script, example);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = run(script, buf);
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(text).isZero();
        assertThat(TableContents.rows(dir.resolve("orders")))
                .containsExactly(
                        "[1, alice, 11.00, 2024-01-04]",
                        "[2, bob, 20.00, 2024-01-02]",
                        "[3, carol, 30.25, 2024-01-03]");
        assertThat(TableContents.rows(dir.resolve("daily_sales")))
                .containsExactly("[2024-01-01, 15.50, 2, 10.50]", "[2024-01-02, 20.00, 1, 20.00]");
        // The SELECTs print merged rows as tables (UNIQUE: order 1 once, newest values).
        assertThat(text)
                .contains("| order_id | customer | amount |")
                .contains("| 1        | alice    | 11.00  |")
                .contains("| 3        | carol    | 30.25  |")
                .contains("3 rows")
                .contains("| 2024-01-01 | 15.50 | 2      | 10.50   |")
                .contains("2 rows")
                .doesNotContain("10.50  |");
    }

    @Test
    void failingStatementIsReportedWithItsNumber() throws Exception {
        Path script = dir.resolve("bad.sql");
        Files.writeString(
                script,
                "CREATE TABLE t (id INT) WITH ('connector' = 'datagen');\n"
                        + "SELECT * FROM nope;\n");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertThat(run(script, buf)).isEqualTo(1);
        assertThat(buf.toString(StandardCharsets.UTF_8))
                .contains("statement 2 failed")
                .contains("nope");
    }

    @Test
    void missingFileArgumentIsUsageError() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        assertThat(StrataCli.run(new String[] {"sql"}, out, out)).isEqualTo(2);
    }
}
