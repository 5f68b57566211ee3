package io.strata.connector.source;

import io.strata.connector.fs.FlinkFileIO;
import io.strata.engine.block.Block;
import io.strata.engine.segment.ReadStats;
import io.strata.engine.table.Table;
import io.strata.engine.util.CloseableIterator;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads assigned splits one after another on the task thread, one engine block per {@link
 * #pollNext} call (converted column-wise into RowData). Asks the enumerator for a split whenever it
 * has none. Its checkpoint holds the split in progress with the number of rows already emitted (the
 * split is re-read and that many rows skipped on restore) plus the splits not started. Stops after
 * {@code limit} rows when the scan has a limit.
 *
 * <p>Metrics (reader metric group): {@code strataRowsRead}, {@code strataSegmentsTotal}, {@code
 * strataSegmentsPruned}, {@code strataPagesTotal}, {@code strataPagesRead}, {@code
 * strataPagesPruned}, {@code strataRowsScanned}, {@code strataBytesRead} (engine {@link
 * ReadStats}).
 */
public final class StrataSourceReader implements SourceReader<RowData, StrataSourceSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(StrataSourceReader.class);

    private final SourceReaderContext context;
    private final ScanSpec spec;
    private final ReadStats stats = new ReadStats();
    private final AtomicLong rowsRead = new AtomicLong();
    private final ArrayDeque<StrataSourceSplit> splits = new ArrayDeque<>();
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private boolean noMoreSplits;
    private boolean requested;
    private Table table;
    private StrataSourceSplit current;
    private CloseableIterator<Block> it;
    private long emittedInSplit;
    private long toSkip;

    public StrataSourceReader(SourceReaderContext context, ScanSpec spec) {
        this.context = context;
        this.spec = spec;
        MetricGroup g = context.metricGroup();
        g.gauge("strataRowsRead", rowsRead::get);
        g.gauge("strataSegmentsTotal", stats.segmentsTotal::get);
        g.gauge("strataSegmentsPruned", stats.segmentsPruned::get);
        g.gauge("strataPagesTotal", stats.pagesTotal::get);
        g.gauge("strataPagesRead", stats.pagesRead::get);
        g.gauge("strataPagesPruned", stats.pagesPruned::get);
        g.gauge("strataRowsScanned", stats.rowsScanned::get);
        g.gauge("strataBytesRead", stats.bytesRead::get);
    }

    @Override
    public void start() {}

    @Override
    public InputStatus pollNext(ReaderOutput<RowData> output) throws Exception {
        while (true) {
            if (spec.limit() >= 0 && rowsRead.get() >= spec.limit()) {
                closeSplit();
                return InputStatus.END_OF_INPUT;
            }
            if (it == null) {
                StrataSourceSplit next = splits.poll();
                if (next == null) {
                    if (noMoreSplits) {
                        return InputStatus.END_OF_INPUT;
                    }
                    if (!requested) {
                        requested = true;
                        context.sendSplitRequest();
                    }
                    if (available.isDone()) {
                        available = new CompletableFuture<>();
                    }
                    return InputStatus.NOTHING_AVAILABLE;
                }
                openSplit(next);
            }
            Block b = it.next();
            if (b == null) {
                closeSplit();
                continue;
            }
            int n = b.rowCount();
            int from = 0;
            if (toSkip > 0) {
                from = (int) Math.min(toSkip, n);
                toSkip -= from;
                emittedInSplit += from;
            }
            int count = n - from;
            if (spec.limit() >= 0) {
                count = (int) Math.min(count, spec.limit() - rowsRead.get());
            }
            if (count <= 0) {
                continue;
            }
            GenericRowData[] rows = BlockConverter.toRows(b, from, count);
            for (GenericRowData r : rows) {
                output.collect(r);
            }
            emittedInSplit += count;
            rowsRead.addAndGet(count);
            return InputStatus.MORE_AVAILABLE;
        }
    }

    private void openSplit(StrataSourceSplit s) throws IOException {
        if (table == null) {
            table = Table.open(FlinkFileIO.forPath(spec.tablePath()), spec.tablePath());
        }
        current = s;
        emittedInSplit = 0;
        toSkip = s.rowsToSkip();
        it =
                table.newScan()
                        .version(s.tabletSplit().version())
                        .project(spec.columns())
                        .filter(PredicateSpec.toPredicates(spec.predicates()))
                        .stats(stats)
                        .batchSize(spec.batchSize())
                        .open(s.tabletSplit());
    }

    private void closeSplit() throws IOException {
        if (it != null) {
            CloseableIterator<Block> c = it;
            it = null;
            current = null;
            c.close();
        }
    }

    @Override
    public List<StrataSourceSplit> snapshotState(long checkpointId) {
        List<StrataSourceSplit> out = new ArrayList<>();
        if (current != null) {
            out.add(current.withRowsToSkip(emittedInSplit));
        }
        out.addAll(splits);
        return out;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        if (!splits.isEmpty() || noMoreSplits) {
            return CompletableFuture.completedFuture(null);
        }
        return available;
    }

    @Override
    public void addSplits(List<StrataSourceSplit> newSplits) {
        splits.addAll(newSplits);
        requested = false;
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    /** Engine read counters of this reader (pruning versus reading). */
    public ReadStats stats() {
        return stats;
    }

    /** Rows emitted so far. */
    public long rowsRead() {
        return rowsRead.get();
    }

    @Override
    public void close() throws Exception {
        try {
            closeSplit();
        } finally {
            if (table != null) {
                table.close();
                table = null;
            }
        }
        LOG.info("Strata reader {}: {} rows, {}", spec.tablePath(), rowsRead.get(), stats);
    }
}
