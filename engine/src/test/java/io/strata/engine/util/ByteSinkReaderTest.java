package io.strata.engine.util;

import io.strata.engine.segment.CorruptSegmentException;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteSinkReaderTest {
    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void fixedWidthWritesAreLittleEndianExceptPutIntBE() {
        ByteSink s = new ByteSink(1);
        s.putByte(0xAB);
        s.putShortLE(0x0102);
        s.putIntLE(0x03040506);
        s.putIntBE(0x0708090A);
        s.putLongLE(0x1112131415161718L);
        assertThat(s.toByteArray())
                .containsExactly(
                        bytes(
                                0xAB, 0x02, 0x01, 0x06, 0x05, 0x04, 0x03, 0x07, 0x08, 0x09, 0x0A,
                                0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11));
        s.setIntLE(1, -1);
        assertThat(s.array()[1]).isEqualTo((byte) 0xFF);
        assertThat(s.array()[4]).isEqualTo((byte) 0xFF);
        s.reset();
        assertThat(s.size()).isZero();
    }

    @Test
    void varintsMatchProtobufEncoding() throws Exception {
        ByteSink s = new ByteSink();
        s.putVarint32(0);
        s.putVarint32(127);
        s.putVarint32(128);
        s.putVarint32(300);
        s.putVarint32(-1);
        s.putVarint64(Long.MIN_VALUE);
        byte[] b = s.toByteArray();
        assertThat(b)
                .startsWith(
                        bytes(0x00, 0x7F, 0x80, 0x01, 0xAC, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F));
        ByteReader r = new ByteReader(b, "f", 100);
        assertThat(r.getVarint32()).isEqualTo(0);
        assertThat(r.getVarint32()).isEqualTo(127);
        assertThat(r.getVarint32()).isEqualTo(128);
        assertThat(r.getVarint32()).isEqualTo(300);
        assertThat(r.getVarint32()).isEqualTo(-1);
        assertThat(r.getVarint64()).isEqualTo(Long.MIN_VALUE);
        assertThat(r.remaining()).isZero();
        assertThat(Varint.size32(300)).isEqualTo(2);
        assertThat(Varint.size64(Long.MIN_VALUE)).isEqualTo(10);
    }

    @Test
    void randomRoundTrip() throws Exception {
        Random rnd = new Random(7);
        ByteSink s = new ByteSink(2);
        long[] vals = new long[500];
        for (int i = 0; i < vals.length; i++) {
            vals[i] = rnd.nextLong() >>> rnd.nextInt(64);
            s.putVarint64(vals[i]);
            s.putIntLE((int) vals[i]);
            s.putLongLE(vals[i]);
        }
        ByteReader r = new ByteReader(s.array(), 0, s.size(), "f", 0);
        for (long v : vals) {
            assertThat(r.getVarint64()).isEqualTo(v);
            assertThat(r.getIntLE()).isEqualTo((int) v);
            assertThat(r.getLongLE()).isEqualTo(v);
        }
    }

    @Test
    void readsPastTheEndNameFileAndAbsoluteOffset() throws Exception {
        byte[] b = bytes(9, 9, 1, 2, 3, 9);
        ByteReader r = new ByteReader(b, 2, 3, "seg.dat", 1000);
        r.getByte();
        assertThatThrownBy(r::getIntLE)
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("seg.dat")
                .hasMessageContaining("offset 1001");
        assertThatThrownBy(() -> r.skip(3)).isInstanceOf(CorruptSegmentException.class);
        assertThatThrownBy(() -> r.getBytes(-1)).isInstanceOf(CorruptSegmentException.class);
        r.skip(2);
        assertThatThrownBy(r::getByte).isInstanceOf(CorruptSegmentException.class);
    }

    @Test
    void malformedVarintsAreCorrupt() {
        ByteReader unterminated = new ByteReader(bytes(0x80, 0x80), "f", 0);
        assertThatThrownBy(unterminated::getVarint32).isInstanceOf(CorruptSegmentException.class);
        ByteReader tooLong = new ByteReader(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x1F), "f", 0);
        assertThatThrownBy(tooLong::getVarint32).isInstanceOf(CorruptSegmentException.class);
        byte[] eleven = new byte[11];
        java.util.Arrays.fill(eleven, (byte) 0x80);
        assertThatThrownBy(() -> new ByteReader(eleven, "f", 0).getVarint64())
                .isInstanceOf(CorruptSegmentException.class);
    }

    @Test
    void crc32cMatchesKnownVector() {
        // RFC 3720 / iSCSI test vector: CRC-32C of "123456789" is 0xE3069283
        byte[] b = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(Crc32c.compute(b, 0, b.length)).isEqualTo(0xE3069283);
    }
}
