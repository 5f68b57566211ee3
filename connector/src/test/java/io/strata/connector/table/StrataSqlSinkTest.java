package io.strata.connector.table;

import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.KeysType;
import io.strata.engine.table.Table;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.strata.connector.table.StrataSqlTestSupport.quote;
import static io.strata.connector.table.StrataSqlTestSupport.rows;
import static io.strata.connector.table.StrataSqlTestSupport.sorted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flink SQL into Strata tables on a MiniCluster; contents are read back with the engine scan. */
class StrataSqlSinkTest {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .setConfiguration(new Configuration())
                            .build());

    @TempDir Path dir;

    private static String rootMessages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
            if (c.getCause() == c) {
                break;
            }
        }
        return sb.toString();
    }

    @Test
    void duplicateTablePartitionedAndBucketedFromValues() throws Exception {
        Path p = dir.resolve("dup");
        TableEnvironment t = StrataSqlTestSupport.streaming();
        t.executeSql(
                "CREATE TABLE dup_t (id BIGINT, dt DATE, name STRING, amount DECIMAL(10, 2)) "
                        + "DISTRIBUTED BY HASH(id) INTO 3 BUCKETS PARTITIONED BY (dt) "
                        + "WITH ('connector' = 'strata', 'path' = "
                        + quote(p)
                        + ")");
        t.executeSql(
                        "INSERT INTO dup_t VALUES "
                                + "(1, DATE '2024-01-01', 'a', 1.50), "
                                + "(1, DATE '2024-01-01', 'a', 1.50), "
                                + "(2, DATE '2024-01-02', CAST(NULL AS STRING), 2.00), "
                                + "(3, DATE '2024-01-01', 'c', -3.25)")
                .await();
        assertThat(rows(p))
                .isEqualTo(
                        sorted(
                                "[1, 2024-01-01, a, 1.50]",
                                "[1, 2024-01-01, a, 1.50]",
                                "[2, 2024-01-02, null, 2.00]",
                                "[3, 2024-01-01, c, -3.25]"));
        try (Table table = Table.open(LocalFileIO.INSTANCE, p.toString())) {
            assertThat(table.schema().keysType()).isEqualTo(KeysType.DUP_KEYS);
            assertThat(table.descriptor().buckets()).isEqualTo(3);
            assertThat(table.descriptor().partitionColumns()).containsExactly("dt");
            assertThat(table.descriptor().distributionColumns()).containsExactly("id");
        }
        // A second INSERT appends.
        t.executeSql("INSERT INTO dup_t VALUES (4, DATE '2024-01-03', 'd', 4.00)").await();
        assertThat(rows(p)).hasSize(5).contains("[4, 2024-01-03, d, 4.00]");
        // Static partition: the planner fills dt into every row.
        t.executeSql(
                        "INSERT INTO dup_t PARTITION (dt = '2024-01-05') "
                                + "SELECT CAST(5 AS BIGINT), 'e', CAST(5 AS DECIMAL(10, 2))")
                .await();
        assertThat(rows(p)).hasSize(6).contains("[5, 2024-01-05, e, 5.00]");
    }

    @Test
    void uniqueTableUpsertsAcrossInsertsWithKeysReordered() throws Exception {
        Path p = dir.resolve("uniq");
        TableEnvironment t = StrataSqlTestSupport.streaming();
        t.executeSql(
                "CREATE TABLE u (name STRING, id BIGINT, v INT, PRIMARY KEY (id) NOT ENFORCED) "
                        + "WITH ('connector' = 'strata', 'bucket' = '2', 'path' = "
                        + quote(p)
                        + ")");
        t.executeSql("INSERT INTO u VALUES ('a', 1, 10), ('b', 2, 20), ('a2', 1, 11)").await();
        t.executeSql("INSERT INTO u VALUES ('b2', 2, 21), ('c', 3, 30)").await();
        // Storage order puts the key first: [id, name, v].
        assertThat(rows(p)).isEqualTo(sorted("[1, a2, 11]", "[2, b2, 21]", "[3, c, 30]"));
        // Read back through the SQL source, in Flink's column order, with a projection.
        List<String> sql = new ArrayList<>();
        try (var it = t.executeSql("SELECT v, name FROM u").collect()) {
            it.forEachRemaining(r -> sql.add(r.toString()));
        }
        assertThat(sql).containsExactlyInAnyOrder("+I[11, a2]", "+I[21, b2]", "+I[30, c]");
    }

    @Test
    void aggregateTableFromGeneratedSource() throws Exception {
        Path p = dir.resolve("agg");
        TableEnvironment t = StrataSqlTestSupport.streaming();
        t.executeSql(
                "CREATE TABLE gen (id BIGINT) WITH ('connector' = 'datagen', "
                        + "'fields.id.kind' = 'sequence', 'fields.id.start' = '1', "
                        + "'fields.id.end' = '3000')");
        t.executeSql(
                "CREATE TABLE agg (k INT, total BIGINT, cnt BIGINT, mx BIGINT, mn BIGINT) "
                        + "DISTRIBUTED INTO 4 BUCKETS WITH ('connector' = 'strata', "
                        + "'table.keys-type' = 'aggregate', "
                        + "'fields.total.aggregate-function' = 'sum', "
                        + "'fields.cnt.aggregate-function' = 'sum', "
                        + "'fields.mx.aggregate-function' = 'max', "
                        + "'fields.mn.aggregate-function' = 'min', "
                        + "'path' = "
                        + quote(p)
                        + ")");
        t.executeSql(
                        "INSERT INTO agg SELECT CAST(id % 3 AS INT), id, CAST(1 AS BIGINT), id, id"
                                + " FROM gen")
                .await();
        // k = id % 3 over 1..3000: each key has 1000 ids.
        List<String> expected = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            long sum = 0;
            long mx = Long.MIN_VALUE;
            long mn = Long.MAX_VALUE;
            for (long id = 1; id <= 3000; id++) {
                if (id % 3 == k) {
                    sum += id;
                    mx = Math.max(mx, id);
                    mn = Math.min(mn, id);
                }
            }
            expected.add("[" + k + ", " + sum + ", 1000, " + mx + ", " + mn + "]");
        }
        expected.sort(null);
        assertThat(rows(p)).isEqualTo(expected);
        // Aggregation also combines across versions.
        t.executeSql("INSERT INTO agg VALUES (0, 5, 1, 99999, -1)").await();
        assertThat(rows(p)).contains("[0, 1501505, 1001, 99999, -1]");
    }

    @Test
    void uniqueTableFromGeneratedSourcePartitioned() throws Exception {
        Path p = dir.resolve("uniq_gen");
        TableEnvironment t = StrataSqlTestSupport.streaming();
        t.executeSql(
                "CREATE TABLE gen (id BIGINT) WITH ('connector' = 'datagen', "
                        + "'fields.id.kind' = 'sequence', 'fields.id.start' = '1', "
                        + "'fields.id.end' = '2000')");
        t.executeSql(
                "CREATE TABLE ug (part INT, k BIGINT, v STRING, PRIMARY KEY (part, k) NOT ENFORCED)"
                        + " PARTITIONED BY (part) WITH ('connector' = 'strata', 'bucket' = '3', "
                        + "'sink.parallelism' = '2', 'path' = "
                        + quote(p)
                        + ")");
        // 2000 ids onto 500 keys per partition, 2 partitions: the last id of each key wins?
        // Order across ids of one key is not defined in parallel, so write each key once here
        // and overwrite all of them in a second statement.
        t.executeSql("INSERT INTO ug SELECT CAST(id % 2 AS INT), id, 'first' FROM gen").await();
        t.executeSql(
                        "INSERT INTO ug SELECT CAST(id % 2 AS INT), id, 'second' FROM gen "
                                + "WHERE id <= 1000")
                .await();
        List<String> r = rows(p);
        assertThat(r).hasSize(2000);
        assertThat(r.stream().filter(s -> s.endsWith("second]")).count()).isEqualTo(1000);
        assertThat(r).contains("[1, 1, second]", "[0, 2000, first]");
    }

    @Test
    void changelogStreamLandsExactlyInUniqueTable() throws Exception {
        Path p = dir.resolve("cdc");
        Configuration conf = new Configuration();
        conf.setString("restart-strategy.type", "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.enableCheckpointing(300);
        env.setParallelism(2);
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        DataStream<Row> changes =
                env.fromData(
                        Types.ROW_NAMED(new String[] {"id", "name"}, Types.LONG, Types.STRING),
                        Row.ofKind(RowKind.INSERT, 1L, "a"),
                        Row.ofKind(RowKind.INSERT, 2L, "b"),
                        Row.ofKind(RowKind.UPDATE_BEFORE, 1L, "a"),
                        Row.ofKind(RowKind.UPDATE_AFTER, 1L, "a2"),
                        Row.ofKind(RowKind.DELETE, 2L, "b"),
                        Row.ofKind(RowKind.INSERT, 3L, "c"),
                        Row.ofKind(RowKind.INSERT, 4L, "d"),
                        Row.ofKind(RowKind.UPDATE_BEFORE, 3L, "c"),
                        Row.ofKind(RowKind.UPDATE_AFTER, 3L, "c2"));
        t.createTemporaryView("changes", t.fromChangelogStream(changes));
        t.executeSql(
                "CREATE TABLE cdc (id BIGINT, name STRING, PRIMARY KEY (id) NOT ENFORCED) "
                        + "WITH ('connector' = 'strata', 'bucket' = '2', 'path' = "
                        + quote(p)
                        + ")");
        t.executeSql("INSERT INTO cdc SELECT * FROM changes").await();
        assertThat(rows(p)).isEqualTo(sorted("[1, a2]", "[3, c2]", "[4, d]"));
    }

    @Test
    void duplicateTableRejectsChangelogUnlessIgnoreDelete() throws Exception {
        Configuration conf = new Configuration();
        conf.setString("restart-strategy.type", "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.enableCheckpointing(300);
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        DataStream<Row> changes =
                env.fromData(
                        Types.ROW_NAMED(new String[] {"id", "name"}, Types.LONG, Types.STRING),
                        Row.ofKind(RowKind.INSERT, 1L, "a"),
                        Row.ofKind(RowKind.DELETE, 1L, "a"),
                        Row.ofKind(RowKind.INSERT, 2L, "b"));
        t.createTemporaryView("changes", t.fromChangelogStream(changes));
        t.executeSql(
                "CREATE TABLE d1 (id BIGINT, name STRING) WITH ('connector' = 'strata', "
                        + "'path' = "
                        + quote(dir.resolve("d1"))
                        + ")");
        assertThatThrownBy(() -> t.executeSql("INSERT INTO d1 SELECT * FROM changes"))
                .satisfies(e -> assertThat(rootMessages(e)).contains("doesn't support consuming"));

        Path p = dir.resolve("d2");
        t.executeSql(
                "CREATE TABLE d2 (id BIGINT, name STRING) WITH ('connector' = 'strata', "
                        + "'sink.ignore-delete' = 'true', 'path' = "
                        + quote(p)
                        + ")");
        t.executeSql("INSERT INTO d2 SELECT * FROM changes").await();
        assertThat(rows(p)).isEqualTo(sorted("[1, a]", "[2, b]"));
    }

    @Test
    void batchInsertThenDeleteFrom() throws Exception {
        Path p = dir.resolve("del");
        TableEnvironment t = StrataSqlTestSupport.batch();
        t.executeSql(
                "CREATE TABLE del (id BIGINT, dt DATE, v INT) PARTITIONED BY (dt) "
                        + "WITH ('connector' = 'strata', 'duplicate-key' = 'id', "
                        + "'bucket-key' = 'id', 'bucket' = '2', 'path' = "
                        + quote(p)
                        + ")");
        t.executeSql(
                        "INSERT INTO del VALUES "
                                + "(1, DATE '2024-01-01', 1), (2, DATE '2024-01-01', 2), "
                                + "(3, DATE '2024-01-01', 3), (4, DATE '2024-01-02', 1), "
                                + "(5, DATE '2024-01-02', CAST(NULL AS INT)), "
                                + "(6, DATE '2024-01-02', 6), (7, DATE '2024-01-03', 7)")
                .await();
        assertThat(rows(p)).hasSize(7);
        t.executeSql("DELETE FROM del WHERE dt = DATE '2024-01-01' AND v IN (1, 2)").await();
        assertThat(rows(p))
                .isEqualTo(
                        sorted(
                                "[3, 2024-01-01, 3]",
                                "[4, 2024-01-02, 1]",
                                "[5, 2024-01-02, null]",
                                "[6, 2024-01-02, 6]",
                                "[7, 2024-01-03, 7]"));
        t.executeSql("DELETE FROM del WHERE v IS NULL").await();
        t.executeSql("DELETE FROM del WHERE id >= 6 AND v NOT IN (7)").await();
        assertThat(rows(p))
                .isEqualTo(
                        sorted("[3, 2024-01-01, 3]", "[4, 2024-01-02, 1]", "[7, 2024-01-03, 7]"));
        // Rows inserted after a delete are not hidden by it.
        t.executeSql("INSERT INTO del VALUES (1, DATE '2024-01-01', 1)").await();
        assertThat(rows(p)).contains("[1, 2024-01-01, 1]").hasSize(4);

        // INSERT OVERWRITE of one static partition replaces exactly that partition.
        t.executeSql("INSERT OVERWRITE del PARTITION (dt = '2024-01-02') VALUES (40, 40), (41, 41)")
                .await();
        assertThat(rows(p))
                .isEqualTo(
                        sorted(
                                "[1, 2024-01-01, 1]",
                                "[3, 2024-01-01, 3]",
                                "[40, 2024-01-02, 40]",
                                "[41, 2024-01-02, 41]",
                                "[7, 2024-01-03, 7]"));
        // Dynamic overwrite: only the partitions the query writes are replaced.
        t.executeSql("INSERT OVERWRITE del VALUES (8, DATE '2024-01-03', 8)").await();
        assertThat(rows(p))
                .isEqualTo(
                        sorted(
                                "[1, 2024-01-01, 1]",
                                "[3, 2024-01-01, 3]",
                                "[40, 2024-01-02, 40]",
                                "[41, 2024-01-02, 41]",
                                "[8, 2024-01-03, 8]"));
        assertThatThrownBy(() -> t.executeSql("DELETE FROM del WHERE id = 1 OR v = 3"))
                .satisfies(
                        e -> assertThat(rootMessages(e)).contains("OR across different columns"));
        assertThatThrownBy(
                        () -> t.executeSql("DELETE FROM del WHERE UPPER(CAST(v AS STRING)) = 'A'"))
                .satisfies(e -> assertThat(rootMessages(e)).contains("Supported:"));
    }

    @Test
    void strictModeFailsNamingTableColumnAndValue() {
        TableEnvironment t = StrataSqlTestSupport.batch();
        t.executeSql(
                "CREATE TABLE s (id INT, name VARCHAR(3)) WITH ('connector' = 'strata', "
                        + "'path' = "
                        + quote(dir.resolve("strict"))
                        + ")");
        // 'äää' is 3 characters for Flink but 6 bytes: too long for Doris VARCHAR(3).
        assertThatThrownBy(
                        () -> t.executeSql("INSERT INTO s VALUES (1, 'abc'), (2, 'äää')").await())
                .satisfies(
                        e -> {
                            String m = rootMessages(e);
                            assertThat(m).contains("name").contains("äää");
                        });
    }

    @Test
    void nonStrictModeFiltersBadRows() throws Exception {
        Path p = dir.resolve("lenient");
        TableEnvironment t = StrataSqlTestSupport.batch();
        t.executeSql(
                "CREATE TABLE s (id INT, name VARCHAR(3)) WITH ('connector' = 'strata', "
                        + "'sink.strict' = 'false', 'sink.max-filter-ratio' = '0.5', "
                        + "'sink.parallelism' = '1', 'path' = "
                        + quote(p)
                        + ")");
        t.executeSql("INSERT INTO s VALUES (1, 'abc'), (2, 'äää'), (3, 'xyz')").await();
        assertThat(rows(p)).isEqualTo(sorted("[1, abc]", "[3, xyz]"));
    }

    @Test
    void unsupportedTypeIsAnErrorNamingColumnAndType() {
        TableEnvironment t = StrataSqlTestSupport.batch();
        t.executeSql(
                "CREATE TABLE bad (id INT, tags ARRAY<INT>) WITH ('connector' = 'strata', "
                        + "'path' = "
                        + quote(dir.resolve("bad"))
                        + ")");
        assertThatThrownBy(() -> t.executeSql("INSERT INTO bad VALUES (1, ARRAY[1, 2])"))
                .satisfies(
                        e -> assertThat(rootMessages(e)).contains("'tags'").contains("ARRAY<INT>"));
    }

    @Test
    void ddlMismatchWithExistingTableNamesTheDifference() throws Exception {
        Path p = dir.resolve("mm");
        TableEnvironment t = StrataSqlTestSupport.batch();
        t.executeSql(
                "CREATE TABLE a (id BIGINT, v INT) WITH ('connector' = 'strata', 'path' = "
                        + quote(p)
                        + ")");
        t.executeSql("INSERT INTO a VALUES (1, 1)").await();
        t.executeSql(
                "CREATE TABLE b (id BIGINT, v BIGINT) WITH ('connector' = 'strata', 'path' = "
                        + quote(p)
                        + ")");
        assertThatThrownBy(() -> t.executeSql("INSERT INTO b VALUES (1, 1)"))
                .satisfies(
                        e ->
                                assertThat(rootMessages(e))
                                        .contains("does not match")
                                        .contains("column 'v': DDL type BIGINT, table INT"));
        t.executeSql(
                "CREATE TABLE c (id BIGINT, v INT) DISTRIBUTED INTO 5 BUCKETS "
                        + "WITH ('connector' = 'strata', 'path' = "
                        + quote(p)
                        + ")");
        assertThatThrownBy(() -> t.executeSql("INSERT INTO c VALUES (1, 1)"))
                .satisfies(e -> assertThat(rootMessages(e)).contains("buckets: DDL 5, table 1"));
        // A DDL that leaves buckets/distribution open adopts the table's (here created with 3).
        Path q = dir.resolve("mm3");
        t.executeSql(
                "CREATE TABLE d3 (id BIGINT, v INT) DISTRIBUTED BY HASH(id) INTO 3 BUCKETS "
                        + "WITH ('connector' = 'strata', 'path' = "
                        + quote(q)
                        + ")");
        t.executeSql("INSERT INTO d3 VALUES (1, 1)").await();
        t.executeSql(
                "CREATE TABLE d4 (id BIGINT, v INT) WITH ('connector' = 'strata', 'path' = "
                        + quote(q)
                        + ")");
        t.executeSql("INSERT INTO d4 VALUES (2, 2)").await();
        assertThat(rows(q)).isEqualTo(sorted("[1, 1]", "[2, 2]"));
    }

    @Test
    void unknownOptionErrorListsValidOptions() {
        TableEnvironment t = StrataSqlTestSupport.batch();
        t.executeSql(
                "CREATE TABLE o (id INT) WITH ('connector' = 'strata', 'sink.strikt' = 'false', "
                        + "'path' = "
                        + quote(dir.resolve("o"))
                        + ")");
        assertThatThrownBy(() -> t.executeSql("INSERT INTO o VALUES (1)"))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("sink.strikt")
                                        .contains("sink.strict")
                                        .contains("bloom-filter.columns")
                                        .contains("table.keys-type"));
    }
}
