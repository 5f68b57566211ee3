package io.strata.connector.sink;

import io.strata.engine.table.ChannelMetrics;
import io.strata.engine.table.TabletsChannel;
import io.strata.engine.table.TxnCommit;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * Writer metrics: the FLIP-33 sink metrics ({@code numRecordsSend}, {@code numBytesSend}, {@code
 * numRecordsSendErrors}, {@code currentSendTime}) and Strata gauges under the writer group: {@code
 * filteredRows}, {@code rowsetsCommitted}, {@code rowsCommitted}, and the engine channel's memtable
 * bytes, flush count/duration, segments and rowsets written.
 */
final class SinkMetrics {
    private final Counter numRecordsSend;
    private final Counter numBytesSend;
    private final Counter numRecordsSendErrors;
    private volatile long lastSendNanos;
    private volatile long filtered;
    private volatile long rowsetsCommitted;
    private volatile long rowsCommitted;
    private final TabletsChannel channel;
    private final SinkWriterMetricGroup group;
    private volatile ChannelMetrics channelMetrics;

    SinkMetrics(SinkWriterMetricGroup group, TabletsChannel channel) {
        this.numRecordsSend = group.getNumRecordsSendCounter();
        this.numBytesSend = group.getNumBytesSendCounter();
        this.numRecordsSendErrors = group.getNumRecordsSendErrorsCounter();
        group.setCurrentSendTimeGauge(() -> lastSendNanos / 1_000_000L);
        group.gauge("filteredRows", () -> filtered);
        group.gauge("rowsetsCommitted", () -> rowsetsCommitted);
        group.gauge("rowsCommitted", () -> rowsCommitted);
        this.channel = channel;
        this.group = group;
        this.channelMetrics = channel.metrics();
        EngineGauges.register(group, () -> channelMetrics);
    }

    /** Compaction gauges of this writer. */
    void compaction(io.strata.engine.compaction.BackgroundCompactor c) {
        group.gauge("compactionScore", c::maxScore);
        group.gauge("maxRowsetsPerTablet", c::maxRowsetsPerTablet);
        group.gauge("compactedBytes", c::bytesCompacted);
        group.gauge("compactionTimeMs", () -> c.compactionNanos() / 1_000_000L);
        group.gauge("compactions", c::compactions);
    }

    void sent(int rows, long bytes, long nanos) {
        numRecordsSend.inc(rows);
        numBytesSend.inc(bytes);
        lastSendNanos = nanos;
        channelMetrics = channel.metrics();
    }

    void filtered() {
        filtered++;
        numRecordsSendErrors.inc();
    }

    long filteredTotal() {
        return filtered;
    }

    void committed(TxnCommit c) {
        rowsetsCommitted += c.numRowsets();
        rowsCommitted += c.numRows();
        channelMetrics = channel.metrics();
    }
}
