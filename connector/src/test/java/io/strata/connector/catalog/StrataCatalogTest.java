package io.strata.connector.catalog;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code strata} catalog across two job submissions (two TableEnvironments sharing only the
 * warehouse folder): CREATE TABLE, INSERT, SELECT, SHOW TABLES, DESCRIBE, DROP; and the same table
 * opened by path with the connector.
 */
class StrataCatalogTest {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .setConfiguration(new Configuration())
                            .build());

    @TempDir Path dir;

    private TableEnvironment env() {
        Configuration conf = new Configuration();
        conf.setString("parallelism.default", "2");
        conf.setString("restart-strategy.type", "none");
        TableEnvironment t =
                TableEnvironment.create(
                        EnvironmentSettings.newInstance()
                                .inBatchMode()
                                .withConfiguration(conf)
                                .build());
        t.executeSql(
                "CREATE CATALOG s WITH ('type' = 'strata', 'warehouse' = '"
                        + dir.resolve("wh").toUri()
                        + "')");
        t.executeSql("USE CATALOG s");
        return t;
    }

    private static List<String> query(TableEnvironment t, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (var it = t.executeSql(sql).collect()) {
            it.forEachRemaining(r -> out.add(r.toString()));
        }
        return out;
    }

    @Test
    void createInsertSelectDropAcrossJobs() throws Exception {
        TableEnvironment first = env();
        first.executeSql("CREATE DATABASE sales");
        first.executeSql(
                "CREATE TABLE sales.orders (id BIGINT, dt DATE, amount DECIMAL(10, 2), "
                        + "note STRING, PRIMARY KEY (id, dt) NOT ENFORCED) PARTITIONED BY (dt) "
                        + "WITH ('bucket' = '2')");
        first.executeSql(
                "CREATE TABLE events (k INT, s BIGINT) WITH ('table.keys-type' = 'aggregate', "
                        + "'fields.s.aggregate-function' = 'sum')");
        first.executeSql(
                        "INSERT INTO sales.orders VALUES (1, DATE '2024-01-01', 1.50, 'a'), "
                                + "(2, DATE '2024-01-02', 2.00, CAST(NULL AS STRING))")
                .await();
        first.executeSql(
                "CREATE TABLE logs (ts TIMESTAMP(3), host VARCHAR(20), msg STRING) "
                        + "DISTRIBUTED BY HASH(host) INTO 3 BUCKETS");
        first.executeSql("INSERT INTO events VALUES (1, 5), (1, 6), (2, 1)").await();

        // A second "job submission": a fresh environment knows only the warehouse.
        TableEnvironment second = env();
        assertThat(query(second, "SHOW DATABASES")).contains("+I[default]", "+I[sales]");
        assertThat(query(second, "SHOW TABLES FROM sales")).containsExactly("+I[orders]");
        assertThat(query(second, "SHOW TABLES")).containsExactly("+I[events]", "+I[logs]");
        second.executeSql(
                        "INSERT INTO logs VALUES (TIMESTAMP '2024-01-01 10:00:00.123', 'h1', 'up'),"
                                + " (TIMESTAMP '2024-01-01 10:00:01', 'h2', 'down')")
                .await();
        assertThat(query(first, "SELECT host, msg, ts FROM logs WHERE host = 'h1'"))
                .containsExactly("+I[h1, up, 2024-01-01T10:00:00.123]");
        List<String> desc = query(second, "DESCRIBE sales.orders");
        assertThat(desc).hasSize(4);
        assertThat(desc.get(0)).startsWith("+I[id, BIGINT, false, PRI(id, dt)");
        assertThat(desc.get(2)).startsWith("+I[amount, DECIMAL(10, 2), true");
        second.executeSql("INSERT INTO sales.orders VALUES (1, DATE '2024-01-01', 9.99, 'a2')")
                .await();
        second.executeSql("INSERT INTO events VALUES (2, 10)").await();
        assertThat(query(second, "SELECT * FROM sales.orders"))
                .containsExactlyInAnyOrder(
                        "+I[1, 2024-01-01, 9.99, a2]", "+I[2, 2024-01-02, 2.00, null]");
        assertThat(query(second, "SELECT id FROM sales.orders WHERE dt = DATE '2024-01-02'"))
                .containsExactly("+I[2]");
        assertThat(query(second, "SELECT k, s FROM events"))
                .containsExactlyInAnyOrder("+I[1, 11]", "+I[2, 11]");

        // The same table by path with the connector (no catalog).
        Path ordersPath = dir.resolve("wh").resolve("sales").resolve("orders");
        TableEnvironment byPath = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        byPath.executeSql(
                "CREATE TABLE o (id BIGINT, dt DATE, amount DECIMAL(10, 2), note STRING, "
                        + "PRIMARY KEY (id, dt) NOT ENFORCED) PARTITIONED BY (dt) WITH "
                        + "('connector' = 'strata', 'path' = '"
                        + ordersPath
                        + "')");
        assertThat(query(byPath, "SELECT note FROM o WHERE id = 1")).containsExactly("+I[a2]");

        // Drop in one environment; the other no longer sees it.
        first.executeSql("DROP TABLE sales.orders");
        assertThat(Files.exists(ordersPath)).isFalse();
        assertThat(query(second, "SHOW TABLES FROM sales")).isEmpty();
        assertThatThrownBy(() -> second.executeSql("SELECT * FROM sales.orders"))
                .hasMessageContaining("orders");
        second.executeSql("DROP DATABASE sales");
        assertThat(query(first, "SHOW DATABASES")).doesNotContain("+I[sales]");
    }
}
