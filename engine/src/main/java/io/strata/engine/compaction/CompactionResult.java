package io.strata.engine.compaction;

import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.strata.TabletRowsetsPB;

/**
 * A finished, not yet published compaction: its task, the output rowset (durable, invisible, with
 * the inputs' version range) and what it cost. {@link #commitEntry()} is the entry that travels in
 * a {@code TxnCommit} and replaces the inputs when published.
 */
public record CompactionResult(
        CompactionTask task,
        RowsetMetaPB output,
        long bytesRead,
        long bytesWritten,
        long rowsRead,
        long rowsWritten,
        long nanos) {

    /** The commit entry: the output added, the inputs removed. */
    public TabletRowsetsPB commitEntry() {
        TabletRowsetsPB.Builder b =
                TabletRowsetsPB.newBuilder()
                        .setTabletId(task.tabletId())
                        .setPartitionId(task.partitionId())
                        .setBucket(task.bucket())
                        .addAdded(output);
        for (RowsetMetaPB r : task.inputs()) {
            b.addRemovedRowsetIds(r.getRowsetIdV2());
        }
        return b.build();
    }
}
