package io.strata.connector.sink;

import io.strata.engine.table.ChannelMetrics;
import io.strata.engine.table.TabletsChannel;

import org.apache.flink.metrics.MetricGroup;

/** Exposes the engine channel's {@link ChannelMetrics} as Flink gauges. */
final class EngineGauges {
    private EngineGauges() {}

    static void register(MetricGroup group, TabletsChannel channel) {
        group.gauge("memtableBytes", () -> metrics(channel).memtableBytes());
        group.gauge("flushCount", () -> metrics(channel).flushCount());
        group.gauge("flushMillis", () -> metrics(channel).flushNanos() / 1_000_000L);
        group.gauge("segmentsWritten", () -> metrics(channel).segments());
        group.gauge("rowsetsWritten", () -> metrics(channel).rowsets());
    }

    private static ChannelMetrics metrics(TabletsChannel channel) {
        return channel.metrics();
    }
}
