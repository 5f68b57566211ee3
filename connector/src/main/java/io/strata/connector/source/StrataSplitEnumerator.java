package io.strata.connector.source;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;

/**
 * Hands out the planned splits one at a time to readers that ask (so fast readers take more
 * splits), and tells a reader there are no more splits once the queue is empty. Splits returned by
 * a failed reader go back to the queue. Runs on the enumerator thread only.
 */
public final class StrataSplitEnumerator
        implements SplitEnumerator<StrataSourceSplit, StrataEnumeratorState> {
    private final SplitEnumeratorContext<StrataSourceSplit> context;
    private final ArrayDeque<StrataSourceSplit> pending;

    public StrataSplitEnumerator(
            SplitEnumeratorContext<StrataSourceSplit> context, List<StrataSourceSplit> splits) {
        this.context = context;
        this.pending = new ArrayDeque<>(splits);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        StrataSourceSplit next = pending.poll();
        if (next != null) {
            context.assignSplit(next, subtaskId);
        } else {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    @Override
    public void addSplitsBack(List<StrataSourceSplit> splits, int subtaskId) {
        // Put them first: they were handed out earlier and may hold partially read progress.
        for (int i = splits.size() - 1; i >= 0; i--) {
            pending.addFirst(splits.get(i));
        }
    }

    @Override
    public void addReader(int subtaskId) {
        // Readers ask for splits themselves.
    }

    @Override
    public StrataEnumeratorState snapshotState(long checkpointId) {
        return new StrataEnumeratorState(List.copyOf(pending));
    }

    @Override
    public void close() {}

    /** Splits not yet assigned (for tests). */
    List<StrataSourceSplit> pending() {
        return Collections.unmodifiableList(List.copyOf(pending));
    }
}
