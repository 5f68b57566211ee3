package io.strata.docs;

import io.strata.connector.StrataSinkOptions;
import io.strata.connector.table.StrataConnectorOptions;

import org.apache.flink.configuration.ConfigOption;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails when an option of the SQL connector ({@link StrataConnectorOptions}) or of the DataStream
 * sink ({@link StrataSinkOptions}) has no row in {@code docs/configuration.md}, so the reference
 * cannot silently fall behind the code.
 */
class ConfigurationDocTest {

    private static String doc() throws Exception {
        Path p = Path.of("..", "docs", "configuration.md");
        if (!Files.exists(p)) {
            p = Path.of("docs", "configuration.md"); // run from the repository root
        }
        return Files.readString(p);
    }

    /** The table rows of the doc: lines starting with "| `key`". */
    private static List<String> rows(String doc) {
        List<String> rows = new ArrayList<>();
        for (String line : doc.split("\n")) {
            if (line.startsWith("| `")) {
                rows.add(line);
            }
        }
        return rows;
    }

    private static String rowOf(List<String> rows, String key) {
        for (String r : rows) {
            if (r.startsWith("| `" + key + "` |")) {
                return r;
            }
        }
        return null;
    }

    @Test
    void everyConnectorOptionIsDocumentedWithTypeAndDefault() throws Exception {
        List<String> rows = rows(doc());
        List<String> keys = new ArrayList<>();
        for (Field f : StrataConnectorOptions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                ConfigOption<?> o = (ConfigOption<?>) f.get(null);
                keys.add(o.key());
                String row = rowOf(rows, o.key());
                assertThat(row).as("docs/configuration.md row for '%s'", o.key()).isNotNull();
                // | key | type | default | meaning |
                assertThat(row.split("\\|")).as("columns of the row for '%s'", o.key()).hasSize(5);
                if (o.hasDefaultValue()) {
                    assertThat(row.toLowerCase())
                            .as("default of '%s'", o.key())
                            .contains(String.valueOf(o.defaultValue()).toLowerCase());
                }
            }
        }
        assertThat(keys).contains("path", "sink.memtable.size", "compression");
    }

    @Test
    void everySinkOptionIsDocumented() throws Exception {
        List<String> rows = rows(doc());
        int n = 0;
        for (Field f : StrataSinkOptions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())
                    && f.getType() == String.class
                    && ((String) f.get(null)).startsWith("sink.")) {
                String key = (String) f.get(null);
                assertThat(rowOf(rows, key))
                        .as("docs/configuration.md row for '%s'", key)
                        .isNotNull();
                n++;
            }
        }
        assertThat(n).isGreaterThanOrEqualTo(8);
    }

    @Test
    void rowsAreDetected() {
        List<String> rows = rows("| key | type |\n| `a.b` | Integer | 1 | x |\n");
        assertThat(rowOf(rows, "a.b")).isNotNull();
        assertThat(rowOf(rows, "a")).isNull();
    }
}
