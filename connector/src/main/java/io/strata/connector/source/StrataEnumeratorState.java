package io.strata.connector.source;

import java.util.List;

/**
 * Checkpointed state of the split enumerator: the splits not yet assigned to a reader (splits
 * assigned before the checkpoint are in the readers' state). Immutable.
 */
public record StrataEnumeratorState(List<StrataSourceSplit> pendingSplits) {
    public StrataEnumeratorState {
        pendingSplits = List.copyOf(pendingSplits);
    }
}
