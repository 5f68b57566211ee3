package io.strata.engine.table;

import java.io.FileNotFoundException;

/** {@link Table#open} found no table metadata at the path. */
public final class TableNotFoundException extends FileNotFoundException {
    public TableNotFoundException(String path) {
        super("no table at " + path + " (missing _meta/table.pb)");
    }
}
