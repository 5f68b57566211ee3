package io.strata.engine.segment;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.proto.segment.CompressionTypePB;
import io.strata.proto.segment.EncodingTypePB;
import io.strata.proto.segment.PrimaryKeyIndexMetaPB;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** UNIQUE_KEYS merge-on-write segments carry a primary-key index instead of short keys. */
class MergeOnWriteSegmentTest {
    @TempDir Path dir;

    static TabletSchema schema() {
        return TabletSchema.builder(KeysType.UNIQUE_KEYS)
                .mergeOnWrite(true)
                .sequenceColumn("seq")
                .column(
                        Column.builder("k1", DataType.of(FieldType.INT))
                                .nullable(true)
                                .key(true)
                                .build())
                .column(
                        Column.builder("k2", DataType.varchar(16))
                                .nullable(false)
                                .key(true)
                                .build())
                .column(
                        Column.builder("seq", DataType.of(FieldType.BIGINT))
                                .aggregation(AggregationType.REPLACE)
                                .build())
                .column(
                        Column.builder("v", DataType.string())
                                .aggregation(AggregationType.REPLACE)
                                .build())
                .build();
    }

    @Test
    void primaryKeyIndexHoldsEveryKeyWithSequenceSuffix() throws Exception {
        TabletSchema s = schema();
        int n = 20_000; // several 32 KB PK pages → ordinal and value index pages
        Block b = Block.create(s.columns(), n);
        b.appendRow(null, "null-key", null, "first");
        for (int i = 1; i < n; i++) {
            b.appendRow(i, "key-" + (100_000 + i), (long) i * 10, "v" + i);
        }
        String path = dir.resolve("mow.dat").toString();
        SegmentInfo info;
        try (SegmentWriter w =
                new SegmentWriter(
                        LocalFileIO.INSTANCE, path, s, SegmentWriterOptions.defaults(2))) {
            w.append(b, 0, 7000);
            w.append(b, 7000, n - 7000);
            info = w.finish();
        }
        try (SegmentReader r = SegmentReader.open(LocalFileIO.INSTANCE, path, s)) {
            assertThat(r.footer().hasShortKeyIndexPage()).isFalse();
            PrimaryKeyIndexMetaPB pk = r.footer().getPrimaryKeyIndexMeta();
            assertThat(pk.getPrimaryKeyIndex().getNumValues()).isEqualTo(n);
            assertThat(pk.getPrimaryKeyIndex().getEncoding())
                    .isEqualTo(EncodingTypePB.PREFIX_ENCODING);
            assertThat(pk.getPrimaryKeyIndex().getCompression()).isEqualTo(CompressionTypePB.ZSTD);
            assertThat(pk.getPrimaryKeyIndex().getOrdinalIndexMeta().getIsRootDataPage()).isFalse();
            assertThat(pk.getPrimaryKeyIndex().hasValueIndexMeta()).isTrue();
            // min key: NULL k1 → 0x01, then 0x02 + "null-key"; the sequence suffix is stripped
            assertThat(pk.getMinKey().toByteArray())
                    .isEqualTo(concat(new byte[] {1, 2}, "null-key".getBytes()));
            assertThat(pk.getMinKey().toByteArray()).isEqualTo(info.minKey());
            assertThat(pk.getMaxKey().toByteArray()).isEqualTo(info.maxKey());
            // stored keys: full key + 0x02 + BIGINT seq (sign-flipped BE); NULL seq → 0x01 + 8
            // zeros
            io.strata.engine.block.BytesVector keys = PrimaryKeyIndexIO.readKeys(r.file(), pk, n);
            assertThat(keys.getBytes(0))
                    .isEqualTo(
                            concat(
                                    new byte[] {1, 2},
                                    "null-key".getBytes(),
                                    new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0}));
            byte[] k5 = keys.getBytes(5);
            assertThat(k5).endsWith(2, 0x80, 0, 0, 0, 0, 0, 0, 50);
            assertThat(SegmentVerifier.verify(r)).isEmpty();
            List<List<Object>> rows = new ArrayList<>();
            try (SegmentIterator it =
                    r.newIterator(
                            new SegmentReadOptions(
                                    new int[] {1, 3},
                                    List.of(ColumnPredicate.eq("k1", 19_999)),
                                    100,
                                    new ReadStats()))) {
                Block x;
                while ((x = it.next()) != null) {
                    rows.addAll(x.toRows());
                }
            }
            assertThat(rows).containsExactly(List.of("key-119999", "v19999"));
        }
        assertThat(Files.size(Path.of(path))).isEqualTo(info.fileSize());
    }

    @Test
    void duplicateOrUnsortedKeysAreRejectedAndTheFileRemoved() throws Exception {
        TabletSchema s = schema();
        Block b = Block.create(s.columns(), 2);
        b.appendRow(1, "a", 1L, "x");
        b.appendRow(1, "a", 2L, "y");
        String path = dir.resolve("dup.dat").toString();
        try (SegmentWriter w =
                new SegmentWriter(
                        LocalFileIO.INSTANCE, path, s, SegmentWriterOptions.defaults(0))) {
            assertThatThrownBy(() -> w.append(b)).hasMessageContaining("unique and ascending");
        }
        assertThat(Files.exists(Path.of(path))).isFalse();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
