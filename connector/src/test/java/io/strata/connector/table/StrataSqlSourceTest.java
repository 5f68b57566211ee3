package io.strata.connector.table;

import io.strata.engine.io.LocalFileIO;
import io.strata.engine.table.Table;

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

import static io.strata.connector.table.StrataSqlTestSupport.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL round trips: INSERT INTO, then SELECT with projections, filters (pushed and not), limits,
 * partition filters and {@code scan.version}, for DUP, UNIQUE (upserts, DELETE) and AGG tables.
 * Expected rows are worked out by hand from the inserted values.
 */
class StrataSqlSourceTest {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .setConfiguration(new Configuration())
                            .build());

    @TempDir Path dir;

    static List<String> query(TableEnvironment t, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (var it = t.executeSql(sql).collect()) {
            it.forEachRemaining(r -> out.add(r.toString()));
        }
        return out;
    }

    static long latest(Path p) throws Exception {
        try (Table t = Table.open(LocalFileIO.INSTANCE, p.toString())) {
            return t.latestVersion();
        }
    }

    static String at(long v) {
        return " /*+ OPTIONS('scan.version' = '" + v + "') */ ";
    }

    @Test
    void duplicateTable() throws Exception {
        Path p = dir.resolve("dup");
        TableEnvironment t = StrataSqlTestSupport.batch();
        t.executeSql(
                "CREATE TABLE d (id BIGINT, dt DATE, name STRING, amount DECIMAL(10, 2)) "
                        + "PARTITIONED BY (dt) WITH ('connector' = 'strata', "
                        + "'duplicate-key' = 'id', 'bucket-key' = 'id', 'bucket' = '2', "
                        + "'path' = "
                        + quote(p)
                        + ")");
        t.executeSql(
                        "INSERT INTO d VALUES (1, DATE '2024-01-01', 'a', 1.50), "
                                + "(2, DATE '2024-01-01', CAST(NULL AS STRING), 2.00), "
                                + "(3, DATE '2024-01-02', 'c', -3.25), "
                                + "(4, DATE '2024-01-03', 'd', 4.00)")
                .await();
        long v1 = latest(p);
        t.executeSql(
                        "INSERT INTO d VALUES (5, DATE '2024-01-02', 'e', 5.00), "
                                + "(6, DATE '2024-01-03', 'f', 6.00)")
                .await();
        assertThat(latest(p)).isGreaterThan(v1);

        assertThat(query(t, "SELECT * FROM d"))
                .containsExactlyInAnyOrder(
                        "+I[1, 2024-01-01, a, 1.50]",
                        "+I[2, 2024-01-01, null, 2.00]",
                        "+I[3, 2024-01-02, c, -3.25]",
                        "+I[4, 2024-01-03, d, 4.00]",
                        "+I[5, 2024-01-02, e, 5.00]",
                        "+I[6, 2024-01-03, f, 6.00]");
        assertThat(query(t, "SELECT name, id FROM d WHERE id >= 3 AND id < 6"))
                .containsExactlyInAnyOrder("+I[c, 3]", "+I[d, 4]", "+I[e, 5]");
        assertThat(query(t, "SELECT id FROM d WHERE name IS NULL")).containsExactly("+I[2]");
        assertThat(query(t, "SELECT id FROM d WHERE name IS NOT NULL AND amount < 0"))
                .containsExactly("+I[3]");
        assertThat(query(t, "SELECT id FROM d WHERE id IN (1, 5, 9)"))
                .containsExactlyInAnyOrder("+I[1]", "+I[5]");
        assertThat(query(t, "SELECT id FROM d WHERE 4 < id"))
                .containsExactlyInAnyOrder("+I[5]", "+I[6]");
        // Partition filter (pruned from metadata) and a value filter together.
        assertThat(query(t, "SELECT id FROM d WHERE dt = DATE '2024-01-02'"))
                .containsExactlyInAnyOrder("+I[3]", "+I[5]");
        assertThat(query(t, "SELECT id FROM d WHERE dt > DATE '2024-01-01' AND amount > 4"))
                .containsExactlyInAnyOrder("+I[5]", "+I[6]");
        // OR across columns stays with Flink.
        assertThat(query(t, "SELECT id FROM d WHERE id = 1 OR name = 'f'"))
                .containsExactlyInAnyOrder("+I[1]", "+I[6]");
        // Older version.
        assertThat(query(t, "SELECT id FROM d" + at(v1)))
                .containsExactlyInAnyOrder("+I[1]", "+I[2]", "+I[3]", "+I[4]");
        assertThat(query(t, "SELECT id, name FROM d" + at(v1) + "WHERE dt = DATE '2024-01-02'"))
                .containsExactly("+I[3, c]");
        // LIMIT.
        List<String> two = query(t, "SELECT id FROM d LIMIT 2");
        assertThat(two).hasSize(2).isSubsetOf("+I[1]", "+I[2]", "+I[3]", "+I[4]", "+I[5]", "+I[6]");
        assertThat(query(t, "SELECT id FROM d WHERE id > 2 LIMIT 10")).hasSize(4);

        // A NULL partition value is its own partition.
        t.executeSql("INSERT INTO d VALUES (7, CAST(NULL AS DATE), 'g', 7.00)").await();
        assertThat(query(t, "SELECT id FROM d WHERE dt IS NULL")).containsExactly("+I[7]");
        assertThat(query(t, "SELECT id FROM d WHERE dt >= DATE '2024-01-03' OR dt IS NULL"))
                .containsExactlyInAnyOrder("+I[4]", "+I[6]", "+I[7]");

        // The plan shows what was pushed into the scan.
        String plan =
                t.explainSql("SELECT id FROM d WHERE id = 1 AND dt = DATE '2024-01-01' LIMIT 5");
        assertThat(plan).contains("filter=[").contains("partitions=[").contains("limit=[5]");
    }

    @Test
    void floatAndCharFiltersKeepFlinkSemantics() throws Exception {
        Path p = dir.resolve("fc");
        TableEnvironment t = StrataSqlTestSupport.batch();
        t.executeSql(
                "CREATE TABLE fc (id INT, x FLOAT, y DOUBLE, c CHAR(3)) WITH ("
                        + "'connector' = 'strata', 'path' = "
                        + quote(p)
                        + ")");
        t.executeSql(
                        "INSERT INTO fc VALUES (1, CAST(1.1 AS FLOAT), CAST(0.1 AS DOUBLE), "
                                + "CAST('ab' AS CHAR(3))), (2, CAST(2.5 AS FLOAT), "
                                + "CAST(0.30000000000000004 AS DOUBLE), CAST('abc' AS CHAR(3)))")
                .await();
        assertThat(query(t, "SELECT id FROM fc WHERE x = 2.5")).containsExactly("+I[2]");
        // FLOAT 1.1 widened to DOUBLE is 1.100000023841858, not below the DOUBLE literal 1.1.
        assertThat(query(t, "SELECT id FROM fc WHERE x < 1.1")).isEmpty();
        assertThat(query(t, "SELECT id FROM fc WHERE y > 0.3")).containsExactly("+I[2]");
        // Flink pads CHAR(3): the stored value is 'ab ', which is not equal to 'ab'.
        assertThat(query(t, "SELECT id FROM fc WHERE c = 'ab'")).isEmpty();
        assertThat(query(t, "SELECT id FROM fc WHERE c = CAST('ab' AS CHAR(3)) AND x > 1.0"))
                .containsExactly("+I[1]");
        assertThat(query(t, "SELECT id FROM fc WHERE c IN ('abc', 'zz')")).containsExactly("+I[2]");
    }

    @Test
    void uniqueTableAfterUpsertsAndDeletes() throws Exception {
        Path p = dir.resolve("uniq");
        TableEnvironment t = StrataSqlTestSupport.batch();
        t.executeSql(
                "CREATE TABLE u (id BIGINT, name STRING, v INT, PRIMARY KEY (id) NOT ENFORCED) "
                        + "WITH ('connector' = 'strata', 'bucket' = '2', 'path' = "
                        + quote(p)
                        + ")");
        t.executeSql("INSERT INTO u VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30), (4, 'd', 40)")
                .await();
        long v1 = latest(p);
        t.executeSql("INSERT INTO u VALUES (1, 'a2', 11), (3, 'c2', 30), (5, 'e', 50)").await();
        long v2 = latest(p);
        t.executeSql("DELETE FROM u WHERE id = 2").await();

        assertThat(query(t, "SELECT * FROM u"))
                .containsExactlyInAnyOrder(
                        "+I[1, a2, 11]", "+I[3, c2, 30]", "+I[4, d, 40]", "+I[5, e, 50]");
        // A value predicate must see merged rows: id 1's old v = 10 must not come back.
        assertThat(query(t, "SELECT id FROM u WHERE v = 10")).isEmpty();
        assertThat(query(t, "SELECT id FROM u WHERE name = 'c'")).isEmpty();
        assertThat(query(t, "SELECT id, name FROM u WHERE v <= 30"))
                .containsExactlyInAnyOrder("+I[1, a2]", "+I[3, c2]");
        assertThat(query(t, "SELECT id FROM u WHERE id = 2")).isEmpty();
        assertThat(query(t, "SELECT v FROM u WHERE id IN (2, 4)")).containsExactly("+I[40]");
        assertThat(query(t, "SELECT name FROM u LIMIT 3")).hasSize(3);
        // Older versions: before the upsert, and before the delete.
        assertThat(query(t, "SELECT id, name FROM u" + at(v1) + "WHERE v = 10"))
                .containsExactly("+I[1, a]");
        assertThat(query(t, "SELECT id FROM u" + at(v2)))
                .containsExactlyInAnyOrder("+I[1]", "+I[2]", "+I[3]", "+I[4]", "+I[5]");
        assertThat(query(t, "SELECT name FROM u" + at(v2) + "WHERE id = 2"))
                .containsExactly("+I[b]");
    }

    @Test
    void aggregateTable() throws Exception {
        Path p = dir.resolve("agg");
        TableEnvironment t = StrataSqlTestSupport.batch();
        t.executeSql(
                "CREATE TABLE a (k INT, s BIGINT, m INT) WITH ('connector' = 'strata', "
                        + "'table.keys-type' = 'aggregate', "
                        + "'fields.s.aggregate-function' = 'sum', "
                        + "'fields.m.aggregate-function' = 'max', "
                        + "'bucket' = '2', 'path' = "
                        + quote(p)
                        + ")");
        t.executeSql("INSERT INTO a VALUES (1, 10, 1), (2, 5, 7), (1, 10, 3)").await();
        long v1 = latest(p);
        t.executeSql("INSERT INTO a VALUES (2, 20, 2), (3, 1, 1)").await();

        assertThat(query(t, "SELECT * FROM a"))
                .containsExactlyInAnyOrder("+I[1, 20, 3]", "+I[2, 25, 7]", "+I[3, 1, 1]");
        // Value predicates apply to the aggregated values, not to the parts.
        assertThat(query(t, "SELECT k FROM a WHERE s > 15"))
                .containsExactlyInAnyOrder("+I[1]", "+I[2]");
        assertThat(query(t, "SELECT k FROM a WHERE s = 5")).isEmpty();
        assertThat(query(t, "SELECT s FROM a WHERE k = 2 AND m >= 7")).containsExactly("+I[25]");
        assertThat(query(t, "SELECT k FROM a" + at(v1) + "WHERE s = 5")).containsExactly("+I[2]");
        assertThat(query(t, "SELECT k, s, m FROM a" + at(v1)))
                .containsExactlyInAnyOrder("+I[1, 20, 3]", "+I[2, 5, 7]");
    }
}
