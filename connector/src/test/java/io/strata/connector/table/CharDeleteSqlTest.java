package io.strata.connector.table;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.strata.connector.table.StrataSqlSourceTest.query;
import static io.strata.connector.table.StrataSqlTestSupport.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code DELETE FROM t WHERE c = 'x'} on a CHAR(n) column deletes exactly the rows Flink itself
 * evaluates the condition true for: the expected survivors come from the same WHERE clause run by
 * Flink over an in-memory VALUES view of the same rows and types (independent of the connector).
 */
class CharDeleteSqlTest {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(new Configuration())
                            .build());

    @TempDir Path dir;

    private static final String ROWS =
            "(1, 'x'), (2, 'xy'), (3, 'x'), (4, 'abcde'), (5, 'ab'), (6, 'x  ')";
    private static final String ROWS_WITH_NULL = ROWS + ", (7, CAST(NULL AS STRING))";

    private static List<String> sortedIds(List<String> rows) {
        List<String> out = new ArrayList<>(rows);
        out.sort(null);
        return out;
    }

    /**
     * For each condition: a fresh table with {@code rows} as CHAR(5), {@code DELETE ... WHERE
     * cond}, then the remaining ids must be those for which Flink evaluates {@code cond} as not
     * TRUE over the same rows in a VALUES view. Returns how many rows the conditions deleted.
     */
    private int check(String keys, String rows, String... conds) throws Exception {
        TableEnvironment t = StrataSqlTestSupport.batch();
        t.executeSql(
                "CREATE TEMPORARY VIEW v AS SELECT id, CAST(c AS CHAR(5)) AS c FROM (VALUES "
                        + rows
                        + ") AS r(id, c)");
        int deleted = 0;
        int i = 0;
        List<String> wrong = new ArrayList<>();
        for (String cond : conds) {
            String name = "ch" + i++;
            Path p = dir.resolve(name);
            t.executeSql(
                    "CREATE TABLE "
                            + name
                            + " (id INT, c CHAR(5)"
                            + keys
                            + ") WITH ('connector' = 'strata', 'bucket' = '2', 'path' = "
                            + quote(p)
                            + ")");
            t.executeSql("INSERT INTO " + name + " SELECT id, c FROM v").await();
            List<String> all = sortedIds(query(t, "SELECT id FROM " + name));
            List<String> expected =
                    sortedIds(query(t, "SELECT id FROM v WHERE (" + cond + ") IS NOT TRUE"));
            t.executeSql("DELETE FROM " + name + " WHERE " + cond).await();
            List<String> got = sortedIds(query(t, "SELECT id FROM " + name));
            if (!got.equals(expected)) {
                wrong.add(cond + ": expected " + expected + " but was " + got);
            }
            deleted += all.size() - expected.size();
        }
        assertThat(wrong).as("DELETE conditions evaluated unlike Flink").isEmpty();
        return deleted;
    }

    @Test
    void deleteOnCharColumnMatchesFlinkSemantics() throws Exception {
        int deleted =
                check(
                        "",
                        ROWS_WITH_NULL,
                        // Literals typed CHAR(5) arrive unpadded; Flink means 'ab   ', 'x    '.
                        "c IN (CAST('ab' AS CHAR(5)), CAST('x' AS CHAR(5)))",
                        // The planner compares CAST(c AS VARCHAR(5)) with the shorter literal.
                        "c = 'x'",
                        "c IN ('x', 'xy', 'ab', 'abcde')",
                        "'ab' = c",
                        "c <> 'x'",
                        "c = 'x' OR c = 'xy'",
                        "c = 'abcdef'",
                        "c = CAST('xy' AS CHAR(3))",
                        "c = CAST('ab' AS CHAR(5))",
                        "c < 'b'");
        assertThat(deleted).as("some conditions delete rows").isGreaterThan(5);
    }

    @Test
    void deleteOnCharKeyOfUniqueTable() throws Exception {
        int deleted =
                check(
                        ", PRIMARY KEY (id, c) NOT ENFORCED",
                        ROWS,
                        "c IN (CAST('x' AS CHAR(5)), CAST('abcde' AS CHAR(5)))",
                        "c <> 'xy'");
        assertThat(deleted).isGreaterThan(3);
    }
}
