package io.strata.engine.table;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.CorruptSegmentException;
import io.strata.proto.strata.TabletRowsetsPB;
import io.strata.proto.strata.TxnCommitPB;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {
    @TempDir Path dir;

    static TabletSchema schema() {
        return TabletSchema.builder(KeysType.UNIQUE_KEYS)
                .column(
                        Column.builder("k", DataType.of(FieldType.BIGINT))
                                .key(true)
                                .nullable(false)
                                .build())
                .column(Column.builder("c", DataType.charType(4)).key(true).build())
                .column(
                        Column.builder("d", DataType.decimal(20, 3))
                                .aggregation(AggregationType.REPLACE)
                                .bloomFilter(true)
                                .build())
                .column(
                        Column.builder("ts", DataType.datetimeV2(6))
                                .aggregation(AggregationType.REPLACE)
                                .build())
                .column(
                        Column.builder("seq", DataType.of(FieldType.INT))
                                .aggregation(AggregationType.REPLACE)
                                .build())
                .sequenceColumn("seq")
                .build();
    }

    Table create(String name) throws Exception {
        TableDescriptor d =
                TableDescriptor.builder(schema())
                        .distribution(List.of("k"))
                        .buckets(4)
                        .properties(Map.of("snapshot.interval", "3", "owner", "me"))
                        .build();
        return Table.create(
                LocalFileIO.INSTANCE, dir.resolve(name).toString(), d, TableModelTest.format());
    }

    @Test
    void createOpenRoundTripsTheDescriptor() throws Exception {
        String p = dir.resolve("t").toString();
        assertThat(Table.exists(LocalFileIO.INSTANCE, p)).isFalse();
        assertThatThrownBy(() -> Table.open(LocalFileIO.INSTANCE, p))
                .isInstanceOf(TableNotFoundException.class);
        TableDescriptor d;
        try (Table t = create("t")) {
            d = t.descriptor();
            assertThat(t.latestVersion()).isZero();
            assertThat(t.versions()).isEmpty();
            assertThat(t.lastCommittedCheckpoint("x")).isEmpty();
        }
        assertThat(Table.exists(LocalFileIO.INSTANCE, p)).isTrue();
        assertThatThrownBy(() -> create("t")).isInstanceOf(TableAlreadyExistsException.class);
        try (Table t = Table.open(LocalFileIO.INSTANCE, p)) {
            assertThat(t.descriptor()).isEqualTo(d);
            assertThat(t.schema().sequenceColumnIndex()).isEqualTo(4);
            assertThat(t.descriptor().properties()).containsEntry("owner", "me");
        }
    }

    @Test
    void descriptorValidation() {
        TabletSchema u = schema();
        assertThatThrownBy(() -> TableDescriptor.builder(u).build()).hasMessageContaining("RANDOM");
        assertThatThrownBy(() -> TableDescriptor.builder(u).distribution(List.of("d")).build())
                .hasMessageContaining("'d'")
                .hasMessageContaining("key column");
        assertThatThrownBy(() -> TableDescriptor.builder(u).distribution(List.of("nope")).build())
                .hasMessageContaining("'nope'");
        assertThatThrownBy(
                        () ->
                                TableDescriptor.builder(u)
                                        .distribution(List.of("k"))
                                        .buckets(0)
                                        .build())
                .hasMessageContaining("buckets");
    }

    @Test
    void corruptMetadataNamesTheFile() throws Exception {
        try (Table t = create("t")) {
            t.publish("a", TxnCommit.empty(), null, -1);
        }
        Path meta = dir.resolve("t/_meta/table.pb");
        byte[] b = Files.readAllBytes(meta);
        b[b.length - 1] ^= 1;
        Files.write(meta, b);
        assertThatThrownBy(() -> Table.open(LocalFileIO.INSTANCE, dir.resolve("t").toString()))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("table.pb")
                .hasMessageContaining("CRC");
        b[b.length - 1] ^= 1;
        Files.write(meta, b);
        Path v1 = dir.resolve("t/_meta/version/1.pb");
        Files.write(v1, java.util.Arrays.copyOf(Files.readAllBytes(v1), 10));
        try (Table t = Table.open(LocalFileIO.INSTANCE, dir.resolve("t").toString())) {
            assertThatThrownBy(() -> t.state(1))
                    .isInstanceOf(CorruptSegmentException.class)
                    .hasMessageContaining("1.pb");
        }
    }

    @Test
    void publishIsIdempotentAndCarriesCheckpoints() throws Exception {
        try (Table t = create("t")) {
            assertThat(t.publish("a", TxnCommit.empty(), "u1", 5))
                    .isEqualTo(new PublishResult(1, false));
            assertThat(t.publish("b", TxnCommit.empty(), "u2", 1))
                    .isEqualTo(new PublishResult(2, false));
            assertThat(t.publish("a", TxnCommit.empty(), "u1", 5))
                    .isEqualTo(new PublishResult(1, true));
            assertThat(t.publish("c", TxnCommit.empty(), null, -1))
                    .isEqualTo(new PublishResult(3, false));
            // the latest version alone knows every commit user
            assertThat(t.lastCommittedCheckpoint("u1")).hasValue(5);
            assertThat(t.lastCommittedCheckpoint("u2")).hasValue(1);
            assertThat(t.versions()).extracting(VersionInfo::label).containsExactly("a", "b", "c");
            assertThatThrownBy(() -> t.publish("", TxnCommit.empty(), null, -1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void concurrentPublishersGetDistinctVersionsAndNoLabelTwice() throws Exception {
        try (Table t0 = create("t")) {
            int threads = 4;
            int each = 8;
            ExecutorService ex = Executors.newFixedThreadPool(threads);
            List<Future<List<PublishResult>>> fs = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int id = i;
                fs.add(
                        ex.submit(
                                () -> {
                                    List<PublishResult> out = new ArrayList<>();
                                    try (Table t =
                                            Table.open(
                                                    LocalFileIO.INSTANCE,
                                                    t0.path(),
                                                    TableModelTest.format())) {
                                        for (int j = 0; j < each; j++) {
                                            // every thread also races on a shared label
                                            out.add(
                                                    t.publish(
                                                            "own-" + id + "-" + j,
                                                            TxnCommit.empty(),
                                                            "u" + id,
                                                            j));
                                            out.add(
                                                    t.publish(
                                                            "shared-" + j,
                                                            TxnCommit.empty(),
                                                            null,
                                                            -1));
                                        }
                                    }
                                    return out;
                                }));
            }
            List<Long> fresh = new ArrayList<>();
            for (Future<List<PublishResult>> f : fs) {
                for (PublishResult r : f.get()) {
                    if (!r.alreadyPublished()) {
                        fresh.add(r.version());
                    }
                }
            }
            ex.shutdown();
            long expected = threads * each + each;
            Collections.sort(fresh);
            assertThat(fresh).hasSize((int) expected);
            assertThat(fresh).doesNotHaveDuplicates();
            assertThat(t0.latestVersion()).isEqualTo(expected);
            assertThat(t0.versions()).extracting(VersionInfo::label).doesNotHaveDuplicates();
            for (int i = 0; i < threads; i++) {
                assertThat(t0.lastCommittedCheckpoint("u" + i)).hasValue(each - 1);
            }
        }
    }

    @Test
    void snapshotsBoundReplay() throws Exception {
        String p;
        try (Table t = create("t")) {
            p = t.path();
            for (int i = 1; i <= 10; i++) {
                t.publish("l" + i, TxnCommit.empty(), null, -1);
            }
        }
        assertThat(dir.resolve("t/_meta/snapshot/3.pb")).exists();
        assertThat(dir.resolve("t/_meta/snapshot/9.pb")).exists();
        // With version files 1..9 gone, version 10 still loads from snapshot 9 + one file.
        for (int i = 1; i <= 9; i++) {
            Files.delete(dir.resolve("t/_meta/version/" + i + ".pb"));
        }
        try (Table t = Table.open(LocalFileIO.INSTANCE, p, TableModelTest.format())) {
            assertThat(t.state(10).labelVersion("l4")).hasValue(4);
            assertThat(t.publish("l4", TxnCommit.empty(), null, -1))
                    .isEqualTo(new PublishResult(4, true));
        }
    }

    @Test
    void conflictingRemovalIsRejected() throws Exception {
        try (Table t = create("t")) {
            TxnCommitPB bad =
                    TxnCommitPB.newBuilder()
                            .setFormatVersion(1)
                            .addTablets(
                                    TabletRowsetsPB.newBuilder()
                                            .setTabletId(TabletRouter.tabletId(1, 0))
                                            .addRemovedRowsetIds("02gone"))
                            .build();
            assertThatThrownBy(() -> t.publish("x", TxnCommit.of(bad), null, -1))
                    .hasMessageContaining("conflicts")
                    .hasMessageContaining("02gone");
            assertThat(t.latestVersion()).isZero();
        }
    }

    @Test
    void channelRejectsMismatchedBlocksNamingTheColumn() throws Exception {
        try (StorageEngine e = StorageEngine.builder().build();
                Table t = create("t");
                TabletsChannel ch = t.openChannel(e, ChannelOptions.defaults())) {
            TabletSchema other =
                    TabletSchema.builder(KeysType.DUP_KEYS)
                            .column(
                                    Column.builder("k", DataType.of(FieldType.INT))
                                            .key(true)
                                            .build())
                            .build();
            assertThatThrownBy(() -> ch.write(Block.create(other.columns(), 1)))
                    .hasMessageContaining("columns");
            Block nulls = Block.create(t.schema().columns(), 1);
            nulls.appendRow(null, "a", null, null, null);
            assertThatThrownBy(() -> ch.write(nulls))
                    .hasMessageContaining("'k'")
                    .hasMessageContaining("NOT NULL");
            assertThatThrownBy(() -> t.deleteWhere("d", List.of(ColumnPredicate.eq("d", 1))))
                    .hasMessageContaining("key columns only");
        }
    }

    @Test
    void txnCommitSerializesAndMerges() throws Exception {
        TxnCommitPB a =
                TxnCommitPB.newBuilder()
                        .setFormatVersion(1)
                        .addTablets(
                                TabletRowsetsPB.newBuilder()
                                        .setTabletId(7)
                                        .addAdded(
                                                io.strata.proto.olap.RowsetMetaPB.newBuilder()
                                                        .setRowsetId(0)
                                                        .setNumRows(3)))
                        .build();
        TxnCommit c = TxnCommit.fromBytes(TxnCommit.of(a).toBytes());
        TxnCommit m = TxnCommit.merge(List.of(c, c, TxnCommit.empty()));
        assertThat(m.numRows()).isEqualTo(6);
        assertThat(m.numRowsets()).isEqualTo(2);
        assertThat(m.proto().getTabletsCount()).isEqualTo(1);
        assertThat(TxnCommit.empty().isEmpty()).isTrue();
        assertThatThrownBy(() -> TxnCommit.fromBytes(new byte[] {(byte) 0xFF, 1, 2}))
                .isInstanceOf(java.io.IOException.class);
        byte[] future = a.toBuilder().setFormatVersion(99).build().toByteArray();
        assertThatThrownBy(() -> TxnCommit.fromBytes(future)).hasMessageContaining("99");
    }
}
