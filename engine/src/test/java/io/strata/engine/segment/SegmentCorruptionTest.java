package io.strata.engine.segment;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Flips every byte of a small but complete segment (several columns, nulls, a dictionary, zone
 * maps, a bloom filter, a bitmap index, the short-key page) and truncates it at every length: open
 * plus a full scan must throw a CorruptSegmentException naming the file and an offset (or another
 * IOException for a short read), never return different rows.
 */
class SegmentCorruptionTest {
    @TempDir Path dir;
    private TabletSchema schema;
    private byte[] good;
    private List<List<Object>> expected;

    @BeforeEach
    void writeSegment() throws Exception {
        schema =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.INT))
                                        .nullable(false)
                                        .key(true)
                                        .build())
                        .column(Column.builder("s", DataType.varchar(20)).bloomFilter(true).build())
                        .column(
                                Column.builder("d", DataType.decimal(10, 2))
                                        .bitmapIndex(true)
                                        .build())
                        .column(Column.builder("b", DataType.of(FieldType.BOOLEAN)).build())
                        .build();
        Random r = new Random(5);
        Block b = Block.create(schema.columns(), 64);
        for (int i = 0; i < 40; i++) {
            b.appendRow(
                    i,
                    i % 7 == 0 ? null : "w" + (i % 5),
                    i % 9 == 0 ? null : new java.math.BigDecimal(r.nextInt(5) + ".25"),
                    i % 4 == 0 ? null : (i % 3 == 0));
        }
        String path = dir.resolve("good.dat").toString();
        // small pages: several data pages per column, so ordinal index pages exist too
        SegmentWriterOptions o = new SegmentWriterOptions(0, 64, 4096, 16, true);
        try (SegmentWriter w = new SegmentWriter(LocalFileIO.INSTANCE, path, schema, o)) {
            w.append(b);
            w.finish();
        }
        good = Files.readAllBytes(Path.of(path));
        expected = b.toRows();
        assertThat(scan(path)).isEqualTo(expected);
    }

    private List<List<Object>> scan(String path) throws IOException {
        return scan(LocalFileIO.INSTANCE, path);
    }

    private List<List<Object>> scan(io.strata.engine.io.FileIO io, String path) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        try (SegmentReader r = SegmentReader.open(io, path, schema)) {
            try (SegmentIterator it = r.newIterator(SegmentReadOptions.all(schema.numColumns()))) {
                Block b;
                while ((b = it.next()) != null) {
                    rows.addAll(b.toRows());
                }
            }
            // exercise the pruning paths too
            try (SegmentIterator it =
                    r.newIterator(
                            new SegmentReadOptions(
                                    new int[] {0},
                                    List.of(
                                            ColumnPredicate.eq("s", "w3"),
                                            ColumnPredicate.in(
                                                    "d",
                                                    List.of(new java.math.BigDecimal("1.25")))),
                                    16,
                                    new ReadStats()))) {
                while (it.next() != null) {
                    // drain
                }
            }
        }
        return rows;
    }

    @Test
    void everySingleByteFlipIsDetected() throws Exception {
        Path p = dir.resolve("bad.dat");
        int undetected = 0;
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= (byte) (1 + (i % 255));
            try {
                List<List<Object>> rows = scan(new BytesFileIO(p.toString(), bad), p.toString());
                assertThat(rows).as("flip at %d returned different rows", i).isEqualTo(expected);
                undetected++;
            } catch (CorruptSegmentException e) {
                assertThat(e.getMessage()).contains(p.toString()).contains("offset");
                assertThat(e.offset()).isBetween(0L, (long) good.length);
            } catch (IOException e) {
                assertThat(e.getMessage()).contains(p.toString());
            } catch (RuntimeException e) {
                fail("flip at " + i + " of " + good.length + " threw " + e, e);
            }
        }
        assertThat(undetected).as("undetected flips").isZero();
    }

    @Test
    void everyTruncationIsDetected() throws Exception {
        Path p = dir.resolve("short.dat");
        for (int len = 0; len < good.length; len++) {
            try {
                scan(new BytesFileIO(p.toString(), Arrays.copyOf(good, len)), p.toString());
                fail("truncation to " + len + " bytes was not detected");
            } catch (CorruptSegmentException e) {
                assertThat(e.getMessage()).contains(p.toString());
            } catch (IOException e) {
                assertThat(e.getMessage()).contains(p.toString());
            } catch (RuntimeException e) {
                fail("truncation to " + len + " threw " + e, e);
            }
        }
    }

    @Test
    void everyByteFlipOfAMergeOnWriteSegmentIsDetected() throws Exception {
        TabletSchema mow =
                TabletSchema.builder(KeysType.UNIQUE_KEYS)
                        .mergeOnWrite(true)
                        .compression(io.strata.proto.segment.CompressionTypePB.ZSTD)
                        .column(
                                Column.builder("k", DataType.varchar(12))
                                        .nullable(false)
                                        .key(true)
                                        .build())
                        .column(
                                Column.builder("v", DataType.of(FieldType.BIGINT))
                                        .aggregation(
                                                io.strata.engine.schema.AggregationType.REPLACE)
                                        .build())
                        .build();
        Block b = Block.create(mow.columns(), 40);
        for (int i = 0; i < 40; i++) {
            b.appendRow("key" + (100 + i), i % 5 == 0 ? null : (long) i * i);
        }
        String path = dir.resolve("mow.dat").toString();
        try (SegmentWriter w =
                new SegmentWriter(
                        LocalFileIO.INSTANCE, path, mow, SegmentWriterOptions.defaults(0))) {
            w.append(b);
            w.finish();
        }
        byte[] ok = Files.readAllBytes(Path.of(path));
        Path p = dir.resolve("mowbad.dat");
        for (int i = 0; i < ok.length; i++) {
            byte[] bad = ok.clone();
            bad[i] ^= (byte) 0x5a;
            try (SegmentReader r =
                            SegmentReader.open(
                                    new BytesFileIO(p.toString(), bad), p.toString(), mow);
                    SegmentIterator it = r.newIterator(SegmentReadOptions.all(2))) {
                while (it.next() != null) {
                    // drain
                }
                fail("flip at " + i + " of " + ok.length + " was not detected");
            } catch (IOException e) {
                assertThat(e.getMessage()).contains(p.toString());
            }
        }
    }
}
