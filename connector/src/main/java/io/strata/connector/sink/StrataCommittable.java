package io.strata.connector.sink;

import java.util.Arrays;
import java.util.Objects;

/**
 * One table transaction per checkpoint: every writer subtask's rowsets of checkpoint {@code
 * checkpointId}, merged, published under the label {@code <commitUser>-<checkpointId>}. The commit
 * user travels inside the committable, so a committable restored from a savepoint by a new job is
 * still recognised as already published. Immutable; serialized with {@link
 * StrataCommittableSerializer} (version 1).
 */
public final class StrataCommittable {
    private final String commitUser;
    private final long checkpointId;
    private final byte[] txnCommit;

    public StrataCommittable(String commitUser, long checkpointId, byte[] txnCommit) {
        this.commitUser = Objects.requireNonNull(commitUser, "commitUser");
        this.checkpointId = checkpointId;
        this.txnCommit = Objects.requireNonNull(txnCommit, "txnCommit");
    }

    /** The idempotency label of the publish: {@code <commitUser>-<checkpointId>}. */
    public static String label(String commitUser, long checkpointId) {
        return commitUser + "-" + checkpointId;
    }

    public String label() {
        return label(commitUser, checkpointId);
    }

    public String commitUser() {
        return commitUser;
    }

    public long checkpointId() {
        return checkpointId;
    }

    /** Bytes of the merged {@code io.strata.engine.table.TxnCommit}. Do not modify. */
    public byte[] txnCommit() {
        return txnCommit;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StrataCommittable)) {
            return false;
        }
        StrataCommittable c = (StrataCommittable) o;
        return checkpointId == c.checkpointId
                && commitUser.equals(c.commitUser)
                && Arrays.equals(txnCommit, c.txnCommit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(commitUser, checkpointId, Arrays.hashCode(txnCommit));
    }

    @Override
    public String toString() {
        return "StrataCommittable{label=" + label() + ", bytes=" + txnCommit.length + "}";
    }
}
