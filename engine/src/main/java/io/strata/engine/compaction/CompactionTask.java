package io.strata.engine.compaction;

import io.strata.proto.olap.RowsetMetaPB;

import java.util.List;

/**
 * One compaction chosen by {@link CompactionPolicy}: a run of consecutive live rowsets of one
 * tablet (oldest first). Base compaction's run starts with the tablet's oldest rowset, so it may
 * apply DELETE predicates and drop delete-sign rows; cumulative compaction's run holds no DELETE
 * predicate rowset.
 */
public record CompactionTask(
        Type type, long tabletId, long partitionId, int bucket, List<RowsetMetaPB> inputs) {
    /** Doris's two kinds of compaction. */
    public enum Type {
        CUMULATIVE,
        BASE
    }

    public CompactionTask {
        inputs = List.copyOf(inputs);
        if (inputs.size() < 2) {
            throw new IllegalArgumentException("a compaction needs >= 2 input rowsets");
        }
    }

    /** First version covered by the output. */
    public long startVersion() {
        return inputs.get(0).getStartVersion();
    }

    /** Last version covered by the output. */
    public long endVersion() {
        return inputs.get(inputs.size() - 1).getEndVersion();
    }

    /** Bytes on disk of the inputs. */
    public long inputBytes() {
        long n = 0;
        for (RowsetMetaPB r : inputs) {
            n += r.getTotalDiskSize();
        }
        return n;
    }

    /** Rows of the inputs (before merging). */
    public long inputRows() {
        long n = 0;
        for (RowsetMetaPB r : inputs) {
            n += r.getNumRows();
        }
        return n;
    }
}
