package io.strata.engine.table;

import java.io.IOException;

/** {@link Table#create} found a table at the path. */
public final class TableAlreadyExistsException extends IOException {
    public TableAlreadyExistsException(String path) {
        super("table already exists at " + path);
    }
}
