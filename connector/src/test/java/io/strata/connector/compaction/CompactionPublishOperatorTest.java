package io.strata.connector.compaction;

import io.strata.engine.block.Block;
import io.strata.engine.compaction.CompactionOptions;
import io.strata.engine.compaction.CompactionPolicy;
import io.strata.engine.compaction.Compactor;
import io.strata.engine.compaction.TableCompactor;
import io.strata.engine.compaction.TabletCompaction;
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
import io.strata.engine.txn.TableState;
import io.strata.engine.util.CloseableIterator;
import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.strata.TabletRowsetsPB;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publishing step of the Flink compaction job: all tablets' results publish in one version; a
 * tablet whose inputs another compaction replaced meanwhile is dropped (its files deleted, not
 * counted) while the others publish; the same label twice publishes once.
 */
class CompactionPublishOperatorTest {
    @TempDir Path dir;

    static TableDescriptor descriptor() {
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
        return TableDescriptor.builder(s).distribution(List.of("k")).buckets(2).build();
    }

    static List<String> scan(Table t) throws Exception {
        List<String> out = new ArrayList<>();
        try (CloseableIterator<Block> it = t.newScan().open()) {
            Block b;
            while ((b = it.next()) != null) {
                for (int i = 0; i < b.rowCount(); i++) {
                    out.add(Arrays.toString(b.getRow(i)));
                }
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void staleTabletIsDroppedOthersPublishInOneVersionOnce() throws Exception {
        String path = dir.resolve("t").toString();
        try (StorageEngine engine = StorageEngine.builder().flushThreads(1).build();
                Table t = Table.create(LocalFileIO.INSTANCE, path, descriptor())) {
            for (int load = 0; load < 4; load++) {
                Block b = Block.create(t.schema().columns(), 64);
                for (int k = 0; k < 40; k++) {
                    b.appendRow(k, (long) (load * 100 + k));
                }
                TxnCommit c;
                try (TabletsChannel ch = t.openChannel(engine, ChannelOptions.defaults())) {
                    ch.write(b);
                    c = ch.prepareCommit();
                }
                t.publish("l" + load, c, null, -1);
            }
            List<String> before = scan(t);
            TableState s = t.state(t.latestVersion());
            assertThat(s.tablets()).hasSize(2);
            CompactionPolicy policy = new CompactionPolicy(CompactionOptions.defaults());
            List<CompactedTablet> results = new ArrayList<>();
            for (TableState.TabletState ts : s.tablets().values()) {
                results.add(CompactedTablet.of(TabletCompaction.run(t, ts, policy, true, 10)));
            }
            // Meanwhile another compaction replaces two rowsets of the first tablet.
            TableState.TabletState first = s.tablets().values().iterator().next();
            TableState.TabletState two =
                    new TableState.TabletState(
                            first.tabletId(),
                            first.partitionId(),
                            first.bucket(),
                            first.rowsets().subList(2, 4));
            TabletRowsetsPB other =
                    Compactor.compact(t, policy.pick(two, true).orElseThrow(), policy.options())
                            .commitEntry();
            t.publish("other", TxnCommit.empty().withCompactions(List.of(other)), null, -1);
            long v0 = t.latestVersion();

            TableCompactor.Summary sum =
                    CompactionPublishOperator.publish(t, results, "compaction-x", 0);
            assertThat(t.latestVersion()).isEqualTo(v0 + 1);
            assertThat(sum.compactions()).isEqualTo(1); // only the second tablet's result
            assertThat(sum.maxRowsetsBefore()).isEqualTo(4);
            TableState after = t.state(t.latestVersion());
            assertThat(after.tablets().get(first.tabletId()).rowsets()).hasSize(3);
            for (TableState.TabletState ts : after.tablets().values()) {
                if (ts.tabletId() != first.tabletId()) {
                    assertThat(ts.rowsets()).hasSize(1);
                }
            }
            // The dropped result's files are gone; the published ones are there.
            for (CompactedTablet r : results) {
                TabletRowsetsPB e = TabletRowsetsPB.parseFrom(r.entry);
                for (RowsetMetaPB o : e.getAddedList()) {
                    assertThat(Files.exists(Path.of(t.segmentPath(o, 0))))
                            .isEqualTo(r.tabletId != first.tabletId());
                }
            }
            assertThat(scan(t)).isEqualTo(before);
            // A re-run of the publisher (same label) changes nothing.
            CompactionPublishOperator.publish(t, results, "compaction-x", 0);
            assertThat(t.latestVersion()).isEqualTo(v0 + 1);
            assertThat(scan(t)).isEqualTo(before);
        }
    }
}
