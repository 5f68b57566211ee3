package io.strata.engine.segment.encoding;

import io.strata.engine.segment.CorruptSegmentException;
import io.strata.engine.util.ByteSink;

import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static io.strata.engine.segment.encoding.RleTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BitShuffleTest {
    /** Bit-by-bit transpose straight from the reference's definition (§3.5). */
    static byte[] naiveTranspose(byte[] in, int off, int m, int elem) {
        byte[] out = new byte[m * elem];
        int rowBytes = m / 8;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < elem; j++) {
                int b = in[off + i * elem + j] & 0xFF;
                for (int k = 0; k < 8; k++) {
                    if ((b >>> k & 1) != 0) {
                        out[(j * 8 + k) * rowBytes + i / 8] |= (byte) (1 << (i % 8));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void blockSizes() {
        assertThat(BitShuffle.blockSize(1)).isEqualTo(8192);
        assertThat(BitShuffle.blockSize(2)).isEqualTo(4096);
        assertThat(BitShuffle.blockSize(4)).isEqualTo(2048);
        assertThat(BitShuffle.blockSize(8)).isEqualTo(1024);
        assertThat(BitShuffle.blockSize(16)).isEqualTo(512);
    }

    @Test
    void transposeOfInt32OneToEightByHand() {
        byte[] in = new byte[32];
        for (int i = 0; i < 8; i++) {
            in[i * 4] = (byte) (i + 1);
        }
        byte[] out = new byte[32];
        BitShuffle.transposeBits(in, 0, 8, 4, out);
        // bit0 of 1..8 -> elements 0,2,4,6 -> 0x55; bit1 -> 2,3,6,7 = elements 1,2,5,6 -> 0x66;
        // bit2 -> 4..7 = elements 3..6 -> 0x78; bit3 -> 8 = element 7 -> 0x80
        byte[] want = new byte[32];
        want[0] = 0x55;
        want[1] = 0x66;
        want[2] = 0x78;
        want[3] = (byte) 0x80;
        assertThat(out).containsExactly(want);
    }

    @Test
    void int32PageOneToEightGoldenBytes() {
        byte[] values = new byte[64];
        for (int i = 0; i < 8; i++) {
            values[i * 4] = (byte) (i + 1);
        }
        ByteSink out = new ByteSink();
        BitShuffle.encode(values, 8, 4, out);
        // header: 8 elements, compressed size 16+4+15 = 35, padded 8, elem 4; then BE length 15 and
        // the LZ4 block of "55 66 78 80 00*28": 5 literals + match(offset 1, len 22) + 5 literals
        assertThat(out.toByteArray())
                .containsExactly(
                        bytes(
                                8, 0, 0, 0, 35, 0, 0, 0, 8, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 15, 0x5F,
                                0x55, 0x66, 0x78, 0x80, 0x00, 0x01, 0x00, 0x03, 0x50, 0, 0, 0, 0,
                                0));
    }

    @Test
    void int64SingleMinusOneGoldenBytes() throws Exception {
        // one BIGINT -1 padded to 8 elements: all 64 planes are 0x01 (element 0 has every bit);
        // LZ4 of 64 x 0x01 = 1 literal + match(offset 1, len 58) + 5 literals (this block and the
        // one above were also checked against the lz4 1.9.4 CLI)
        byte[] values = new byte[128];
        java.util.Arrays.fill(values, 0, 8, (byte) 0xFF);
        ByteSink out = new ByteSink();
        BitShuffle.encode(values, 1, 8, out);
        assertThat(out.toByteArray())
                .containsExactly(
                        bytes(
                                1, 0, 0, 0, 31, 0, 0, 0, 8, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 11, 0x1F,
                                0x01, 0x01, 0x00, 0x27, 0x50, 1, 1, 1, 1, 1));
        long[] back = BitShuffle.decodeLongs(out.toByteArray(), 0, out.size(), "f", 0);
        assertThat(back[0]).isEqualTo(-1L);
        assertThat(back[1]).isZero();
    }

    @Test
    void emptyPageIsHeaderOnly() throws Exception {
        ByteSink out = new ByteSink();
        BitShuffle.encode(new byte[64], 0, 8, out);
        assertThat(out.toByteArray())
                .containsExactly(bytes(0, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0));
        assertThat(BitShuffle.decode(out.toByteArray(), 0, 16, 8, "f", 0)).isEmpty();
    }

    @Test
    void multiBlockLayoutMatchesSpec() throws Exception {
        Random rnd = new Random(1);
        for (int elem : new int[] {1, 2, 4, 8, 16}) {
            int count = BitShuffle.blockSize(elem) * 2 + 13; // 2 full blocks + 16-element tail
            int padded = (count + 7) & ~7;
            byte[] values = new byte[(padded + 8) * elem];
            for (int i = 0; i < count * elem; i++) {
                values[i] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt() : i / elem % 7);
            }
            byte[] orig = Arrays.copyOf(values, padded * elem);
            Arrays.fill(orig, count * elem, padded * elem, (byte) 0);
            ByteSink out = new ByteSink();
            BitShuffle.encode(values, count, elem, out);
            byte[] page = out.toByteArray();
            // walk the blocks independently: u32 BE length + raw LZ4 of the naive transpose
            int p = 16;
            int done = 0;
            int bs = BitShuffle.blockSize(elem);
            int blocks = 0;
            while (done < padded) {
                int m = Math.min(bs, padded - done);
                int n =
                        (page[p] & 0xFF) << 24
                                | (page[p + 1] & 0xFF) << 16
                                | (page[p + 2] & 0xFF) << 8
                                | page[p + 3] & 0xFF;
                byte[] dec =
                        LZ4Factory.safeInstance()
                                .safeDecompressor()
                                .decompress(page, p + 4, n, m * elem);
                assertThat(dec).isEqualTo(naiveTranspose(orig, done * elem, m, elem));
                p += 4 + n;
                done += m;
                blocks++;
            }
            assertThat(blocks).isEqualTo(3);
            assertThat(p).isEqualTo(page.length);
            assertThat(BitShuffle.decode(page, 0, page.length, elem, "f", 0)).isEqualTo(orig);
        }
    }

    @Test
    void transposeMatchesNaiveForAllWidths() {
        Random rnd = new Random(2);
        byte[] out = new byte[64 * 16];
        for (int elem : new int[] {1, 2, 3, 4, 8, 12, 16}) {
            for (int m = 8; m <= 64; m += 8) {
                byte[] in = new byte[m * elem + 5];
                rnd.nextBytes(in);
                BitShuffle.transposeBits(in, 5 % 1, m, elem, out);
                byte[] want = naiveTranspose(in, 0, m, elem);
                assertThat(Arrays.copyOf(out, m * elem)).isEqualTo(want);
                byte[] back = new byte[m * elem];
                BitShuffle.untransposeBits(want, m, elem, back, 0);
                assertThat(back).isEqualTo(Arrays.copyOf(in, m * elem));
            }
        }
    }

    @Test
    void typedDecodersAgreeWithByteDecoder() throws Exception {
        Random rnd = new Random(8);
        for (int elem : new int[] {4, 8}) {
            int count = 3000;
            byte[] values = new byte[(count + 8) * elem];
            rnd.nextBytes(values);
            ByteSink out = new ByteSink();
            BitShuffle.encode(values, count, elem, out);
            byte[] page = out.toByteArray();
            byte[] plain = BitShuffle.decode(page, 0, page.length, elem, "f", 0);
            java.nio.ByteBuffer bb =
                    java.nio.ByteBuffer.wrap(plain).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            if (elem == 8) {
                long[] l = BitShuffle.decodeLongs(page, 0, page.length, "f", 0);
                for (int i = 0; i < count; i++) {
                    assertThat(l[i]).isEqualTo(bb.getLong(8 * i));
                    assertThat(l[i])
                            .isEqualTo(
                                    java.nio.ByteBuffer.wrap(values, 8 * i, 8)
                                            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                                            .getLong());
                }
            } else {
                int[] v = BitShuffle.decodeInts(page, 0, page.length, "f", 0);
                for (int i = 0; i < count; i++) {
                    assertThat(v[i]).isEqualTo(bb.getInt(4 * i));
                    assertThat(v[i])
                            .isEqualTo(
                                    java.nio.ByteBuffer.wrap(values, 4 * i, 4)
                                            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                                            .getInt());
                }
            }
        }
    }

    @Test
    void corruptHeadersAndBlocks() {
        byte[] values = new byte[4000 * 4 + 64];
        for (int i = 0; i < 4000; i++) {
            values[4 * i] = (byte) i;
        }
        ByteSink out = new ByteSink();
        BitShuffle.encode(values, 4000, 4, out);
        byte[] page = out.toByteArray();
        // wrong element size for the type
        assertThatThrownBy(() -> BitShuffle.decode(page, 0, page.length, 8, "f", 0))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("element size");
        // truncated
        assertThatThrownBy(() -> BitShuffle.decode(page, 0, page.length - 1, 4, "f", 0))
                .isInstanceOf(CorruptSegmentException.class);
        assertThatThrownBy(() -> BitShuffle.decode(page, 0, 10, 4, "f", 0))
                .isInstanceOf(CorruptSegmentException.class);
        Random rnd = new Random(4);
        for (int iter = 0; iter < 300; iter++) {
            byte[] bad = page.clone();
            bad[rnd.nextInt(bad.length)] ^= (byte) (1 + rnd.nextInt(255));
            try {
                byte[] dec = BitShuffle.decode(bad, 0, bad.length, 4, "f", 0);
                assertThat(dec.length).isEqualTo(((4000 + 7) & ~7) * 4);
            } catch (CorruptSegmentException e) {
                assertThat(e.path()).isEqualTo("f");
            }
        }
        // a huge claimed count is refused before allocation
        byte[] huge = page.clone();
        huge[0] = (byte) 0xF8;
        huge[1] = (byte) 0xFF;
        huge[2] = (byte) 0xFF;
        huge[3] = (byte) 0x0F;
        huge[8] = (byte) 0xF8;
        huge[9] = (byte) 0xFF;
        huge[10] = (byte) 0xFF;
        huge[11] = (byte) 0x0F;
        assertThatThrownBy(() -> BitShuffle.decode(huge, 0, huge.length, 4, "f", 0))
                .isInstanceOf(CorruptSegmentException.class);
    }
}
