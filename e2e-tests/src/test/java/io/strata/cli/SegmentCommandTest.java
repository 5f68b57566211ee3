package io.strata.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentCommandTest {
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

    static final String SCHEMA =
            "{\"keysType\":\"DUP_KEYS\",\"mergeOnWrite\":false,\"sequenceColumn\":null,\"columns\":["
                    + "{\"name\":\"k1\",\"type\":\"INT\",\"nullable\":false,\"key\":true,\"aggregation\":\"NONE\",\"bloomFilter\":false,\"bitmapIndex\":false},"
                    + "{\"name\":\"name\",\"type\":\"VARCHAR(8)\",\"nullable\":true,\"bloomFilter\":true},"
                    + "{\"name\":\"d\",\"type\":\"DATE\",\"nullable\":true,\"bitmapIndex\":true},"
                    + "{\"name\":\"ts\",\"type\":\"DATETIME(6)\"},"
                    + "{\"name\":\"amount\",\"type\":\"DECIMAL(15,2)\"}]}";

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void writeDumpVerify() throws Exception {
        Path schema = file("s.json", SCHEMA);
        // header in another order; quoted field with comma and doubled quote; empty = NULL;
        // missing nullable column 'amount'... present here; rows unsorted
        Path csv =
                file(
                        "d.csv",
                        "name,k1,d,ts,amount\r\n"
                                + "\"b,\"\"x\",3,2024-01-31,2024-01-31 12:34:56.123456,12.34\r\n"
                                + ",1,,,\n"
                                + "\"\",2,2024-02-29,2024-02-29 00:00:00,-0.5\n");
        Path seg = dir.resolve("out.dat");
        assertThat(
                        run(
                                "segment",
                                "write",
                                "--schema",
                                schema.toString(),
                                "--input",
                                csv.toString(),
                                "--output",
                                seg.toString(),
                                "--compression",
                                "ZSTD"))
                .as(err)
                .isZero();
        assertThat(out).contains("3 rows");
        assertThat(run("segment", "dump", seg.toString(), "--pages", "--rows", "10"))
                .as(err)
                .isZero();
        assertThat(out)
                .contains("rows 3")
                .contains("DICT_ENCODING")
                .contains("ZSTD")
                .contains("ZONE_MAP_INDEX")
                .contains("BLOOM_FILTER_INDEX")
                .contains("BITMAP_INDEX")
                .contains("0: [1, null, null, null, null]")
                .contains("1: [2, , 2024-02-29, 2024-02-29T00:00, -0.50]")
                .contains("2: [3, b,\"x, 2024-01-31, 2024-01-31T12:34:56.123456, 12.34]")
                .contains("page 0 offset 0");
        assertThat(run("segment", "dump", seg.toString(), "--json")).as(err).isZero();
        assertThat(out.trim())
                .startsWith("{")
                .endsWith("}")
                .contains("\"numRows\":3")
                .contains("[3,\"b,\\\"x\",\"2024-01-31\"");
        assertThat(run("segment", "verify", seg.toString())).as(err).isZero();
        assertThat(out).startsWith("OK");
    }

    @Test
    void statsAttributesEveryByteOfTheFiles() throws Exception {
        Path schema = file("s.json", SCHEMA);
        Path csv =
                file(
                        "d.csv",
                        "k1,name,d,ts,amount\n"
                                + "1,abc,2024-01-31,2024-01-31 12:34:56,1.5\n"
                                + "2,,2024-02-01,,2.5\n");
        Path a = dir.resolve("a.dat");
        Path b = dir.resolve("b.dat");
        for (Path p : new Path[] {a, b}) {
            assertThat(
                            run(
                                    "segment",
                                    "write",
                                    "--schema",
                                    schema.toString(),
                                    "--input",
                                    csv.toString(),
                                    "--output",
                                    p.toString()))
                    .as(err)
                    .isZero();
        }
        long total = Files.size(a) + Files.size(b);
        assertThat(run("segment", "stats", a.toString(), b.toString())).as(err).isZero();
        assertThat(out)
                .contains(
                        String.format(
                                java.util.Locale.ROOT,
                                "2 segment file(s), 4 rows, %,d bytes",
                                total))
                .contains("c0 ") // schema-less open: columns named c<column_id>
                .contains("DICT_ENCODING")
                .contains("short-key index")
                .doesNotContain("unattributed");
        // name has a bloom filter and d a bitmap index: their columns show non-zero index bytes
        String nameLine = out.lines().filter(l -> l.startsWith("c1 ")).findFirst().orElseThrow();
        String[] f = nameLine.trim().split("\\s+");
        assertThat(f[10]).as(nameLine).isNotEqualTo("0"); // bloom column
        String dLine = out.lines().filter(l -> l.startsWith("c2 ")).findFirst().orElseThrow();
        assertThat(dLine.trim().split("\\s+")[11]).as(dLine).isNotEqualTo("0"); // bitmap
        assertThat(run("segment", "stats")).isEqualTo(2);
    }

    @Test
    void verifyFailsOnACorruptFile() throws Exception {
        Path schema = file("s.json", SCHEMA);
        Path csv = file("d.csv", "k1,name\n1,a\n2,b\n");
        Path seg = dir.resolve("out.dat");
        assertThat(
                        run(
                                "segment",
                                "write",
                                "--schema",
                                schema.toString(),
                                "--input",
                                csv.toString(),
                                "--output",
                                seg.toString()))
                .as(err)
                .isZero();
        byte[] b = Files.readAllBytes(seg);
        b[3] ^= 0x40;
        Files.write(seg, b);
        assertThat(run("segment", "verify", seg.toString())).isEqualTo(1);
        assertThat(err).contains(seg.toString()).contains("offset");
    }

    @Test
    void badInputNamesLineColumnAndValue() throws Exception {
        Path schema = file("s.json", SCHEMA);
        Path seg = dir.resolve("x.dat");
        Path csv = file("a.csv", "k1,name\n1,a\n2,toolongvalue\n");
        assertThat(
                        run(
                                "segment",
                                "write",
                                "--schema",
                                schema.toString(),
                                "--input",
                                csv.toString(),
                                "--output",
                                seg.toString()))
                .isEqualTo(1);
        assertThat(err).contains("line 3").contains("'name'").contains("toolongvalue");
        csv = file("b.csv", "k1,d\n1,2024-13-01\n");
        assertThat(
                        run(
                                "segment",
                                "write",
                                "--schema",
                                schema.toString(),
                                "--input",
                                csv.toString(),
                                "--output",
                                seg.toString()))
                .isEqualTo(1);
        assertThat(err).contains("line 2").contains("'d'").contains("2024-13-01");
        csv = file("c.csv", "k1,name\n,a\n");
        assertThat(
                        run(
                                "segment",
                                "write",
                                "--schema",
                                schema.toString(),
                                "--input",
                                csv.toString(),
                                "--output",
                                seg.toString()))
                .isEqualTo(1);
        assertThat(err).contains("line 2").contains("'k1'").contains("NOT NULL");
        csv = file("e.csv", "k1,name\nabc,a\n");
        assertThat(
                        run(
                                "segment",
                                "write",
                                "--schema",
                                schema.toString(),
                                "--input",
                                csv.toString(),
                                "--output",
                                seg.toString()))
                .isEqualTo(1);
        assertThat(err).contains("line 2").contains("'k1'").contains("abc");
        Path badSchema =
                file(
                        "bad.json",
                        "{\"columns\":[{\"name\":\"k\",\"type\":\"INTEGRAL\",\"key\":true}]}");
        assertThat(
                        run(
                                "segment",
                                "write",
                                "--schema",
                                badSchema.toString(),
                                "--input",
                                csv.toString(),
                                "--output",
                                seg.toString()))
                .isEqualTo(1);
        assertThat(err).contains("INTEGRAL");
        assertThat(Files.exists(seg)).isFalse();
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("segment")).isEqualTo(2);
        assertThat(run("segment", "frobnicate")).isEqualTo(2);
        assertThat(run("segment", "write", "--schema")).isEqualTo(2);
    }
}
