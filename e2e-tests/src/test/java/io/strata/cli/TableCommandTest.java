package io.strata.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TableCommandTest {
    @TempDir Path dir;
    String out;
    String err;

    int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int rc =
                StrataCli.run(
                        args,
                        new PrintStream(o, true, StandardCharsets.UTF_8),
                        new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return rc;
    }

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static final String UNIQUE_SCHEMA =
            "{\"keysType\":\"UNIQUE_KEYS\",\"columns\":["
                    + "{\"name\":\"k1\",\"type\":\"INT\",\"nullable\":false,\"key\":true},"
                    + "{\"name\":\"dt\",\"type\":\"DATE\",\"nullable\":false,\"key\":true},"
                    + "{\"name\":\"name\",\"type\":\"VARCHAR(16)\",\"aggregation\":\"REPLACE\"},"
                    + "{\"name\":\"amount\",\"type\":\"DECIMAL(10,2)\",\"aggregation\":\"REPLACE\"}]}";

    @Test
    void uniqueTableLifecycle() throws Exception {
        String t = dir.resolve("t").toString();
        Path schema = file("s.json", UNIQUE_SCHEMA);
        assertThat(
                        run(
                                "table",
                                "create",
                                t,
                                "--schema",
                                schema.toString(),
                                "--buckets",
                                "2",
                                "--partition-by",
                                "dt"))
                .as(err)
                .isEqualTo(0);
        assertThat(run("table", "create", t, "--schema", schema.toString())).isEqualTo(1);
        assertThat(err).contains("already exists");

        Path csv1 =
                file(
                        "a.csv",
                        "k1,dt,name,amount\n"
                                + "1,2024-01-01,one,1.50\n"
                                + "2,2024-01-01,\"two, too\",2.00\n"
                                + "3,2024-02-01,three,\n"
                                + "1,2024-01-01,uno,1.75\n");
        assertThat(run("load", t, "--csv", csv1.toString(), "--label", "l1")).as(err).isEqualTo(0);
        assertThat(out).contains("version 1");
        assertThat(run("load", t, "--csv", csv1.toString(), "--label", "l1")).isEqualTo(0);
        assertThat(out).contains("already published as version 1");

        assertThat(run("scan", t)).isEqualTo(0);
        assertThat(lines(out))
                .containsExactlyInAnyOrder(
                        "k1,dt,name,amount",
                        "1,2024-01-01,uno,1.75",
                        "2,2024-01-01,\"two, too\",2.00",
                        "3,2024-02-01,three,");

        // upsert + delete-sign row
        Path csv2 =
                file(
                        "b.csv",
                        "k1,dt,name,amount,__DORIS_DELETE_SIGN__\n"
                                + "2,2024-01-01,deleted,0,1\n"
                                + "4,2024-02-01,four,4.00,0\n");
        assertThat(run("load", t, "--csv", csv2.toString(), "--label", "l2")).as(err).isEqualTo(0);
        assertThat(run("scan", t, "--columns", "k1,name")).isEqualTo(0);
        assertThat(lines(out)).containsExactlyInAnyOrder("k1,name", "1,uno", "3,three", "4,four");

        assertThat(run("delete", t, "--where", "k1 IN (3, 9) AND dt >= '2024-02-01'"))
                .as(err)
                .isEqualTo(0);
        assertThat(out).contains("version 3");
        assertThat(run("scan", t, "--columns", "k1", "--format", "json")).isEqualTo(0);
        assertThat(lines(out)).containsExactlyInAnyOrder("{\"k1\":1}", "{\"k1\":4}");
        // time travel
        assertThat(run("scan", t, "--version", "1", "--columns", "k1", "--where", "k1 > 1"))
                .isEqualTo(0);
        assertThat(lines(out)).containsExactlyInAnyOrder("k1", "2", "3");
        // a value-column delete on a UNIQUE table is refused
        assertThat(run("delete", t, "--where", "name = 'uno'")).isEqualTo(1);
        assertThat(err).contains("key columns only");
        assertThat(run("delete", t, "--where", "k1 = 'x'")).isEqualTo(1);
        assertThat(err).contains("k1").contains("'x'");
        assertThat(run("delete", t, "--where", "k1 === 1")).isEqualTo(1);

        assertThat(run("info", t, "--json")).isEqualTo(0);
        assertThat(out).contains("\"latestVersion\":3").contains("\"partitions\":2");
        assertThat(run("info", t)).isEqualTo(0);
        assertThat(out).contains("label=l2");
        assertThat(run("verify", t)).as(err).isEqualTo(0);
        assertThat(out).startsWith("OK: 3 versions");
        assertThat(run("stats", t)).as(err).isEqualTo(0);
        assertThat(out)
                .contains("at version 3")
                .contains("k1")
                .contains("short-key index")
                .doesNotContain("unattributed");

        // corrupt one segment: verify fails naming the file
        Path seg;
        try (Stream<Path> s = Files.walk(dir.resolve("t/data"))) {
            seg = s.filter(p -> p.toString().endsWith(".dat")).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(seg);
        b[b.length / 2] ^= 0x5A;
        Files.write(seg, b);
        assertThat(run("verify", t)).isEqualTo(1);
        assertThat(err).contains(seg.getFileName().toString());
    }

    @Test
    void cleanRemovesOnlyUnreferencedFiles() throws Exception {
        String t = dir.resolve("t").toString();
        Path schema =
                file(
                        "s.json",
                        "{\"keysType\":\"DUP_KEYS\",\"columns\":[{\"name\":\"k\",\"type\":\"BIGINT\",\"key\":true}]}");
        assertThat(run("table", "create", t, "--schema", schema.toString())).isEqualTo(0);
        assertThat(run("load", t, "--csv", file("a.csv", "k\n1\n2\n").toString())).isEqualTo(0);
        Path orphan = dir.resolve("t/data/0/99/1/02ffff_0.dat");
        Files.createDirectories(orphan.getParent());
        Files.writeString(orphan, "garbage");
        assertThat(run("clean", t, "--min-age-seconds", "0", "--dry-run")).isEqualTo(0);
        assertThat(out).contains("would delete").contains("02ffff_0.dat");
        assertThat(orphan).exists();
        assertThat(run("clean", t, "--min-age-seconds", "0")).isEqualTo(0);
        assertThat(orphan).doesNotExist();
        assertThat(run("scan", t)).isEqualTo(0);
        assertThat(lines(out)).containsExactlyInAnyOrder("k", "1", "2");
        assertThat(run("verify", t)).isEqualTo(0);
    }

    @Test
    void compactMergesRowsetsAndCleanExpiresReplacedFiles() throws Exception {
        String t = dir.resolve("t").toString();
        Path schema =
                file(
                        "s.json",
                        "{\"keysType\":\"DUP_KEYS\",\"columns\":[{\"name\":\"k\",\"type\":\"BIGINT\",\"key\":true}]}");
        assertThat(run("table", "create", t, "--schema", schema.toString())).isEqualTo(0);
        for (int i = 0; i < 6; i++) {
            assertThat(run("load", t, "--csv", file("a" + i + ".csv", "k\n" + i + "\n").toString()))
                    .isEqualTo(0);
        }
        assertThat(run("compact", t, "--full")).isEqualTo(0);
        assertThat(out).contains("max rowsets per tablet").contains("-> 1");
        assertThat(run("scan", t)).isEqualTo(0);
        assertThat(lines(out)).containsExactlyInAnyOrder("k", "0", "1", "2", "3", "4", "5");
        long before;
        try (var files = Files.walk(dir.resolve("t/data"))) {
            before = files.filter(Files::isRegularFile).count();
        }
        assertThat(run("clean", t, "--older-than", "1h", "--retain", "1")).isEqualTo(0);
        assertThat(out).contains("expired");
        long after;
        try (var files = Files.walk(dir.resolve("t/data"))) {
            after = files.filter(Files::isRegularFile).count();
        }
        assertThat(after).isLessThan(before);
        assertThat(run("scan", t)).isEqualTo(0);
        assertThat(lines(out)).containsExactlyInAnyOrder("k", "0", "1", "2", "3", "4", "5");
        assertThat(run("verify", t)).isEqualTo(0);
        assertThat(run("clean", t, "--older-than", "soon")).isEqualTo(2);
    }

    @Test
    void compactWithFlinkRunsTheBatchJobAndPrintsTheSameSummary() throws Exception {
        String t = dir.resolve("tf").toString();
        Path schema = file("s.json", UNIQUE_SCHEMA);
        assertThat(run("table", "create", t, "--schema", schema.toString(), "--buckets", "2"))
                .isZero();
        for (int i = 0; i < 4; i++) {
            StringBuilder csv = new StringBuilder("k1,dt,name,amount\n");
            for (int j = 0; j < 8; j++) {
                csv.append(j * 10 + i % 2).append(",2024-01-0").append(j % 3 + 1);
                csv.append(",n").append(i).append(',').append(i).append(".5\n");
            }
            assertThat(run("load", t, "--csv", file("f" + i + ".csv", csv.toString()).toString()))
                    .isZero();
        }
        assertThat(run("scan", t)).isZero();
        List<String> before = lines(out);
        assertThat(run("compact", t, "--parallelism", "2")).isEqualTo(2);
        assertThat(run("compact", t, "--flink", "--parallelism", "2", "--full")).isZero();
        assertThat(out)
                .containsPattern(
                        "compacted: 2 compaction\\(s\\) in 1 round\\(s\\), \\d+ bytes read")
                .contains("max rowsets per tablet 4 -> 1; now version 5");
        assertThat(run("scan", t)).isZero();
        assertThat(lines(out)).isEqualTo(before);
        assertThat(run("verify", t)).isZero();
    }

    static List<String> lines(String s) {
        return s.lines().toList();
    }

    @Test
    void keyedScanIsInKeyOrderAcrossTablets() throws Exception {
        String t = dir.resolve("ordered").toString();
        Path schema = file("s.json", UNIQUE_SCHEMA);
        assertThat(run("table", "create", t, "--schema", schema.toString(), "--buckets", "4"))
                .isZero();
        StringBuilder csv = new StringBuilder("k1,dt,name,amount\n");
        for (int k = 60; k >= 1; k--) {
            csv.append(k)
                    .append(",2024-01-0")
                    .append(1 + k % 3)
                    .append(",n")
                    .append(k)
                    .append(",1\n");
        }
        assertThat(run("load", t, "--csv", file("rows.csv", csv.toString()).toString())).isZero();
        // Project a value column only: ordering must still follow the (unprojected) keys.
        assertThat(run("scan", t, "--columns", "name")).as(err).isZero();
        List<String> lines = out.lines().skip(1).toList();
        assertThat(lines).hasSize(60);
        for (int k = 1; k <= 60; k++) {
            assertThat(lines.get(k - 1)).isEqualTo("n" + k);
        }
    }
}
