package io.strata.engine.table;

/**
 * A point-in-time snapshot of a {@link TabletsChannel}'s counters (cumulative since the channel
 * opened, except {@code memtableBytes} which is current).
 */
public record ChannelMetrics(
        long memtableBytes,
        long flushCount,
        long flushNanos,
        long segments,
        long rowsets,
        long rowsWritten,
        long bytesWritten,
        long openWriters) {}
