package io.strata.connector.sink;

import java.util.Arrays;
import java.util.Objects;

/**
 * What one writer subtask produced for one checkpoint: the engine's serialized {@code TxnCommit}
 * (committed, invisible rowsets), the subtask index and the checkpoint id. Immutable. Serialized
 * with {@link StrataWriteResultSerializer} (version 1).
 */
public final class StrataWriteResult {
    private final byte[] txnCommit;
    private final int subtask;
    private final long checkpointId;

    public StrataWriteResult(byte[] txnCommit, int subtask, long checkpointId) {
        this.txnCommit = Objects.requireNonNull(txnCommit, "txnCommit");
        this.subtask = subtask;
        this.checkpointId = checkpointId;
    }

    /** Bytes of {@code io.strata.engine.table.TxnCommit#toBytes()}. Do not modify. */
    public byte[] txnCommit() {
        return txnCommit;
    }

    public int subtask() {
        return subtask;
    }

    public long checkpointId() {
        return checkpointId;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StrataWriteResult)) {
            return false;
        }
        StrataWriteResult r = (StrataWriteResult) o;
        return subtask == r.subtask
                && checkpointId == r.checkpointId
                && Arrays.equals(txnCommit, r.txnCommit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subtask, checkpointId, Arrays.hashCode(txnCommit));
    }

    @Override
    public String toString() {
        return "StrataWriteResult{subtask="
                + subtask
                + ", checkpoint="
                + checkpointId
                + ", bytes="
                + txnCommit.length
                + "}";
    }
}
