package io.strata.connector.table;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.Column;
import io.strata.engine.table.Table;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Helpers shared by the SQL tests: environments and reading a table back with the engine. */
final class StrataSqlTestSupport {
    private StrataSqlTestSupport() {}

    static TableEnvironment streaming() {
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.interval", "300 ms");
        // Fail fast: the default restart strategy with checkpointing retries forever.
        conf.setString("restart-strategy.type", "none");
        conf.setString("parallelism.default", "2");
        return TableEnvironment.create(
                EnvironmentSettings.newInstance()
                        .inStreamingMode()
                        .withConfiguration(conf)
                        .build());
    }

    static TableEnvironment batch() {
        Configuration conf = new Configuration();
        conf.setString("parallelism.default", "2");
        conf.setString("restart-strategy.type", "none");
        return TableEnvironment.create(
                EnvironmentSettings.newInstance().inBatchMode().withConfiguration(conf).build());
    }

    /** Every visible row of the table at its latest version, as strings, sorted. */
    static List<String> rows(Path table) throws IOException {
        List<String> out = new ArrayList<>();
        try (Table t = Table.open(LocalFileIO.INSTANCE, table.toString())) {
            List<String> cols = new ArrayList<>();
            for (Column c : t.schema().columns()) {
                if (c.visible() && !c.isDeleteSign()) {
                    cols.add(c.name());
                }
            }
            try (var it = t.newScan().project(cols).open()) {
                Block b;
                while ((b = it.next()) != null) {
                    for (int r = 0; r < b.rowCount(); r++) {
                        out.add(Arrays.toString(b.getRow(r)));
                    }
                }
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    static List<String> sorted(String... rows) {
        List<String> l = new ArrayList<>(Arrays.asList(rows));
        l.sort(Comparator.naturalOrder());
        return l;
    }

    static String quote(Path p) {
        return "'" + p.toString().replace("'", "''") + "'";
    }
}
