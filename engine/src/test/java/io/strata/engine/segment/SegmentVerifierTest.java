package io.strata.engine.segment;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.proto.segment.PagePointerPB;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier finds index contents that disagree with the data even when every checksum is valid
 * (a writer bug rather than bit rot): here a page zone map whose max is edited and re-sealed with a
 * correct page CRC.
 */
class SegmentVerifierTest {
    @TempDir Path dir;

    @Test
    void detectsAZoneMapThatDoesNotMatchTheData() throws Exception {
        TabletSchema s =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.INT))
                                        .nullable(false)
                                        .key(true)
                                        .build())
                        .column(
                                Column.builder("v", DataType.varchar(8))
                                        .bloomFilter(true)
                                        .bitmapIndex(true)
                                        .build())
                        .build();
        Block b = Block.create(s.columns(), 100);
        for (int i = 0; i < 100; i++) {
            b.appendRow(i, i % 3 == 0 ? null : "v" + (i % 4));
        }
        Path path = dir.resolve("v.dat");
        try (SegmentWriter w =
                new SegmentWriter(
                        LocalFileIO.INSTANCE,
                        path.toString(),
                        s,
                        SegmentWriterOptions.defaults(0))) {
            w.append(b);
            w.finish();
        }
        PagePointerPB zonePage;
        try (SegmentReader r = SegmentReader.open(LocalFileIO.INSTANCE, path.toString(), s)) {
            assertThat(SegmentVerifier.verify(r)).isEmpty();
            zonePage =
                    r.footer()
                            .getColumns(0)
                            .getIndexes(1)
                            .getZoneMapIndex()
                            .getPageZoneMaps()
                            .getOrdinalIndexMeta()
                            .getRootPage();
        }
        byte[] file = Files.readAllBytes(path);
        int start = (int) zonePage.getOffset();
        int end = start + zonePage.getSize();
        // the page zone map of k (rows 0..99) holds max "99": make it "98", then re-seal the CRC
        byte[] max = {0x12, 0x02, '9', '9'};
        int at = indexOf(file, start, end, max);
        assertThat(at).isPositive();
        file[at + 3] = '8';
        CRC32C crc = new CRC32C();
        crc.update(file, start, end - start - 4);
        int c = (int) crc.getValue();
        for (int i = 0; i < 4; i++) {
            file[end - 4 + i] = (byte) (c >>> (8 * i));
        }
        Path bad = dir.resolve("bad.dat");
        Files.write(bad, file);
        try (SegmentReader r = SegmentReader.open(LocalFileIO.INSTANCE, bad.toString(), s)) {
            List<String> problems = SegmentVerifier.verify(r);
            assertThat(problems).hasSize(1);
            assertThat(problems.get(0)).contains("k page 0").contains("zone map").contains("'98'");
        }
    }

    private static int indexOf(byte[] a, int from, int to, byte[] pat) {
        outer:
        for (int i = from; i + pat.length <= to; i++) {
            for (int j = 0; j < pat.length; j++) {
                if (a[i + j] != pat[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
