package io.strata.connector.sink;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.table.ChannelOptions;
import io.strata.engine.table.StorageEngine;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;
import io.strata.engine.table.TabletsChannel;
import io.strata.engine.table.TxnCommit;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pre-commit aggregator: one merged committable per checkpoint; commit user survives restore.
 */
class StrataCommitAggregatorTest {

    @TempDir Path dir;
    private Table table;
    private StorageEngine engine;

    @BeforeEach
    void setUp() throws Exception {
        TableDescriptor d = TestTables.dupRandom();
        table = Table.create(LocalFileIO.INSTANCE, dir.resolve("t").toString(), d);
        engine = StorageEngine.builder().flushThreads(1).memoryBudgetBytes(64 << 20).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        table.close();
    }

    /** A real TxnCommit of `rows` rows written by channel `index` of 2. */
    private byte[] commit(int index, int rows) throws Exception {
        try (TabletsChannel ch =
                table.openChannel(
                        engine,
                        ChannelOptions.builder().channelIndex(index).numChannels(2).build())) {
            Block b = Block.create(table.schema().columns(), rows);
            for (long i = 0; i < rows; i++) {
                b.appendRow(i, "v" + i);
            }
            ch.write(b);
            return ch.prepareCommit().toBytes();
        }
    }

    private static StreamRecord<CommittableMessage<StrataWriteResult>> summary(
            int subtask, long cp, int n) {
        return new StreamRecord<>(new CommittableSummary<>(subtask, 2, cp, n, 0));
    }

    private static StreamRecord<CommittableMessage<StrataWriteResult>> result(
            byte[] c, int subtask, long cp) {
        // The writer's own counter (99) is ignored: the lineage's checkpoint id is authoritative.
        return new StreamRecord<>(
                new CommittableWithLineage<>(new StrataWriteResult(c, subtask, 99), cp, subtask));
    }

    private static OneInputStreamOperatorTestHarness<
                    CommittableMessage<StrataWriteResult>, CommittableMessage<StrataCommittable>>
            harness(String user) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new StrataCommitAggregator(user));
    }

    @Test
    void mergesAllSubtasksOfACheckpointIntoOneCommittable() throws Exception {
        byte[] a = commit(0, 10);
        byte[] b = commit(1, 5);
        byte[] c = commit(0, 3);
        try (var h = harness("user-a")) {
            h.open();
            h.processElement(summary(0, 1, 1));
            h.processElement(result(a, 0, 1));
            h.processElement(summary(1, 1, 1));
            h.processElement(result(b, 1, 1));
            h.processElement(summary(0, 2, 1));
            h.processElement(result(c, 0, 2)); // next checkpoint, not emitted at barrier 1
            h.prepareSnapshotPreBarrier(1);
            List<CommittableMessage<StrataCommittable>> out = h.extractOutputValues();
            assertThat(out).hasSize(2);
            CommittableSummary<StrataCommittable> s =
                    (CommittableSummary<StrataCommittable>) out.get(0);
            assertThat(s.getSubtaskId()).isZero();
            assertThat(s.getNumberOfSubtasks()).isEqualTo(1);
            assertThat(s.getCheckpointId()).isEqualTo(1);
            assertThat(s.getNumberOfCommittables()).isEqualTo(1);
            CommittableWithLineage<StrataCommittable> l =
                    (CommittableWithLineage<StrataCommittable>) out.get(1);
            StrataCommittable committable = l.getCommittable();
            assertThat(l.getCheckpointId()).isEqualTo(1);
            assertThat(committable.label()).isEqualTo("user-a-1");
            TxnCommit merged = TxnCommit.fromBytes(committable.txnCommit());
            assertThat(merged.numRows()).isEqualTo(15);
            assertThat(merged.numRowsets())
                    .isEqualTo(
                            TxnCommit.fromBytes(a).numRowsets()
                                    + TxnCommit.fromBytes(b).numRowsets());

            // Checkpoint 2's result is pending; it survives a snapshot/restore.
            OperatorSubtaskState state = h.snapshot(1, 1L);
            try (var h2 = harness("another-user")) {
                h2.initializeState(state);
                h2.open();
                h2.endInput();
                List<CommittableMessage<StrataCommittable>> out2 = h2.extractOutputValues();
                assertThat(out2).hasSize(2);
                StrataCommittable c2 =
                        ((CommittableWithLineage<StrataCommittable>) out2.get(1)).getCommittable();
                // The restored commit user wins over the new job's.
                assertThat(c2.label()).isEqualTo("user-a-2");
                assertThat(TxnCommit.fromBytes(c2.txnCommit()).numRows()).isEqualTo(3);
            }
        }
    }

    @Test
    void emptyCheckpointsEmitNothing() throws Exception {
        try (var h = harness("u")) {
            h.open();
            h.processElement(summary(0, 1, 0));
            h.processElement(summary(1, 1, 0));
            h.prepareSnapshotPreBarrier(1);
            h.endInput();
            assertThat(h.extractOutputValues()).isEmpty();
        }
    }
}
