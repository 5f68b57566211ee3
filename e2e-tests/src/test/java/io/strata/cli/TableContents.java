package io.strata.cli;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.Column;
import io.strata.engine.table.Table;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads a table's visible rows with the engine scan, as sorted strings. */
final class TableContents {
    private TableContents() {}

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
        out.sort(null);
        return out;
    }
}
