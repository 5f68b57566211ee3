package io.strata.connector.table;

import io.strata.connector.fs.FlinkFileIO;
import io.strata.engine.io.FileIO;

/**
 * Picks the {@link FileIO} for a table path on the client (planning, DELETE, DDL checks): the
 * engine's local implementation for plain paths and {@code file:} URIs, Flink's file systems
 * otherwise.
 */
final class StrataFileIOs {
    private StrataFileIOs() {}

    static FileIO forPath(String path) {
        return FlinkFileIO.forPath(path);
    }
}
