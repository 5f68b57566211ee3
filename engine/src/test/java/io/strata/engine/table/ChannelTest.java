package io.strata.engine.table;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.rowset.RowsetId;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.util.CloseableIterator;
import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.olap.RowsetStatePB;
import io.strata.proto.olap.SegmentsOverlapPB;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelTest {
    @TempDir Path dir;

    static final TabletSchema DUP =
            TabletSchema.builder(KeysType.DUP_KEYS)
                    .column(Column.builder("k", DataType.of(FieldType.INT)).key(true).build())
                    .column(Column.builder("s", DataType.varchar(8)).build())
                    .build();

    static Block rows(int from, int to) {
        Block b = Block.create(DUP.columns(), to - from);
        for (int i = from; i < to; i++) {
            b.appendRow(i, "v" + i);
        }
        return b;
    }

    @Test
    void randomDistributionChannelsOwnDisjointBuckets() throws Exception {
        TableDescriptor d = TableDescriptor.builder(DUP).buckets(4).build();
        try (StorageEngine e = StorageEngine.builder().build();
                Table t = Table.create(LocalFileIO.INSTANCE, dir.resolve("t").toString(), d)) {
            List<TxnCommit> parts = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                try (TabletsChannel ch =
                        t.openChannel(
                                e,
                                ChannelOptions.builder().channelIndex(c).numChannels(2).build())) {
                    for (int b = 0; b < 6; b++) {
                        ch.write(rows(c * 1000 + b * 10, c * 1000 + b * 10 + 10));
                    }
                    TxnCommit commit = ch.prepareCommit();
                    for (RowsetMetaPB r : commit.rowsets()) {
                        assertThat(TabletRouter.bucketOf(r.getTabletId()) % 2).isEqualTo(c);
                    }
                    // blocks rotate over the channel's buckets
                    assertThat(commit.numRowsets()).isEqualTo(2);
                    parts.add(commit);
                }
            }
            t.publish("l", TxnCommit.merge(parts), null, -1);
            assertThat(TableModelTest.scan(t, 1)).hasSize(120);
        }
    }

    @Test
    void rowsetMetaDescribesTheFiles() throws Exception {
        TableDescriptor d =
                TableDescriptor.builder(DUP).distribution(List.of("k")).buckets(1).build();
        try (StorageEngine e = StorageEngine.builder().build();
                Table t = Table.create(LocalFileIO.INSTANCE, dir.resolve("t").toString(), d)) {
            TxnCommit c;
            try (TabletsChannel ch =
                    t.openChannel(e, ChannelOptions.builder().memtableSizeBytes(2000).build())) {
                for (int b = 0; b < 10; b++) {
                    ch.write(rows(b * 100, b * 100 + 100));
                }
                c = ch.prepareCommit();
                assertThat(ch.metrics().rowsWritten()).isEqualTo(1000);
                assertThat(ch.metrics().rowsets()).isEqualTo(1);
            }
            RowsetMetaPB r = c.rowsets().get(0);
            assertThat(RowsetId.isValid(r.getRowsetIdV2())).isTrue();
            assertThat(r.getRowsetState()).isEqualTo(RowsetStatePB.COMMITTED);
            assertThat(r.getNumRows()).isEqualTo(1000);
            assertThat(r.getNumSegments()).isGreaterThan(1);
            assertThat(r.getSegmentsOverlapPb()).isEqualTo(SegmentsOverlapPB.OVERLAPPING);
            assertThat(r.getNumSegmentRowsList().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(1000);
            assertThat(r.getSegmentsKeyBoundsCount()).isEqualTo((int) r.getNumSegments());
            long onDisk = 0;
            for (int s = 0; s < r.getNumSegments(); s++) {
                Path p = Path.of(t.segmentPath(r, s));
                assertThat(Files.size(p)).isEqualTo(r.getSegmentsFileSize(s));
                onDisk += Files.size(p);
                // data/<shard>/<tablet>/<schema_hash>/<rowset>_<seg>.dat
                assertThat(p.getFileName().toString())
                        .isEqualTo(r.getRowsetIdV2() + "_" + s + ".dat");
                assertThat(p.getParent().getFileName().toString())
                        .isEqualTo(Integer.toString(t.schemaHash()));
            }
            assertThat(r.getTotalDiskSize()).isEqualTo(onDisk);
            t.publish("l", c, null, -1);
            // splits cover the table exactly
            TableScan scan = t.newScan();
            List<TabletSplit> splits = scan.planSplits();
            long rows = 0;
            for (TabletSplit s : splits) {
                try (CloseableIterator<Block> it = scan.open(s)) {
                    Block b;
                    while ((b = it.next()) != null) {
                        rows += b.rowCount();
                    }
                }
            }
            assertThat(rows).isEqualTo(1000);
            // abort of an unpublished commit deletes its files; the cleaner finds nothing else
            TxnCommit extra;
            try (TabletsChannel ch = t.openChannel(e, ChannelOptions.defaults())) {
                ch.write(rows(0, 10));
                extra = ch.prepareCommit();
            }
            Set<Path> before = files();
            t.abort(extra);
            Set<Path> after = files();
            assertThat(before.size() - after.size()).isEqualTo(1);
            assertThat(OrphanCleaner.clean(t, 0, false).deleted()).isEmpty();
            assertThat(TableModelTest.scan(t, 1)).hasSize(1000);
        }
    }

    @Test
    void cleanerRemovesFilesOfCrashedWriters() throws Exception {
        TableDescriptor d = TableDescriptor.builder(DUP).buckets(2).build();
        try (StorageEngine e = StorageEngine.builder().build();
                Table t = Table.create(LocalFileIO.INSTANCE, dir.resolve("t").toString(), d)) {
            try (TabletsChannel ch = t.openChannel(e, ChannelOptions.defaults())) {
                ch.write(rows(0, 10));
                t.publish("l", ch.prepareCommit(), null, -1);
            }
            TxnCommit lost;
            try (TabletsChannel ch = t.openChannel(e, ChannelOptions.defaults())) {
                ch.write(rows(10, 20));
                lost = ch.prepareCommit(); // never published nor aborted: a crashed job
            }
            assertThat(lost.numRowsets()).isEqualTo(1);
            assertThat(OrphanCleaner.clean(t, 3_600_000, false).deleted()).isEmpty();
            OrphanCleaner.Result r = OrphanCleaner.clean(t, 0, false);
            assertThat(r.deleted()).hasSize(1);
            assertThat(r.deleted().get(0)).contains(lost.rowsets().get(0).getRowsetIdV2());
            assertThat(TableModelTest.scan(t, 1)).hasSize(10);
        }
    }

    Set<Path> files() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("t/data"))) {
            return new HashSet<>(s.filter(Files::isRegularFile).toList());
        }
    }
}
