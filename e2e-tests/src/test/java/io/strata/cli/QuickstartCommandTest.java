package io.strata.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The quickstart job end to end on a small row count, run twice on one warehouse. */
class QuickstartCommandTest {
    @TempDir Path dir;

    @Test
    void ingestsExactlyTheRequestedRowsAndRerunsFresh() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        int rc =
                StrataCli.run(
                        new String[] {
                            "quickstart", "--rows", "20000", "--warehouse", dir.toString()
                        },
                        out,
                        out);
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(text).isZero();
        assertThat(text)
                .contains("rows        20,000")
                .contains("OK: exactly 20,000 rows landed")
                .contains("tablets     ")
                .contains("sample rows");
        assertThat(Files.isDirectory(dir.resolve("lineitem"))).isTrue();

        buf.reset();
        rc = QuickstartCommand.run(3000, dir, 1, out);
        text = buf.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(text).isZero();
        assertThat(text).contains("Removing the previous table").contains("rows        3,000");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        assertThat(StrataCli.run(new String[] {"quickstart", "--rowz", "5"}, out, out))
                .isEqualTo(2);
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("--rowz");
    }

    @Test
    void generatorIsDeterministicAndKeysAreUnique() {
        LineitemGenerator g = new LineitemGenerator();
        assertThat(g.map(12345L)).isEqualTo(new LineitemGenerator().map(12345L));
        assertThat(g.map(0L).getField(0)).isEqualTo(1L);
        assertThat(g.map(3L).getField(0)).isEqualTo(1L);
        assertThat(g.map(4L).getField(0)).isEqualTo(2L);
        assertThat(g.map(7L).getField(3)).isEqualTo(4);
        for (long i = 0; i < 2000; i++) {
            String comment = (String) g.map(i).getField(15);
            assertThat(comment.length()).isLessThanOrEqualTo(44);
        }
    }
}
