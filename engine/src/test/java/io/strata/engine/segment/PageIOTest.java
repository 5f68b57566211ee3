package io.strata.engine.segment;

import io.strata.engine.io.InputFile;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.util.Crc32c;
import io.strata.proto.segment.CompressionTypePB;
import io.strata.proto.segment.DataPageFooterPB;
import io.strata.proto.segment.PageFooterPB;
import io.strata.proto.segment.PagePointerPB;
import io.strata.proto.segment.PageTypePB;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageIOTest {
    private static PageFooterPB.Builder dataFooter(long rows) {
        return PageFooterPB.newBuilder()
                .setType(PageTypePB.DATA_PAGE)
                .setDataPageFooter(
                        DataPageFooterPB.newBuilder()
                                .setFirstOrdinal(0)
                                .setNumValues(rows)
                                .setNullmapSize(0));
    }

    @Test
    void uncompressedPageBytesByHand() throws Exception {
        byte[] body = {1, 2, 3};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[5]);
        PagePointerPB ptr =
                PageIO.writePage(out, 5, body, 3, dataFooter(3), CompressionTypePB.NO_COMPRESSION);
        byte[] page = Arrays.copyOfRange(out.toByteArray(), 5, out.size());
        // footer: type=1 (08 01), uncompressed_size=3 (10 03),
        // data_page_footer {first_ordinal 0, num_values 3, nullmap_size 0} (3A 06 08 00 10 03 18
        // 00)
        byte[] expectedNoCrc = {
            1, 2, 3, 0x08, 0x01, 0x10, 0x03, 0x3A, 0x06, 0x08, 0x00, 0x10, 0x03, 0x18, 0x00, 12, 0,
            0, 0
        };
        assertThat(Arrays.copyOf(page, expectedNoCrc.length)).containsExactly(expectedNoCrc);
        int crc = Crc32c.compute(expectedNoCrc, 0, expectedNoCrc.length);
        assertThat(Arrays.copyOfRange(page, expectedNoCrc.length, page.length))
                .containsExactly(
                        (byte) crc, (byte) (crc >>> 8), (byte) (crc >>> 16), (byte) (crc >>> 24));
        assertThat(ptr.getOffset()).isEqualTo(5);
        assertThat(ptr.getSize()).isEqualTo(page.length);
        PageIO.Page p =
                PageIO.readPage(page, CompressionTypePB.NO_COMPRESSION, "test page", "f", 5);
        assertThat(p.body()).containsExactly(body);
        assertThat(p.footer().getDataPageFooter().getNumValues()).isEqualTo(3);
    }

    @Test
    void everySingleByteFlipIsDetected() throws Exception {
        byte[] body = new byte[40];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i % 4);
        }
        for (CompressionTypePB codec :
                new CompressionTypePB[] {
                    CompressionTypePB.NO_COMPRESSION, CompressionTypePB.LZ4F, CompressionTypePB.ZSTD
                }) {
            byte[] page = PageIO.buildPage(body, body.length, dataFooter(10), codec);
            assertThat(PageIO.readPage(page, codec, "p", "f", 0).body()).containsExactly(body);
            for (int i = 0; i < page.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] bad = page.clone();
                    bad[i] ^= (byte) (1 << bit);
                    final int at = i;
                    assertThatThrownBy(() -> PageIO.readPage(bad, codec, "p", "seg.dat", 1000))
                            .as("flip at %d bit %d", at, bit)
                            .isInstanceOf(CorruptSegmentException.class)
                            .hasMessageContaining("seg.dat");
                }
            }
        }
    }

    /** Builds a page with a correct CRC around arbitrary body/footer bytes. */
    private static byte[] rawPage(byte[] body, byte[] footer) {
        byte[] p = new byte[body.length + footer.length + 8];
        System.arraycopy(body, 0, p, 0, body.length);
        System.arraycopy(footer, 0, p, body.length, footer.length);
        int q = body.length + footer.length;
        p[q] = (byte) footer.length;
        p[q + 1] = (byte) (footer.length >>> 8);
        int crc = Crc32c.compute(p, 0, q + 4);
        for (int k = 0; k < 4; k++) {
            p[q + 4 + k] = (byte) (crc >>> (8 * k));
        }
        return p;
    }

    @Test
    void structuralCorruptionWithValidCrc() {
        // footer length beyond the page
        byte[] p = rawPage(new byte[0], new byte[0]);
        p[0] = 9;
        int crc = Crc32c.compute(p, 0, 4);
        for (int k = 0; k < 4; k++) {
            p[4 + k] = (byte) (crc >>> (8 * k));
        }
        assertThatThrownBy(() -> PageIO.readPage(p, CompressionTypePB.LZ4F, "p", "f", 0))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("footer length");
        // footer that does not parse
        assertThatThrownBy(
                        () ->
                                PageIO.readPage(
                                        rawPage(new byte[] {1}, new byte[] {(byte) 0xFF}),
                                        CompressionTypePB.LZ4F,
                                        "p",
                                        "f",
                                        0))
                .isInstanceOf(CorruptSegmentException.class);
        // uncompressed_size differs but the bytes are not a valid LZ4 frame
        byte[] footer = dataFooter(1).setUncompressedSize(50).build().toByteArray();
        assertThatThrownBy(
                        () ->
                                PageIO.readPage(
                                        rawPage(new byte[] {1, 2, 3, 4, 5}, footer),
                                        CompressionTypePB.LZ4F,
                                        "p",
                                        "f",
                                        0))
                .isInstanceOf(CorruptSegmentException.class);
        // huge uncompressed_size must be refused before allocating
        byte[] hugeFooter = dataFooter(1).setUncompressedSize(-2).build().toByteArray();
        assertThatThrownBy(
                        () ->
                                PageIO.readPage(
                                        rawPage(new byte[] {1, 2, 3}, hugeFooter),
                                        CompressionTypePB.LZ4,
                                        "p",
                                        "f",
                                        0))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("impossible");
        // too short
        assertThatThrownBy(() -> PageIO.readPage(new byte[7], CompressionTypePB.LZ4, "p", "f", 0))
                .isInstanceOf(CorruptSegmentException.class);
    }

    @Test
    void fileRoundTripAndPointerChecks(@TempDir Path dir) throws Exception {
        String path = dir.resolve("seg.dat").toString();
        byte[] compressible = new byte[70_000];
        for (int i = 0; i < compressible.length; i++) {
            compressible[i] = (byte) (i / 100);
        }
        byte[] random = new byte[3000];
        new Random(1).nextBytes(random);
        PagePointerPB p1;
        PagePointerPB p2;
        try (OutputStream out = LocalFileIO.INSTANCE.create(path)) {
            p1 =
                    PageIO.writePage(
                            out,
                            0,
                            compressible,
                            compressible.length,
                            dataFooter(1),
                            CompressionTypePB.LZ4F);
            p2 =
                    PageIO.writePage(
                            out,
                            p1.getSize(),
                            random,
                            random.length,
                            dataFooter(1),
                            CompressionTypePB.LZ4F);
        }
        assertThat(p1.getSize()).isLessThan(compressible.length / 2);
        // incompressible body is stored raw (10 % rule)
        assertThat(p2.getSize()).isGreaterThan(random.length);
        try (InputFile in = LocalFileIO.INSTANCE.open(path)) {
            assertThat(PageIO.readPage(in, p1, CompressionTypePB.LZ4F, "c1").body())
                    .isEqualTo(compressible);
            PageIO.Page pg = PageIO.readPage(in, p2, CompressionTypePB.LZ4F, "c1");
            assertThat(pg.body()).isEqualTo(random);
            assertThat(pg.footer().getUncompressedSize()).isEqualTo(random.length);
            PagePointerPB past = p2.toBuilder().setSize(p2.getSize() + 1).build();
            assertThatThrownBy(() -> PageIO.readPage(in, past, CompressionTypePB.LZ4F, "c1"))
                    .isInstanceOf(CorruptSegmentException.class)
                    .hasMessageContaining("outside the file");
            PagePointerPB tiny = p2.toBuilder().setSize(7).build();
            assertThatThrownBy(() -> PageIO.readPage(in, tiny, CompressionTypePB.LZ4F, "c1"))
                    .isInstanceOf(CorruptSegmentException.class);
            PagePointerPB shifted = p2.toBuilder().setOffset(p2.getOffset() - 1).build();
            assertThatThrownBy(() -> PageIO.readPage(in, shifted, CompressionTypePB.LZ4F, "c1"))
                    .isInstanceOf(CorruptSegmentException.class)
                    .hasMessageContaining("checksum");
        }
    }
}
