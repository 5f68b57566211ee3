package io.strata.engine.segment;

import io.strata.engine.block.Block;
import io.strata.engine.block.BytesVector;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.io.InputFile;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.column.ColumnReader;
import io.strata.proto.segment.CompressionTypePB;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bit-shuffled page body is tried with an LZ4 page codec only when a probe of its first bytes
 * says LZ4 pays. Checked against the 10 % rule itself on columns from random to sorted, periodic
 * and constant, nullable and dictionary-coded: every data page stored raw would also have been
 * stored raw had the whole page been tried (so the files are what trying every page gives), pages
 * that LZ4 does shrink are still compressed, and everything reads back. For every codec, a stored
 * compressed body is one the rule keeps compressed.
 */
class BitShufflePageCodecTest {
    @TempDir Path dir;

    static TabletSchema schema(CompressionTypePB codec) {
        return TabletSchema.builder(KeysType.DUP_KEYS)
                .column(Column.builder("k", DataType.of(FieldType.BIGINT)).key(true).build())
                .column(Column.builder("rnd", DataType.of(FieldType.BIGINT)).build())
                .column(Column.builder("small", DataType.of(FieldType.INT)).nullable(true).build())
                .column(Column.builder("periodic", DataType.of(FieldType.INT)).build())
                .column(Column.builder("constant", DataType.of(FieldType.BIGINT)).build())
                .column(Column.builder("price", DataType.decimal(15, 2)).build())
                .column(Column.builder("date", DataType.of(FieldType.DATEV2)).build())
                .column(Column.builder("flag", DataType.varchar(8)).build())
                .column(Column.builder("word", DataType.varchar(16)).build())
                .column(Column.builder("qty", DataType.of(FieldType.INT)).build())
                .column(Column.builder("ts", DataType.of(FieldType.BIGINT)).build())
                .column(Column.builder("bit", DataType.of(FieldType.BIGINT)).build())
                .column(Column.builder("phase", DataType.of(FieldType.INT)).build())
                .compression(codec)
                .build();
    }

    static Block rows(TabletSchema s, int n) {
        Random r = new Random(5);
        Block b = Block.create(s.columns(), n);
        String[] flags = {"R", "A", "N", "O", "F"};
        for (int i = 0; i < n; i++) {
            ((LongVector) b.vector(0)).append(i / 3);
            ((LongVector) b.vector(1)).append(r.nextLong());
            if (i % 11 == 0) {
                b.vector(2).appendNull();
            } else {
                ((IntVector) b.vector(2)).append(r.nextInt(50));
            }
            ((IntVector) b.vector(3)).append(i % 4096);
            ((LongVector) b.vector(4)).append(42);
            ((LongVector) b.vector(5))
                    .append(100L * (1 + r.nextInt(50)) * (9_000 + r.nextInt(20_001)));
            // DATEV2 packs year << 9 | month << 5 | day
            ((IntVector) b.vector(6))
                    .append(
                            (1992 + r.nextInt(7)) << 9
                                    | (1 + r.nextInt(12)) << 5
                                    | (1 + r.nextInt(28)));
            ((BytesVector) b.vector(7))
                    .append(flags[r.nextInt(flags.length)].getBytes(StandardCharsets.UTF_8));
            ((BytesVector) b.vector(8))
                    .append(("w" + r.nextInt(3000)).getBytes(StandardCharsets.UTF_8));
            ((IntVector) b.vector(9)).append(1 + r.nextInt(50));
            ((LongVector) b.vector(10)).append(1_700_000_000_000L + i * 1000L + r.nextInt(100));
            ((LongVector) b.vector(11)).append(r.nextInt(2));
            // random in the first half of every 16,384 rows, then a run: pages change midway
            ((IntVector) b.vector(12)).append(i % 16_384 < 8_192 ? r.nextInt() : 7);
        }
        return b;
    }

    private static int footerLength(byte[] page) {
        int n = page.length;
        return (page[n - 8] & 0xFF)
                | (page[n - 7] & 0xFF) << 8
                | (page[n - 6] & 0xFF) << 16
                | (page[n - 5] & 0xFF) << 24;
    }

    @ParameterizedTest
    @EnumSource(
            value = CompressionTypePB.class,
            names = {"LZ4F", "LZ4", "ZSTD"})
    void rawPagesAreExactlyThoseTheTenPercentRuleKeepsRaw(CompressionTypePB codec)
            throws Exception {
        TabletSchema s = schema(codec);
        Block b = rows(s, 200_000);
        String path = dir.resolve(codec + ".dat").toString();
        try (SegmentWriter w =
                new SegmentWriter(
                        LocalFileIO.INSTANCE, path, s, SegmentWriterOptions.defaults(0))) {
            w.append(b);
            w.finish();
        }
        int raw = 0;
        int compressed = 0;
        try (SegmentReader r = SegmentReader.open(LocalFileIO.INSTANCE, path, s)) {
            for (int c = 0; c < s.columns().size(); c++) {
                ColumnReader cr = r.column(c);
                InputFile in = cr.file().input();
                for (int p = 0; p < cr.numPages(); p++) {
                    byte[] page = new byte[cr.pageSize(p)];
                    in.readFully(cr.pageOffset(p), page, 0, page.length);
                    byte[] body =
                            PageIO.readPage(page, codec, "data page", path, cr.pageOffset(p))
                                    .body();
                    boolean storedRaw = page.length - 8 - footerLength(page) == body.length;
                    byte[] tried = Compression.compress(codec, body, 0, body.length);
                    assertThat(storedRaw)
                            .as("column %s page %d stored raw", s.columns().get(c).name(), p)
                            .isEqualTo(tried == null);
                    if (storedRaw) {
                        raw++;
                    } else {
                        compressed++;
                    }
                }
            }
            SizeOptimizedSegmentTest.assertReadsBack(r, b);
        }
        assertThat(raw).isPositive(); // random-looking bit planes
        assertThat(compressed).isPositive(); // sorted key, periodic and constant columns
    }
}
