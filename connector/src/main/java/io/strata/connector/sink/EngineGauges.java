package io.strata.connector.sink;

import io.strata.engine.table.ChannelMetrics;

import org.apache.flink.metrics.MetricGroup;

import java.util.function.Supplier;

/**
 * Exposes the engine channel's {@link ChannelMetrics} as Flink gauges. Gauges read a snapshot the
 * task thread refreshes: the channel itself is not thread-safe and metric reporters run on their
 * own threads.
 */
final class EngineGauges {
    private EngineGauges() {}

    static void register(MetricGroup group, Supplier<ChannelMetrics> metrics) {
        group.gauge("memtableBytes", () -> metrics.get().memtableBytes());
        group.gauge("flushCount", () -> metrics.get().flushCount());
        group.gauge("flushMillis", () -> metrics.get().flushNanos() / 1_000_000L);
        group.gauge("segmentsWritten", () -> metrics.get().segments());
        group.gauge("rowsetsWritten", () -> metrics.get().rowsets());
        group.gauge("openTabletWriters", () -> metrics.get().openWriters());
    }
}
