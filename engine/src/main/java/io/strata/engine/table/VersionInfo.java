package io.strata.engine.table;

/**
 * One retained published version: its number, label, publish time, rows added, and the Flink commit
 * user / checkpoint id that published it (null / -1 outside Flink).
 */
public record VersionInfo(
        long version,
        String label,
        long timestampMillis,
        long numRows,
        String commitUser,
        long checkpointId,
        boolean isDelete) {}
