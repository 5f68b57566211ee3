package io.strata.connector.sink;

import io.strata.engine.table.TxnCommit;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pre-commit operator (parallelism 1): gathers the {@link StrataWriteResult}s of all writer
 * subtasks per checkpoint and emits one {@link StrataCommittable} per checkpoint (merged TxnCommit,
 * label {@code <commitUser>-<checkpointId>}), as subtask 0 of 1 with a matching summary, so the
 * committer sees exactly one committable per checkpoint.
 *
 * <p>Writers emit their results before forwarding barrier N, so at this operator's {@code
 * prepareSnapshotPreBarrier(N)} every result of checkpoints ≤ N has arrived; they are emitted there
 * (and at end of input in {@link #endInput()}). The commit user lives in operator state: a job
 * restored from a checkpoint or savepoint keeps its original commit user, so its restored
 * committables and any replays are recognised as already published.
 */
public final class StrataCommitAggregator
        extends AbstractStreamOperator<CommittableMessage<StrataCommittable>>
        implements OneInputStreamOperator<
                        CommittableMessage<StrataWriteResult>,
                        CommittableMessage<StrataCommittable>>,
                BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private String commitUser;
    private transient TreeMap<Long, List<StrataWriteResult>> pending;
    private transient ListState<String> commitUserState;
    private transient ListState<byte[]> pendingState;

    public StrataCommitAggregator(String commitUser) {
        this.commitUser = commitUser;
    }

    /** The commit user in effect (the restored one after a restore). */
    public String commitUser() {
        return commitUser;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        pending = new TreeMap<>();
        commitUserState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "strata-commit-user", StringSerializer.INSTANCE));
        pendingState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "strata-pending-results",
                                        BytePrimitiveArraySerializer.INSTANCE));
        if (context.isRestored()) {
            Iterator<String> it = commitUserState.get().iterator();
            if (it.hasNext()) {
                commitUser = it.next();
            }
            StrataWriteResultSerializer ser = new StrataWriteResultSerializer();
            for (byte[] b : pendingState.get()) {
                add(ser.deserialize(StrataWriteResultSerializer.VERSION, b));
            }
        }
    }

    @Override
    public void processElement(StreamRecord<CommittableMessage<StrataWriteResult>> element) {
        CommittableMessage<StrataWriteResult> m = element.getValue();
        if (m instanceof CommittableWithLineage) {
            CommittableWithLineage<StrataWriteResult> l =
                    (CommittableWithLineage<StrataWriteResult>) m;
            StrataWriteResult r = l.getCommittable();
            // The lineage's checkpoint id is authoritative (the writer does not know it).
            add(new StrataWriteResult(r.txnCommit(), r.subtask(), l.getCheckpointId()));
        }
        // Summaries carry no data: the one summary per checkpoint is re-created on emit.
    }

    private void add(StrataWriteResult r) {
        pending.computeIfAbsent(r.checkpointId(), k -> new ArrayList<>()).add(r);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        emitUpTo(checkpointId);
    }

    @Override
    public void endInput() throws Exception {
        emitUpTo(Long.MAX_VALUE);
    }

    private void emitUpTo(long checkpointId) throws Exception {
        Iterator<Map.Entry<Long, List<StrataWriteResult>>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, List<StrataWriteResult>> e = it.next();
            if (e.getKey() > checkpointId) {
                break;
            }
            long cp = e.getKey();
            List<TxnCommit> parts = new ArrayList<>(e.getValue().size());
            for (StrataWriteResult r : e.getValue()) {
                parts.add(TxnCommit.fromBytes(r.txnCommit()));
            }
            TxnCommit merged = TxnCommit.merge(parts);
            it.remove();
            if (merged.isEmpty()) {
                continue;
            }
            StrataCommittable c = new StrataCommittable(commitUser, cp, merged.toBytes());
            output.collect(new StreamRecord<>(new CommittableSummary<>(0, 1, cp, 1, 0)));
            output.collect(new StreamRecord<>(new CommittableWithLineage<>(c, cp, 0)));
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        commitUserState.update(List.of(commitUser));
        List<byte[]> bytes = new ArrayList<>();
        StrataWriteResultSerializer ser = new StrataWriteResultSerializer();
        for (List<StrataWriteResult> l : pending.values()) {
            for (StrataWriteResult r : l) {
                bytes.add(ser.serialize(r));
            }
        }
        pendingState.update(bytes);
    }
}
