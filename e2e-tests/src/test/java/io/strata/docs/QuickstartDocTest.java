package io.strata.docs;

import io.strata.cli.SqlCommand;
import io.strata.examples.DataStreamQuickstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the examples of {@code docs/quickstart.md} as written: the SQL script through {@code strata
 * sql -f} (paths moved into a temp dir) and the DataStream code, which must appear verbatim in the
 * doc as it is in {@link DataStreamQuickstart}.
 */
class QuickstartDocTest {
    @TempDir Path dir;

    private static Path docs() {
        Path p = Path.of("..", "docs");
        return Files.exists(p.resolve("quickstart.md")) ? p : Path.of("docs");
    }

    private static String block(String doc, String lang) {
        int start = doc.indexOf("```" + lang + "\n");
        assertThat(start).as("a ```%s block in docs/quickstart.md", lang).isNotNegative();
        start += lang.length() + 4;
        return doc.substring(start, doc.indexOf("```", start));
    }

    private static String squash(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }

    @Test
    void sqlExampleRunsAsWritten() throws Exception {
        String sql = block(Files.readString(docs().resolve("quickstart.md")), "sql");
        Path script = dir.resolve("quickstart.sql");
        Files.writeString(script, sql.replace("strata-warehouse/", dir + "/"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int rc = new SqlCommand().run(new String[] {"-f", script.toString()}, out, out);
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(printed).isZero();
        // the upsert replaced alice's first order; the aggregate summed two rows of one day
        assertThat(printed).contains("11.00").doesNotContain("10.50 |");
        assertThat(printed).contains("15.50");
    }

    @Test
    void dataStreamExampleIsTheDocumentedCodeAndRuns() throws Exception {
        String source =
                Files.readString(
                        Path.of("src/main/java/io/strata/examples/DataStreamQuickstart.java"));
        String region =
                source.substring(
                        source.indexOf("// [quickstart-datastream]")
                                + "// [quickstart-datastream]".length(),
                        source.indexOf("// [/quickstart-datastream]"));
        String doc = block(Files.readString(docs().resolve("quickstart.md")), "java");
        assertThat(squash(doc)).contains(squash(region));

        long rows = DataStreamQuickstart.run(dir.resolve("users").toString());
        assertThat(rows).isEqualTo(2); // ids 1 and 2; the second row of id 1 replaced the first
    }
}
