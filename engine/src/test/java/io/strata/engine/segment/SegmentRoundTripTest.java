package io.strata.engine.segment;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.proto.segment.ColumnIndexTypePB;
import io.strata.proto.segment.CompressionTypePB;
import io.strata.proto.segment.EncodingTypePB;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentRoundTripTest {
    @TempDir Path dir;
    private int fileNo;

    static final CompressionTypePB[] CODECS = {
        CompressionTypePB.LZ4F,
        CompressionTypePB.LZ4,
        CompressionTypePB.ZSTD,
        CompressionTypePB.NO_COMPRESSION
    };

    private List<List<Object>> writeAndReadBack(
            TabletSchema schema, Block block, SegmentWriterOptions opts) throws Exception {
        String path = dir.resolve("s" + (fileNo++) + ".dat").toString();
        SegmentInfo info;
        try (SegmentWriter w = new SegmentWriter(LocalFileIO.INSTANCE, path, schema, opts)) {
            // append in uneven slices to cross page and block boundaries
            int n = block.rowCount();
            int pos = 0;
            int step = 1;
            while (pos < n) {
                int len = Math.min(step, n - pos);
                w.append(block, pos, len);
                pos += len;
                step = step * 3 + 1;
            }
            info = w.finish();
        }
        assertThat(info.numRows()).isEqualTo(block.rowCount());
        assertThat(info.fileSize()).isEqualTo(java.nio.file.Files.size(Path.of(path)));
        List<List<Object>> rows = new ArrayList<>();
        try (SegmentReader r = SegmentReader.open(LocalFileIO.INSTANCE, path, schema)) {
            assertThat(r.numRows()).isEqualTo(block.rowCount());
            assertThat(SegmentVerifier.verify(r)).isEmpty();
            try (SegmentIterator it =
                    r.newIterator(
                            new SegmentReadOptions(
                                    SegmentReadOptions.all(schema.numColumns()).projection(),
                                    List.of(),
                                    777,
                                    new ReadStats()))) {
                Block b;
                while ((b = it.next()) != null) {
                    assertThat(b.rowCount()).isLessThanOrEqualTo(777).isPositive();
                    rows.addAll(b.toRows());
                }
            }
        }
        return rows;
    }

    @Test
    void everyTypeWithNullsExtremesAndPageShapes() throws Exception {
        Random r = new Random(42);
        int i = 0;
        for (DataType t : SegmentTestData.ALL_TYPES) {
            for (int nullPct : new int[] {0, 30, 100}) {
                for (int rows : new int[] {1, 3000}) {
                    boolean idx =
                            t.fieldType() != FieldType.FLOAT
                                    && t.fieldType() != FieldType.DOUBLE
                                    && t.fieldType() != FieldType.BOOLEAN;
                    TabletSchema schema =
                            TabletSchema.builder(KeysType.DUP_KEYS)
                                    .compression(CODECS[i++ % CODECS.length])
                                    .column(
                                            Column.builder("k", DataType.of(FieldType.INT))
                                                    .nullable(false)
                                                    .key(true)
                                                    .build())
                                    .column(
                                            Column.builder("v", t)
                                                    .nullable(true)
                                                    .bloomFilter(idx)
                                                    .build())
                                    .column(Column.builder("w", t).nullable(false).build())
                                    .build();
                    Block b = SegmentTestData.randomBlock(schema.columns(), rows, nullPct, r);
                    // key = row number so the block is already sorted
                    io.strata.engine.block.IntVector k =
                            (io.strata.engine.block.IntVector) b.vector(0);
                    for (int x = 0; x < rows; x++) {
                        k.set(x, x);
                    }
                    List<List<Object>> back =
                            writeAndReadBack(
                                    schema,
                                    b,
                                    SegmentWriterOptions.defaults(0).withDataPageSize(1024));
                    assertThat(back)
                            .as("%s nulls %d%% rows %d", t, nullPct, rows)
                            .isEqualTo(b.toRows());
                }
            }
        }
    }

    @Test
    void allCodecsOnAWideSchemaWithDefaultPages() throws Exception {
        Random r = new Random(7);
        for (CompressionTypePB codec : CODECS) {
            TabletSchema.Builder sb = TabletSchema.builder(KeysType.DUP_KEYS).compression(codec);
            sb.column(
                    Column.builder("k", DataType.of(FieldType.BIGINT))
                            .nullable(false)
                            .key(true)
                            .build());
            int c = 0;
            for (DataType t : SegmentTestData.ALL_TYPES) {
                sb.column(Column.builder("c" + c++, t).build());
            }
            TabletSchema schema = sb.build();
            Block b =
                    SegmentTestData.sortByKeys(
                            SegmentTestData.randomBlock(schema.columns(), 20_000, 5, r), 1);
            List<List<Object>> back = writeAndReadBack(schema, b, SegmentWriterOptions.defaults(0));
            assertThat(back).as("codec %s", codec).isEqualTo(b.toRows());
        }
    }

    @Test
    void concurrentIteratorsAndRowRanges() throws Exception {
        TabletSchema schema =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.INT))
                                        .nullable(false)
                                        .key(true)
                                        .build())
                        .column(Column.builder("s", DataType.varchar(30)).bloomFilter(true).build())
                        .column(Column.builder("d", DataType.of(FieldType.DOUBLE)).build())
                        .build();
        Block b =
                SegmentTestData.sortByKeys(
                        SegmentTestData.randomBlock(schema.columns(), 30_000, 10, new Random(8)),
                        1);
        List<List<Object>> all =
                writeAndReadBack(
                        schema, b, SegmentWriterOptions.defaults(0).withDataPageSize(4096));
        String path = dir.resolve("s0.dat").toString();
        try (SegmentReader r = SegmentReader.open(LocalFileIO.INSTANCE, path, schema)) {
            java.util.concurrent.ExecutorService pool =
                    java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<List<List<Object>>>> parts = new ArrayList<>();
            int[] cuts = {0, 1, 4095, 12_345, 29_999, 30_000};
            for (int i = 0; i + 1 < cuts.length; i++) {
                long from = cuts[i];
                long to = cuts[i + 1];
                parts.add(
                        pool.submit(
                                () -> {
                                    List<List<Object>> rows = new ArrayList<>();
                                    try (SegmentIterator it =
                                            r.newIterator(SegmentReadOptions.all(3), from, to)) {
                                        Block x;
                                        while ((x = it.next()) != null) {
                                            rows.addAll(x.toRows());
                                        }
                                    }
                                    return rows;
                                }));
            }
            List<List<Object>> joined = new ArrayList<>();
            for (var f : parts) {
                joined.addAll(f.get());
            }
            pool.shutdown();
            assertThat(joined).isEqualTo(all);
        }
    }

    @Test
    void aggKeysHaveZoneMapsOnKeysOnlyAndIndexesCanBeTurnedOff() throws Exception {
        TabletSchema agg =
                TabletSchema.builder(KeysType.AGG_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.INT))
                                        .nullable(false)
                                        .key(true)
                                        .build())
                        .column(
                                Column.builder("m", DataType.of(FieldType.BIGINT))
                                        .aggregation(io.strata.engine.schema.AggregationType.SUM)
                                        .bloomFilter(true)
                                        .build())
                        .build();
        Block b = Block.create(agg.columns(), 3);
        b.appendRow(1, 10L);
        b.appendRow(2, null);
        b.appendRow(3, 30L);
        assertThat(writeAndReadBack(agg, b, SegmentWriterOptions.defaults(0)))
                .isEqualTo(b.toRows());
        assertThat(
                        writeAndReadBack(
                                agg, b, new SegmentWriterOptions(0, 65536, 262144, 1024, false)))
                .isEqualTo(b.toRows());
        try (SegmentReader r =
                SegmentReader.open(LocalFileIO.INSTANCE, dir.resolve("s0.dat").toString(), agg)) {
            assertThat(r.footer().getColumns(0).getIndexesList())
                    .extracting(ix -> ix.getType())
                    .containsExactly(
                            ColumnIndexTypePB.ORDINAL_INDEX, ColumnIndexTypePB.ZONE_MAP_INDEX);
            assertThat(r.footer().getColumns(1).getIndexesList())
                    .extracting(ix -> ix.getType())
                    .containsExactly(
                            ColumnIndexTypePB.ORDINAL_INDEX, ColumnIndexTypePB.BLOOM_FILTER_INDEX);
            assertThat(r.footer().getColumns(1).getFunctionName()).isEqualTo("SUM");
        }
        try (SegmentReader r =
                SegmentReader.open(LocalFileIO.INSTANCE, dir.resolve("s1.dat").toString(), agg)) {
            for (int c = 0; c < 2; c++) {
                assertThat(r.footer().getColumns(c).getIndexesList())
                        .extracting(ix -> ix.getType())
                        .containsExactly(ColumnIndexTypePB.ORDINAL_INDEX);
            }
            assertThat(r.footer().hasShortKeyIndexPage()).isTrue();
        }
    }

    @Test
    void aBlockWithNullInANotNullColumnIsRejectedWithoutSideEffects() throws Exception {
        TabletSchema schema =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.INT))
                                        .nullable(false)
                                        .key(true)
                                        .build())
                        .column(Column.builder("v", DataType.varchar(4)).nullable(false).build())
                        .build();
        Block bad = Block.create(schema.columns(), 2);
        bad.vector(0).appendObject(schema.column(0).type(), 1);
        bad.vector(0).appendObject(schema.column(0).type(), 2);
        bad.vector(1).appendObject(schema.column(1).type(), "a");
        bad.vector(1).appendNull();
        Block good = Block.create(schema.columns(), 1);
        good.appendRow(5, "ok");
        String path = dir.resolve("nn.dat").toString();
        try (SegmentWriter w =
                new SegmentWriter(
                        LocalFileIO.INSTANCE, path, schema, SegmentWriterOptions.defaults(0))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.append(bad))
                    .hasMessageContaining("'v'")
                    .hasMessageContaining("NOT NULL");
            w.append(good);
            assertThat(w.finish().numRows()).isEqualTo(1);
        }
        try (SegmentReader r = SegmentReader.open(LocalFileIO.INSTANCE, path, schema);
                SegmentIterator it = r.newIterator(SegmentReadOptions.all(2))) {
            assertThat(it.next().toRows()).containsExactly(List.of(5, "ok"));
            assertThat(it.next()).isNull();
        }
    }

    @Test
    void columnsMatchByUniqueIdAfterALightSchemaChange() throws Exception {
        TabletSchema v1 =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.INT))
                                        .uniqueId(0)
                                        .nullable(false)
                                        .key(true)
                                        .build())
                        .column(Column.builder("a", DataType.varchar(5)).uniqueId(1).build())
                        .column(
                                Column.builder("c", DataType.of(FieldType.BIGINT))
                                        .uniqueId(2)
                                        .build())
                        .build();
        Block b = Block.create(v1.columns(), 3);
        b.appendRow(1, "x", 10L);
        b.appendRow(2, "y", null);
        b.appendRow(3, null, 30L);
        writeAndReadBack(v1, b, SegmentWriterOptions.defaults(0));
        // v2: 'a' dropped, 'n' added (nullable), columns reordered after the key
        TabletSchema v2 =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.INT))
                                        .uniqueId(0)
                                        .nullable(false)
                                        .key(true)
                                        .build())
                        .column(Column.builder("n", DataType.of(FieldType.INT)).uniqueId(7).build())
                        .column(
                                Column.builder("c", DataType.of(FieldType.BIGINT))
                                        .uniqueId(2)
                                        .build())
                        .build();
        String path = dir.resolve("s0.dat").toString();
        try (SegmentReader r = SegmentReader.open(LocalFileIO.INSTANCE, path, v2)) {
            assertThat(r.column(1)).isNull();
            assertThat(SegmentVerifier.verify(r)).isEmpty();
            assertThat(scanRows(r, List.of()))
                    .containsExactly(
                            Arrays.asList(1, null, 10L),
                            Arrays.asList(2, null, null),
                            Arrays.asList(3, null, 30L));
            assertThat(scanRows(r, List.of(io.strata.engine.read.ColumnPredicate.isNull("n"))))
                    .hasSize(3);
            assertThat(scanRows(r, List.of(io.strata.engine.read.ColumnPredicate.eq("n", 1))))
                    .isEmpty();
            assertThat(scanRows(r, List.of(io.strata.engine.read.ColumnPredicate.eq("c", 30L))))
                    .containsExactly(Arrays.asList(3, null, 30L));
        }
        TabletSchema v3 =
                v2.toBuilder()
                        .column(
                                Column.builder("nn", DataType.of(FieldType.INT))
                                        .uniqueId(8)
                                        .nullable(false)
                                        .build())
                        .build();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> SegmentReader.open(LocalFileIO.INSTANCE, path, v3))
                .hasMessageContaining("nn")
                .hasMessageContaining("absent");
    }

    private static List<List<Object>> scanRows(
            SegmentReader r, List<io.strata.engine.read.ColumnPredicate> ps) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (SegmentIterator it =
                r.newIterator(
                        new SegmentReadOptions(
                                SegmentReadOptions.all(r.schema().numColumns()).projection(),
                                ps,
                                2,
                                new ReadStats()))) {
            Block x;
            while ((x = it.next()) != null) {
                rows.addAll(x.toRows());
            }
        }
        return rows;
    }

    @Test
    void emptySegmentRoundTrips() throws Exception {
        TabletSchema schema =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.INT))
                                        .nullable(false)
                                        .key(true)
                                        .build())
                        .column(Column.builder("s", DataType.varchar(10)).build())
                        .build();
        Block b = Block.create(schema.columns(), 1);
        assertThat(writeAndReadBack(schema, b, SegmentWriterOptions.defaults(0))).isEmpty();
    }

    @Test
    void dictionaryFallbackAndEncodingsRecorded() throws Exception {
        TabletSchema schema =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.INT))
                                        .nullable(false)
                                        .key(true)
                                        .build())
                        .column(Column.builder("s", DataType.string()).build())
                        .column(Column.builder("b", DataType.of(FieldType.BOOLEAN)).build())
                        .build();
        Random r = new Random(3);
        int n = 20_000;
        Block b = Block.create(schema.columns(), n);
        for (int i = 0; i < n; i++) {
            byte[] s = new byte[10 + r.nextInt(30)];
            r.nextBytes(s);
            for (int j = 0; j < s.length; j++) {
                s[j] = (byte) ('a' + (s[j] & 15));
            }
            b.appendRow(i, new String(s), r.nextBoolean());
        }
        // dictionary page of 4 KB forces the plain fallback after a few hundred distinct words
        SegmentWriterOptions o = new SegmentWriterOptions(0, 4096, 4096, 1024, true);
        assertThat(writeAndReadBack(schema, b, o)).isEqualTo(b.toRows());
        try (SegmentReader rd =
                SegmentReader.open(
                        LocalFileIO.INSTANCE, dir.resolve("s0.dat").toString(), schema)) {
            assertThat(rd.footer().getColumns(1).getEncoding())
                    .isEqualTo(EncodingTypePB.DICT_ENCODING);
            assertThat(rd.footer().getColumns(1).hasDictPage()).isTrue();
            assertThat(rd.footer().getColumns(2).getEncoding()).isEqualTo(EncodingTypePB.RLE);
            assertThat(rd.footer().getColumns(0).getEncoding())
                    .isEqualTo(EncodingTypePB.BIT_SHUFFLE);
            assertThat(rd.footer().getVersion()).isEqualTo(1);
        }
    }

    @Test
    void schemaFromFooterReadsTheSameRows() throws Exception {
        TabletSchema schema =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.BIGINT))
                                        .nullable(false)
                                        .key(true)
                                        .build())
                        .column(Column.builder("d", DataType.decimal(15, 2)).build())
                        .column(Column.builder("c", DataType.charType(3)).build())
                        .column(Column.builder("t", DataType.datetimeV2(3)).build())
                        .build();
        Block b =
                SegmentTestData.sortByKeys(
                        SegmentTestData.randomBlock(schema.columns(), 100, 10, new Random(1)), 1);
        writeAndReadBack(schema, b, SegmentWriterOptions.defaults(0));
        try (SegmentReader rd =
                SegmentReader.open(LocalFileIO.INSTANCE, dir.resolve("s0.dat").toString())) {
            assertThat(rd.schema().numColumns()).isEqualTo(4);
            for (int c = 0; c < 4; c++) {
                assertThat(rd.schema().column(c).type()).isEqualTo(schema.column(c).type());
                assertThat(rd.schema().column(c).nullable()).isEqualTo(schema.column(c).nullable());
            }
            List<List<Object>> rows = new ArrayList<>();
            try (SegmentIterator it = rd.newIterator(SegmentReadOptions.all(4))) {
                Block x;
                while ((x = it.next()) != null) {
                    rows.addAll(x.toRows());
                }
            }
            assertThat(rows).isEqualTo(b.toRows());
        }
    }

    @Test
    void minMaxKeysAreFullKeyEncodings() throws Exception {
        TabletSchema schema =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                Column.builder("k1", DataType.of(FieldType.INT))
                                        .nullable(true)
                                        .key(true)
                                        .build())
                        .column(
                                Column.builder("k2", DataType.varchar(5))
                                        .nullable(false)
                                        .key(true)
                                        .build())
                        .build();
        Block b = Block.create(schema.columns(), 3);
        b.appendRow(null, "zz");
        b.appendRow(1, "a");
        b.appendRow(258, "bc");
        String path = dir.resolve("k.dat").toString();
        SegmentInfo info;
        try (SegmentWriter w =
                new SegmentWriter(
                        LocalFileIO.INSTANCE, path, schema, SegmentWriterOptions.defaults(3))) {
            w.append(b);
            info = w.finish();
        }
        // NULL → 0x01; then 0x02 + "zz"
        assertThat(info.minKey()).containsExactly(0x01, 0x02, 'z', 'z');
        // 0x02 + INT 258 sign-flipped big-endian (0x80000102), 0x02 + "bc"
        assertThat(info.maxKey()).containsExactly(0x02, 0x80, 0x00, 0x01, 0x02, 0x02, 'b', 'c');
        assertThat(Arrays.equals(info.minKey(), info.maxKey())).isFalse();
    }
}
