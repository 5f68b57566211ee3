package io.strata.engine.segment;

import io.strata.engine.util.Crc32c;
import io.strata.proto.segment.CompressionTypePB;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LZ4 and LZ4F page bodies must be byte-identical to what Doris's codecs produce with liblz4 1.9.4.
 * The expected lengths and CRC-32C values below were produced by a small C program linked against
 * liblz4 1.9.4 that calls the APIs Doris calls: {@code LZ4_compress_fast_continue} on a new stream
 * (LZ4 codec) and {@code LZ4F_compressBegin/Update/End} with 256 KB linked blocks, level 0, on a
 * new frame context (a reused context makes liblz4's output depend on earlier frames, so only the
 * new-context output is a well-defined reference).
 */
class Lz4LiblzCompatTest {
    static byte[] a() {
        Random r = new Random(1);
        byte[] b = new byte[60000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) "abcdefg".charAt(r.nextInt(7));
        }
        return b;
    }

    static byte[] b() {
        Random r = new Random(2);
        byte[] b = new byte[20000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (r.nextInt(10) == 0 ? r.nextInt(256) : (i / 7) % 256);
        }
        return b;
    }

    static byte[] c() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8000; i++) {
            s.append(String.format("row%06d,city-%d,%d;", i, i % 37, i * i % 1000));
        }
        return s.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static byte[] d() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            s.append("k").append(i % 4).append("=v").append(i).append(';');
        }
        return s.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static byte[] e() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 40000; i++) {
            s.append(String.format("row%06d,city-%d,%d;", i, i % 37, i * i % 1000));
        }
        return s.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static byte[] f() {
        byte[] b = new byte[300000];
        new Random(3).nextBytes(b);
        return b;
    }

    private static void check(
            byte[] in, int inCrc, int rawLen, int rawCrc, int frameLen, int frameCrc)
            throws Exception {
        assertThat(Crc32c.compute(in, 0, in.length)).as("input generator").isEqualTo(inCrc);
        byte[] raw = new byte[CompressionLz4Block.maxCompressedLength(in.length)];
        int n = CompressionLz4Block.compress(in, 0, in.length, raw, 0, raw.length, true);
        assertThat(n).isEqualTo(rawLen);
        assertThat(Crc32c.compute(raw, 0, n)).isEqualTo(rawCrc);
        byte[] frame = new byte[CompressionLz4Frame.maxCompressedLength(in.length)];
        int m = CompressionLz4Frame.compress(in, 0, in.length, frame);
        assertThat(m).isEqualTo(frameLen);
        assertThat(Crc32c.compute(frame, 0, m)).isEqualTo(frameCrc);
        // and both decode back
        byte[] back = new byte[in.length];
        Compression.decompress(CompressionTypePB.LZ4, raw, 0, n, back, 0, in.length, "f", 0);
        assertThat(back).isEqualTo(in);
        Arrays.fill(back, (byte) 0);
        Compression.decompress(CompressionTypePB.LZ4F, frame, 0, m, back, 0, in.length, "f", 0);
        assertThat(back).isEqualTo(in);
    }

    @Test
    void matchesLiblz4OnSmallAndLargeBodies() throws Exception {
        check(a(), 0x6B15876B, 45368, 0x88D39489, 45383, 0xAAFEE656);
        check(b(), 0x920E1F9F, 11810, 0x6A27AFEF, 11825, 0xF0732B33);
        check(c(), 0x2072F739, 65329, 0x8D8B78D9, 65344, 0x87853398);
        check(d(), 0x4254F89F, 140, 0x1590BF43, 155, 0x68E65EE9);
    }

    @Test
    void matchesLiblz4OnMultiBlockLinkedFrames() throws Exception {
        // 862 KB of text: four 256 KB blocks whose matches reach into the previous block
        check(e(), 0x6EE99F50, 325121, 0x9798832D, 325174, 0x6D37E4FE);
        // 300 KB of random bytes: both frame blocks are stored raw
        check(f(), 0x8BCA6215, 301178, 0x159BD84B, 300019, 0xCD56ABD2);
    }

    @Test
    void compressorRoundTripsRandomInputs() throws Exception {
        Random rnd = new Random(77);
        for (int iter = 0; iter < 300; iter++) {
            int n = rnd.nextInt(iter < 50 ? 40 : 70_000);
            byte[] in = new byte[n];
            int alphabet = 1 + rnd.nextInt(255);
            int run = 1 + rnd.nextInt(20);
            for (int i = 0; i < n; i++) {
                in[i] = i % run == 0 ? (byte) rnd.nextInt(alphabet) : in[i - 1];
            }
            for (boolean fresh : new boolean[] {true, false}) {
                byte[] out = new byte[CompressionLz4Block.maxCompressedLength(n)];
                int m = CompressionLz4Block.compress(in, 0, n, out, 0, out.length, fresh);
                byte[] back =
                        net.jpountz.lz4.LZ4Factory.safeInstance()
                                .safeDecompressor()
                                .decompress(out, 0, m, n);
                assertThat(back).isEqualTo(in);
                // limited output: either fits (and is the same block) or reports 0
                if (n > 0) {
                    byte[] small = new byte[Math.max(1, m - 1)];
                    assertThat(
                                    CompressionLz4Block.compress(
                                            in, 0, n, small, 0, small.length, fresh))
                            .isZero();
                }
            }
        }
    }
}
