package io.strata.engine.segment;

import io.strata.engine.block.Block;
import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.encoding.Dictionary;
import io.strata.proto.segment.CompressionTypePB;
import io.strata.proto.segment.EncodingTypePB;

import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The size-optimized encoder choices (sorted dictionaries, literal-block BIT_SHUFFLE under zstd)
 * and the storage knobs: every value reads back unchanged, the dictionary page really is sorted,
 * plain fallback after a full dictionary still works, and the files get smaller.
 */
class SizeOptimizedSegmentTest {
    @TempDir Path dir;

    private static final String[] WORDS = {
        "furiously", "carefully", "quickly", "blithely", "regular", "express", "final", "ironic",
        "pending", "bold", "deposits", "requests", "accounts", "packages", "theodolites", "foxes"
    };

    static TabletSchema schema(CompressionTypePB codec) {
        return TabletSchema.builder(KeysType.DUP_KEYS)
                .column(Column.builder("k", DataType.of(FieldType.BIGINT)).key(true).build())
                .column(Column.builder("v", DataType.of(FieldType.INT)).nullable(true).build())
                .column(Column.builder("d", DataType.decimal(15, 2)).nullable(true).build())
                .column(Column.builder("s", DataType.varchar(64)).nullable(true).build())
                .compression(codec)
                .build();
    }

    /** Rows with random word-combination strings (many distinct), some NULLs. */
    static Block rows(TabletSchema s, int n, long seed) {
        Random r = new Random(seed);
        Block b = Block.create(s.columns(), n);
        for (int i = 0; i < n; i++) {
            ((LongVector) b.vector(0)).append(i);
            if (i % 97 == 5) {
                b.vector(1).appendNull();
                b.vector(2).appendNull();
                b.vector(3).appendNull();
                continue;
            }
            ((IntVector) b.vector(1)).append(r.nextInt(200_000));
            ((LongVector) b.vector(2)).append(100L * (1 + r.nextInt(50)));
            StringBuilder sb = new StringBuilder();
            int words = 2 + r.nextInt(4);
            for (int w = 0; w < words; w++) {
                sb.append(w > 0 ? " " : "").append(WORDS[r.nextInt(WORDS.length)]);
            }
            ((BytesVector) b.vector(3)).append(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return b;
    }

    private SegmentInfo write(String name, TabletSchema s, SegmentWriterOptions o, Block b)
            throws Exception {
        try (SegmentWriter w =
                new SegmentWriter(LocalFileIO.INSTANCE, dir.resolve(name).toString(), s, o)) {
            w.append(b);
            return w.finish();
        }
    }

    static void assertReadsBack(SegmentReader r, Block expected) throws Exception {
        int n = expected.rowCount();
        Block got = Block.create(r.schema().columns(), n);
        try (SegmentIterator it = r.newIterator(SegmentReadOptions.all(expected.numColumns()))) {
            Block b;
            while ((b = it.next()) != null) {
                int[] idx = new int[b.rowCount()];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = i;
                }
                for (int c = 0; c < b.numColumns(); c++) {
                    got.vector(c).appendRows(b.vector(c), idx, 0, idx.length);
                }
            }
        }
        assertThat(got.rowCount()).isEqualTo(n);
        for (int c = 0; c < expected.numColumns(); c++) {
            ColumnVector e = expected.vector(c);
            ColumnVector g = got.vector(c);
            for (int i = 0; i < n; i++) {
                assertThat(g.isNull(i)).as("null of column %d row %d", c, i).isEqualTo(e.isNull(i));
                if (!e.isNull(i)) {
                    assertThat(g.compare(i, e, i)).as("column %d row %d", c, i).isZero();
                }
            }
        }
    }

    @Test
    void sortedDictionaryAndLiteralBitShuffleReadBackAndShrinkTheFile() throws Exception {
        TabletSchema s = schema(CompressionTypePB.ZSTD);
        Block b = rows(s, 60_000, 7);
        SegmentWriterOptions big = SegmentWriterOptions.defaults(0).withDictPageSize(8 << 20);
        SegmentInfo plain = write("default.dat", s, big, b);
        SegmentInfo opt = write("opt.dat", s, big.withSizeOptimized(true), b);
        try (SegmentReader r =
                SegmentReader.open(LocalFileIO.INSTANCE, dir.resolve("opt.dat").toString(), s)) {
            assertReadsBack(r, b);
            assertThat(r.footer().getColumns(3).getEncoding())
                    .isEqualTo(EncodingTypePB.DICT_ENCODING);
            Dictionary d = r.column(3).dictionary();
            assertThat(d.size()).isGreaterThan(1000);
            for (int i = 1; i < d.size(); i++) {
                assertThat(Arrays.compareUnsigned(d.word(i - 1), d.word(i)))
                        .as("dictionary word %d", i)
                        .isNegative();
            }
        }
        try (SegmentReader r =
                SegmentReader.open(
                        LocalFileIO.INSTANCE, dir.resolve("default.dat").toString(), s)) {
            assertReadsBack(r, b);
        }
        // sorted words share prefixes: the dictionary page shrinks by well over 10 %
        assertThat(opt.fileSize()).isLessThan(plain.fileSize());
        assertThat(dictBytes("opt.dat", s)).isLessThan(dictBytes("default.dat", s) * 9 / 10);
    }

    private long dictBytes(String name, TabletSchema s) throws Exception {
        try (SegmentReader r =
                SegmentReader.open(LocalFileIO.INSTANCE, dir.resolve(name).toString(), s)) {
            return SegmentStats.of(r).columns().get(3).dictBytes();
        }
    }

    @Test
    void sortedDictionaryThatFillsUpFallsBackToPlainPages() throws Exception {
        TabletSchema s = schema(CompressionTypePB.LZ4F);
        Block b = rows(s, 30_000, 11);
        // a small dictionary fills after a few pages: deferred dict pages, then plain pages
        SegmentWriterOptions o = new SegmentWriterOptions(0, 4096, 8192, 1024, true, 0, true);
        write("f.dat", s, o, b);
        try (SegmentReader r =
                SegmentReader.open(LocalFileIO.INSTANCE, dir.resolve("f.dat").toString(), s)) {
            assertReadsBack(r, b);
            Dictionary d = r.column(3).dictionary();
            assertThat(d.size()).isBetween(2, 30_000);
            for (int i = 1; i < d.size(); i++) {
                assertThat(Arrays.compareUnsigned(d.word(i - 1), d.word(i))).isNegative();
            }
            assertThat(r.column(3).numPages()).isGreaterThan(3);
            assertThat(SegmentVerifier.verify(r)).isEmpty();
        }
    }

    @Test
    void literalBlocksAreValidLz4ForAnIndependentDecoder() {
        byte[] src = new byte[5000];
        new Random(3).nextBytes(src);
        for (int len : new int[] {1, 14, 15, 16, 269, 270, 271, 5000}) {
            byte[] dst = new byte[len + len / 255 + 16];
            int n = io.strata.engine.segment.encoding.BitShuffleAccess.literalBlock(src, len, dst);
            byte[] back = new byte[len];
            int used =
                    LZ4Factory.safeInstance().fastDecompressor().decompress(dst, 0, back, 0, len);
            assertThat(used).as("len %d", len).isEqualTo(n);
            assertThat(back).isEqualTo(Arrays.copyOf(src, len));
        }
    }

    @Test
    void pageSizeAndLevelOptionsChangePagesButNotValues() throws Exception {
        TabletSchema s = schema(CompressionTypePB.ZSTD);
        Block b = rows(s, 40_000, 5);
        write("p64.dat", s, SegmentWriterOptions.defaults(0), b);
        write(
                "p1m.dat",
                s,
                SegmentWriterOptions.defaults(0).withDataPageSize(1 << 20).withCompressionLevel(9),
                b);
        try (SegmentReader small =
                        SegmentReader.open(
                                LocalFileIO.INSTANCE, dir.resolve("p64.dat").toString(), s);
                SegmentReader large =
                        SegmentReader.open(
                                LocalFileIO.INSTANCE, dir.resolve("p1m.dat").toString(), s)) {
            // BIGINT: 8192 values per 64 KB page, all 40,000 in one 1 MB page
            assertThat(small.column(0).numPages()).isEqualTo(5);
            assertThat(large.column(0).numPages()).isEqualTo(1);
            assertReadsBack(large, b);
            SegmentStats.FileStats st = SegmentStats.of(large);
            assertThat(st.otherBytes()).isZero();
            assertThat(st.fileBytes()).isEqualTo(large.column(0).file().input().length());
            assertThat(List.of(st.columns().get(0).dataPages())).containsExactly(1L);
        }
    }
}
