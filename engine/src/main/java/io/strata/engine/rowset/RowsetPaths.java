package io.strata.engine.rowset;

/**
 * File names of a table's data: {@code <table>/data/<shard>/<tablet_id>/<schema_hash>/
 * <rowset_id>_<segment_id>.dat}, shard = tablet id mod {@link #SHARDS}.
 */
public final class RowsetPaths {
    public static final int SHARDS = 64;

    private RowsetPaths() {}

    public static String dataDir(String table) {
        return join(table, "data");
    }

    public static String tabletDir(String table, long tabletId, int schemaHash) {
        return dataDir(table)
                + "/"
                + Math.floorMod(tabletId, SHARDS)
                + "/"
                + tabletId
                + "/"
                + schemaHash;
    }

    public static String segmentPath(
            String table, long tabletId, int schemaHash, String rowsetId, int segmentId) {
        return tabletDir(table, tabletId, schemaHash) + "/" + rowsetId + "_" + segmentId + ".dat";
    }

    /** Joins a directory and a name with exactly one slash. */
    public static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
}
