package io.strata.connector.sink;

import io.strata.engine.block.Block;
import io.strata.engine.compaction.CompactionOptions;
import io.strata.engine.compaction.TableCompactor;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.table.ChannelOptions;
import io.strata.engine.table.StorageEngine;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;
import io.strata.engine.table.TabletsChannel;
import io.strata.engine.table.TxnCommit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RowsetLimitGate}: counts published rowsets, the writer's own handed but unpublished ones
 * and the new ones against the hard limit; waits (and fails after the timeout, naming tablet, count
 * and limit) while over it; lets the commit through once a compaction publishes.
 */
class RowsetLimitGateTest {
    @TempDir Path dir;

    static TxnCommit load(Table t, StorageEngine engine, int round) throws Exception {
        Block b = Block.create(t.schema().columns(), 8);
        b.appendRow(1, (long) round);
        try (TabletsChannel ch = t.openChannel(engine, ChannelOptions.defaults())) {
            ch.write(b);
            return ch.prepareCommit();
        }
    }

    @Test
    void countsUnpublishedCommitsAndWaitsForCompaction() throws Exception {
        TabletSchema s =
                TabletSchema.builder(KeysType.UNIQUE_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.INT))
                                        .key(true)
                                        .nullable(false)
                                        .build())
                        .column(
                                Column.builder("v", DataType.of(FieldType.BIGINT))
                                        .aggregation(AggregationType.REPLACE)
                                        .build())
                        .build();
        TableDescriptor d =
                TableDescriptor.builder(s)
                        .distribution(List.of("k"))
                        .buckets(1)
                        .property(CompactionOptions.HARD_LIMIT, "4")
                        .property(CompactionOptions.SOFT_LIMIT, "2")
                        .build();
        try (StorageEngine engine = StorageEngine.builder().flushThreads(1).build();
                Table t = Table.create(LocalFileIO.INSTANCE, dir.resolve("t").toString(), d)) {
            t.publish("l0", load(t, engine, 0), null, -1);
            t.publish("l1", load(t, engine, 1), null, -1);
            RowsetLimitGate gate = new RowsetLimitGate(t, 300, 10);
            assertThat(gate.hardLimit()).isEqualTo(4);
            TxnCommit c2 = load(t, engine, 2);
            gate.awaitRoom(c2); // 2 published + 1 = 3
            TxnCommit c3 = load(t, engine, 3);
            gate.awaitRoom(c3); // 2 published + 1 unpublished (c2) + 1 = 4
            TxnCommit c4 = load(t, engine, 4);
            // 2 published + 2 unpublished + 1 = 5: over the limit although only 2 are published.
            long start = System.nanoTime();
            assertThatThrownBy(() -> gate.awaitRoom(c4))
                    .hasMessageContaining("would hold 5 rowsets")
                    .hasMessageContaining(CompactionOptions.HARD_LIMIT + " = 4")
                    .hasMessageContaining("bin/strata compact");
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(300_000_000L);
            // The committer publishes c2 and c3 (one version); a compaction then makes room.
            t.publish("l23", TxnCommit.merge(List.of(c2, c3)), null, -1);
            CompletableFuture<Void> waiting =
                    CompletableFuture.runAsync(
                            () -> {
                                try {
                                    new RowsetLimitGate(t, 20_000, 10).awaitRoom(c4);
                                } catch (Exception e) {
                                    throw new RuntimeException(e);
                                }
                            });
            Thread.sleep(200);
            assertThat(waiting).isNotDone(); // 4 published + 1 > 4: still waiting
            assertThat(new TableCompactor(t).runOnce(true)).hasSize(1);
            waiting.get(10, TimeUnit.SECONDS);
            // The original gate saw c2, c3 published and forgets them: 1 compacted + 1 = 2, then
            // 1 + 1 unpublished (c4) + 1 = 3, then 1 + 2 + 1 = 4 (were c2, c3 still counted,
            // the second would already be over the limit).
            gate.awaitRoom(c4);
            gate.awaitRoom(load(t, engine, 5));
            gate.awaitRoom(load(t, engine, 6));
        }
    }
}
