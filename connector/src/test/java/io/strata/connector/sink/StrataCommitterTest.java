package io.strata.connector.sink;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.table.ChannelOptions;
import io.strata.engine.table.StorageEngine;
import io.strata.engine.table.Table;
import io.strata.engine.table.TabletsChannel;

import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.metrics.groups.InternalSinkCommitterMetricGroup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The committer publishes in checkpoint order and recognises replays as already committed. */
class StrataCommitterTest {

    @TempDir Path dir;

    /** A commit request that records how it was resolved. */
    static final class Request implements Committer.CommitRequest<StrataCommittable> {
        final StrataCommittable c;
        String outcome = "committed";

        Request(StrataCommittable c) {
            this.c = c;
        }

        @Override
        public StrataCommittable getCommittable() {
            return c;
        }

        @Override
        public int getNumberOfRetries() {
            return 0;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            outcome = "failed-known";
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            outcome = "failed-unknown";
        }

        @Override
        public void retryLater() {
            outcome = "retry";
        }

        @Override
        public void updateAndRetryLater(StrataCommittable committable) {
            outcome = "retry";
        }

        @Override
        public void signalAlreadyCommitted() {
            outcome = "already";
        }
    }

    private static byte[] write(Table t, StorageEngine engine, long from, int rows)
            throws Exception {
        try (TabletsChannel ch = t.openChannel(engine, ChannelOptions.builder().build())) {
            Block b = Block.create(t.schema().columns(), rows);
            for (long i = from; i < from + rows; i++) {
                b.appendRow(i, "v" + i);
            }
            ch.write(b);
            return ch.prepareCommit().toBytes();
        }
    }

    @Test
    void publishesInOrderAndSkipsReplays() throws Exception {
        String path = dir.resolve("t").toString();
        List<StrataCommittable> cs = new ArrayList<>();
        try (Table t = Table.create(LocalFileIO.INSTANCE, path, TestTables.dupRandom());
                StorageEngine engine = StorageEngine.builder().flushThreads(1).build()) {
            for (int cp = 1; cp <= 3; cp++) {
                cs.add(new StrataCommittable("u", cp, write(t, engine, cp * 100L, 10)));
            }
            cs.add(new StrataCommittable("v", 1, write(t, engine, 1000L, 10)));
        }
        StrataCommitter committer =
                new StrataCommitter(
                        path,
                        InternalSinkCommitterMetricGroup.wrap(
                                UnregisteredMetricsGroup.createOperatorMetricGroup()));
        // Out of order on purpose: checkpoint 2 then 1.
        Request r2 = new Request(cs.get(1));
        Request r1 = new Request(cs.get(0));
        committer.commit(List.of(r2, r1));
        assertThat(r1.outcome).isEqualTo("committed");
        assertThat(r2.outcome).isEqualTo("committed");
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            assertThat(t.versions()).extracting(v -> v.label()).containsExactly("u-1", "u-2");
            assertThat(t.lastCommittedCheckpoint("u")).hasValue(2);
        }
        // Replay after a restore: 1 and 2 are already there, 3 is new.
        Request again1 = new Request(cs.get(0));
        Request again2 = new Request(cs.get(1));
        Request r3 = new Request(cs.get(2));
        committer.commit(List.of(r3, again2, again1));
        assertThat(again1.outcome).isEqualTo("already");
        assertThat(again2.outcome).isEqualTo("already");
        assertThat(r3.outcome).isEqualTo("committed");
        // Another commit user's checkpoint 1 is not confused with "u"'s.
        Request other = new Request(cs.get(3));
        committer.commit(List.of(other));
        assertThat(other.outcome).isEqualTo("committed");
        committer.close();
        assertThat(TestTables.read(path)).hasSize(40);
    }
}
