package io.strata.engine.segment;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.proto.segment.BTreeMetaPB;
import io.strata.proto.segment.ColumnIndexMetaPB;
import io.strata.proto.segment.ColumnIndexTypePB;
import io.strata.proto.segment.ColumnMetaPB;
import io.strata.proto.segment.CompressionTypePB;
import io.strata.proto.segment.EncodingTypePB;
import io.strata.proto.segment.IndexedColumnMetaPB;
import io.strata.proto.segment.OrdinalIndexPB;
import io.strata.proto.segment.PagePointerPB;
import io.strata.proto.segment.SegmentFooterPB;
import io.strata.proto.segment.ZoneMapIndexPB;
import io.strata.proto.segment.ZoneMapPB;

import com.google.protobuf.ByteString;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A complete tiny segment (one INT NOT NULL key column, rows 1, 2, 3, no compression) whose bytes
 * this test derives step by step from the format reference (§1 file, §2 page, §3.5 bitshuffle, §3.3
 * binary plain, §4.2 ordinal, §4.3 zone map, §4.7 short key), then compares with the writer. Only
 * the LZ4 block inside bitshuffle and the big footer message are produced by libraries (LZ4 and
 * protobuf); their inputs are built by hand here.
 */
class TinySegmentGoldenTest {
    @TempDir Path dir;

    private final ByteArrayOutputStream file = new ByteArrayOutputStream();

    private static void u32le(ByteArrayOutputStream o, long v) {
        o.write((int) v);
        o.write((int) (v >>> 8));
        o.write((int) (v >>> 16));
        o.write((int) (v >>> 24));
    }

    private static byte[] bytes(int... b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = (byte) b[i];
        }
        return r;
    }

    /** Appends body + footer + u32 footer length + u32 crc32c(all before); returns the pointer. */
    private PagePointerPB page(byte[] body, byte[] footer) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(body);
        p.writeBytes(footer);
        u32le(p, footer.length);
        byte[] sofar = p.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(sofar);
        u32le(p, crc.getValue());
        long offset = file.size();
        file.writeBytes(p.toByteArray());
        return PagePointerPB.newBuilder().setOffset(offset).setSize(p.size()).build();
    }

    @Test
    void writerProducesTheHandDerivedBytes() throws Exception {
        // ---- data page of column k: BIT_SHUFFLE of INT32 [1, 2, 3] -------------------------
        // 3 values padded to 8 (zeros); one final block of 8 elements x 4 bytes; bit transpose:
        // plane (byte 0, bit 0) = elements with bit 0 set = {0 (1), 2 (3)} -> 0b00000101;
        // plane (byte 0, bit 1) = {1 (2), 2 (3)} -> 0b00000110; the other 30 planes are 0.
        byte[] transposed = new byte[32];
        transposed[0] = 0b101;
        transposed[1] = 0b110;
        byte[] lz4 = LZ4Factory.fastestInstance().fastCompressor().compress(transposed);
        ByteArrayOutputStream bs = new ByteArrayOutputStream();
        int payload = 4 + lz4.length;
        u32le(bs, 3); // num_elements
        u32le(bs, 16 + payload); // compressed size: header + payload
        u32le(bs, 8); // padded num_elements
        u32le(bs, 4); // elem_size
        bs.write(lz4.length >>> 24); // block length, big-endian
        bs.write(lz4.length >>> 16);
        bs.write(lz4.length >>> 8);
        bs.write(lz4.length);
        bs.writeBytes(lz4);
        byte[] body = bs.toByteArray();
        // PageFooterPB{type=DATA_PAGE(1), uncompressed_size, data_page_footer(7){first_ordinal 0,
        // num_values 3, nullmap_size 0}}
        byte[] dataFooter =
                concat(
                        bytes(
                                0x08,
                                0x01,
                                0x10,
                                body.length,
                                0x3a,
                                0x06,
                                0x08,
                                0x00,
                                0x10,
                                0x03,
                                0x18,
                                0x00));
        PagePointerPB dataPage = page(body, dataFooter);
        long dataBytes = file.size();
        // ---- ordinal index: one data page -> the root points at it; nothing written -------------
        // ---- page zone maps: 3 rows < 20 -> pass_all, empty min/max
        // -------------------------------
        byte[] pageZone =
                bytes(
                        0x0a, 0x00, 0x12, 0x00, 0x18, 0x00, 0x20, 0x01, 0x28, 0x01, 0x30, 0x00,
                        0x38, 0x00, 0x40, 0x00);
        // binary plain page: value, u32 offset 0, u32 count 1
        ByteArrayOutputStream zb = new ByteArrayOutputStream();
        zb.writeBytes(pageZone);
        u32le(zb, 0);
        u32le(zb, 1);
        byte[] zbody = zb.toByteArray();
        byte[] zfooter =
                bytes(
                        0x08,
                        0x01,
                        0x10,
                        zbody.length,
                        0x3a,
                        0x06,
                        0x08,
                        0x00,
                        0x10,
                        0x01,
                        0x18,
                        0x00);
        long zoneStart = file.size();
        PagePointerPB zonePage = page(zbody, zfooter);
        long zoneSize = file.size() - zoneStart;
        // ---- short-key page: entry of row 0 = 0x02 + INT 1 sign-flipped BE; offsets varint 0
        // ------
        byte[] skBody = bytes(0x02, 0x80, 0x00, 0x00, 0x01, 0x00);
        // PageFooterPB{type SHORT_KEY_PAGE(4), uncompressed_size 6, short_key_page_footer(10){
        //   num_items 1, key_bytes 5, offset_bytes 1, segment_id 0, num_rows_per_block 1024 (varint
        //   80 08), num_segment_rows 3}}
        byte[] skFooter =
                bytes(
                        0x08, 0x04, 0x10, 0x06, 0x52, 0x0d, 0x08, 0x01, 0x10, 0x05, 0x18, 0x01,
                        0x20, 0x00, 0x28, 0x80, 0x08, 0x30, 0x03);
        PagePointerPB skPage = page(skBody, skFooter);
        // ---- footer ---------------------------------------------------------------------------
        ColumnMetaPB col =
                ColumnMetaPB.newBuilder()
                        .setColumnId(0)
                        .setUniqueId(0)
                        .setType(5)
                        .setLength(4)
                        .setEncoding(EncodingTypePB.BIT_SHUFFLE)
                        .setCompression(CompressionTypePB.NO_COMPRESSION)
                        .setIsNullable(false)
                        .addIndexes(
                                ColumnIndexMetaPB.newBuilder()
                                        .setType(ColumnIndexTypePB.ORDINAL_INDEX)
                                        .setOrdinalIndex(
                                                OrdinalIndexPB.newBuilder()
                                                        .setRootPage(
                                                                BTreeMetaPB.newBuilder()
                                                                        .setRootPage(dataPage)
                                                                        .setIsRootDataPage(true))))
                        .addIndexes(
                                ColumnIndexMetaPB.newBuilder()
                                        .setType(ColumnIndexTypePB.ZONE_MAP_INDEX)
                                        .setZoneMapIndex(
                                                ZoneMapIndexPB.newBuilder()
                                                        .setSegmentZoneMap(
                                                                ZoneMapPB.newBuilder()
                                                                        .setMin(
                                                                                ByteString
                                                                                        .copyFromUtf8(
                                                                                                "1"))
                                                                        .setMax(
                                                                                ByteString
                                                                                        .copyFromUtf8(
                                                                                                "3"))
                                                                        .setHasNull(false)
                                                                        .setHasNotNull(true)
                                                                        .setPassAll(false)
                                                                        .setHasPositiveInf(false)
                                                                        .setHasNegativeInf(false)
                                                                        .setHasNan(false))
                                                        .setPageZoneMaps(
                                                                IndexedColumnMetaPB.newBuilder()
                                                                        .setDataType(25)
                                                                        .setEncoding(
                                                                                EncodingTypePB
                                                                                        .PLAIN_ENCODING)
                                                                        .setNumValues(1)
                                                                        .setOrdinalIndexMeta(
                                                                                BTreeMetaPB
                                                                                        .newBuilder()
                                                                                        .setRootPage(
                                                                                                zonePage)
                                                                                        .setIsRootDataPage(
                                                                                                true))
                                                                        .setCompression(
                                                                                CompressionTypePB
                                                                                        .NO_COMPRESSION)
                                                                        .setSize(zoneSize))))
                        .setNumRows(3)
                        .setPrecision(0)
                        .setFrac(0)
                        .setResultIsNullable(false)
                        .setFunctionName("NONE")
                        .setBeExecVersion(0)
                        .setCompressedDataBytes(dataBytes)
                        .setUncompressedDataBytes(body.length)
                        .setRawDataBytes(12)
                        .build();
        byte[] footer =
                SegmentFooterPB.newBuilder()
                        .setVersion(1)
                        .addColumns(col)
                        .setNumRows(3)
                        .setShortKeyIndexPage(skPage)
                        .build()
                        .toByteArray();
        file.writeBytes(footer);
        u32le(file, footer.length);
        CRC32C crc = new CRC32C();
        crc.update(footer);
        u32le(file, crc.getValue());
        file.writeBytes(bytes('D', '0', 'R', '1'));
        byte[] expected = file.toByteArray();

        // ---- the writer ---------------------------------------------------------------------
        TabletSchema schema =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .compression(CompressionTypePB.NO_COMPRESSION)
                        .column(
                                Column.builder("k", DataType.of(FieldType.INT))
                                        .nullable(false)
                                        .key(true)
                                        .build())
                        .build();
        Block b = Block.create(schema.columns(), 3);
        b.appendRow(1);
        b.appendRow(2);
        b.appendRow(3);
        String path = dir.resolve("tiny.dat").toString();
        try (SegmentWriter w =
                new SegmentWriter(
                        LocalFileIO.INSTANCE, path, schema, SegmentWriterOptions.defaults(0))) {
            w.append(b);
            SegmentInfo info = w.finish();
            assertThat(info.fileSize()).isEqualTo(expected.length);
            assertThat(info.minKey()).containsExactly(0x02, 0x80, 0x00, 0x00, 0x01);
            assertThat(info.maxKey()).containsExactly(0x02, 0x80, 0x00, 0x00, 0x03);
        }
        byte[] actual = Files.readAllBytes(Path.of(path));
        assertThat(
                        SegmentFooterPB.parseFrom(
                                java.util.Arrays.copyOfRange(
                                        actual,
                                        actual.length - 12 - footer.length,
                                        actual.length - 12)))
                .isEqualTo(SegmentFooterPB.parseFrom(footer));
        assertThat(actual).isEqualTo(expected);
    }

    private static byte[] concat(byte[] b) {
        return b;
    }
}
