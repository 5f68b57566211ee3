package io.strata.engine.segment.encoding;

import io.strata.engine.segment.CorruptSegmentException;
import io.strata.engine.util.ByteSink;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The BIT_SHUFFLE page format (reference §3.5) = bitshuffle 0.5.1 {@code bshuf_compress_lz4} with
 * the default block size, behind Doris's 16-byte header {@code [u32 num_elements][u32
 * compressed_size incl. header][u32 padded_num_elements][u32 elem_size]}. Each block of m elements
 * (m = max(128, ⌊8192/elem/8⌋·8), last block = the remaining multiple of 8) is bit-transposed into
 * 8·elem bit-planes of m/8 bytes and stored as {@code u32 BE length} + raw LZ4 block.
 *
 * <p>The transpose works 8 elements × 1 byte-lane at a time with the 3-step 8×8 bit-matrix
 * transpose on a long, so the encode/decode loops do no per-bit work.
 */
public final class BitShuffle {
    public static final int HEADER_SIZE = 16;

    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final LZ4Compressor LZ4C = LZ4.fastCompressor();
    private static final LZ4SafeDecompressor LZ4D = LZ4.safeDecompressor();

    private BitShuffle() {}

    /** Elements per block for an element size (bshuf_default_block_size). */
    public static int blockSize(int elemSize) {
        return Math.max(128, (8192 / elemSize) / 8 * 8);
    }

    /** Transposes an 8×8 bit matrix held in a long (byte r = row r, bit c = column c). */
    static long transpose8(long x) {
        long t;
        t = (x ^ (x >>> 7)) & 0x00AA00AA00AA00AAL;
        x = x ^ t ^ (t << 7);
        t = (x ^ (x >>> 14)) & 0x0000CCCC0000CCCCL;
        x = x ^ t ^ (t << 14);
        t = (x ^ (x >>> 28)) & 0x00000000F0F0F0F0L;
        x = x ^ t ^ (t << 28);
        return x;
    }

    /**
     * Bit-transposes m elements (m % 8 == 0) of elem bytes at in[inOff...] into out[0, m*elem):
     * plane (j*8+k) holds bit k of byte j of every element; element i is bit i%8 of plane byte i/8.
     */
    static void transposeBits(byte[] in, int inOff, int m, int elem, byte[] out) {
        int rowBytes = m >>> 3;
        int chunks = m >>> 6;
        if (elem == 8 || elem == 4) {
            long[] a = new long[64];
            for (int c = 0; c < chunks; c++) {
                if (elem == 8) {
                    int base = inOff + (c << 9);
                    for (int i = 0; i < 64; i++) {
                        a[i] = (long) FixedValues.LONG_LE.get(in, base + (i << 3));
                    }
                    transpose64(a);
                    for (int b = 0; b < 64; b++) {
                        FixedValues.LONG_LE.set(out, b * rowBytes + (c << 3), a[b]);
                    }
                } else {
                    int base = inOff + (c << 8);
                    for (int i = 0; i < 32; i++) {
                        a[i] =
                                ((int) FixedValues.INT_LE.get(in, base + (i << 2)) & 0xFFFFFFFFL)
                                        | (long)
                                                        (int)
                                                                FixedValues.INT_LE.get(
                                                                        in, base + 128 + (i << 2))
                                                << 32;
                    }
                    transpose32x2(a);
                    for (int b = 0; b < 32; b++) {
                        FixedValues.LONG_LE.set(out, b * rowBytes + (c << 3), a[b]);
                    }
                }
            }
            if (chunks << 6 == m) {
                return;
            }
        }
        int g0 = chunks << 3; // groups of 8 not covered by 64-element chunks (elem 4 and 8)
        if (elem != 8 && elem != 4) {
            g0 = 0;
        }
        if (elem == 8) {
            for (int g = g0; g < rowBytes; g++) {
                int base = inOff + (g << 6);
                long a0 = (long) FixedValues.LONG_LE.get(in, base + 0);
                long a1 = (long) FixedValues.LONG_LE.get(in, base + 8);
                long a2 = (long) FixedValues.LONG_LE.get(in, base + 16);
                long a3 = (long) FixedValues.LONG_LE.get(in, base + 24);
                long a4 = (long) FixedValues.LONG_LE.get(in, base + 32);
                long a5 = (long) FixedValues.LONG_LE.get(in, base + 40);
                long a6 = (long) FixedValues.LONG_LE.get(in, base + 48);
                long a7 = (long) FixedValues.LONG_LE.get(in, base + 56);
                long x;
                long y;
                x = a0;
                y = a4;
                a0 = (x & 0x00000000FFFFFFFFL) | (y << 32);
                a4 = (x >>> 32) | (y & 0xFFFFFFFF00000000L);
                x = a1;
                y = a5;
                a1 = (x & 0x00000000FFFFFFFFL) | (y << 32);
                a5 = (x >>> 32) | (y & 0xFFFFFFFF00000000L);
                x = a2;
                y = a6;
                a2 = (x & 0x00000000FFFFFFFFL) | (y << 32);
                a6 = (x >>> 32) | (y & 0xFFFFFFFF00000000L);
                x = a3;
                y = a7;
                a3 = (x & 0x00000000FFFFFFFFL) | (y << 32);
                a7 = (x >>> 32) | (y & 0xFFFFFFFF00000000L);
                x = a0;
                y = a2;
                a0 = (x & 0x0000FFFF0000FFFFL) | ((y & 0x0000FFFF0000FFFFL) << 16);
                a2 = ((x >>> 16) & 0x0000FFFF0000FFFFL) | (y & 0xFFFF0000FFFF0000L);
                x = a1;
                y = a3;
                a1 = (x & 0x0000FFFF0000FFFFL) | ((y & 0x0000FFFF0000FFFFL) << 16);
                a3 = ((x >>> 16) & 0x0000FFFF0000FFFFL) | (y & 0xFFFF0000FFFF0000L);
                x = a4;
                y = a6;
                a4 = (x & 0x0000FFFF0000FFFFL) | ((y & 0x0000FFFF0000FFFFL) << 16);
                a6 = ((x >>> 16) & 0x0000FFFF0000FFFFL) | (y & 0xFFFF0000FFFF0000L);
                x = a5;
                y = a7;
                a5 = (x & 0x0000FFFF0000FFFFL) | ((y & 0x0000FFFF0000FFFFL) << 16);
                a7 = ((x >>> 16) & 0x0000FFFF0000FFFFL) | (y & 0xFFFF0000FFFF0000L);
                x = a0;
                y = a1;
                a0 = (x & 0x00FF00FF00FF00FFL) | ((y & 0x00FF00FF00FF00FFL) << 8);
                a1 = ((x >>> 8) & 0x00FF00FF00FF00FFL) | (y & 0xFF00FF00FF00FF00L);
                x = a2;
                y = a3;
                a2 = (x & 0x00FF00FF00FF00FFL) | ((y & 0x00FF00FF00FF00FFL) << 8);
                a3 = ((x >>> 8) & 0x00FF00FF00FF00FFL) | (y & 0xFF00FF00FF00FF00L);
                x = a4;
                y = a5;
                a4 = (x & 0x00FF00FF00FF00FFL) | ((y & 0x00FF00FF00FF00FFL) << 8);
                a5 = ((x >>> 8) & 0x00FF00FF00FF00FFL) | (y & 0xFF00FF00FF00FF00L);
                x = a6;
                y = a7;
                a6 = (x & 0x00FF00FF00FF00FFL) | ((y & 0x00FF00FF00FF00FFL) << 8);
                a7 = ((x >>> 8) & 0x00FF00FF00FF00FFL) | (y & 0xFF00FF00FF00FF00L);
                storePlanes(transpose8(a0), out, 0 * rowBytes + g, rowBytes);
                storePlanes(transpose8(a1), out, 8 * rowBytes + g, rowBytes);
                storePlanes(transpose8(a2), out, 16 * rowBytes + g, rowBytes);
                storePlanes(transpose8(a3), out, 24 * rowBytes + g, rowBytes);
                storePlanes(transpose8(a4), out, 32 * rowBytes + g, rowBytes);
                storePlanes(transpose8(a5), out, 40 * rowBytes + g, rowBytes);
                storePlanes(transpose8(a6), out, 48 * rowBytes + g, rowBytes);
                storePlanes(transpose8(a7), out, 56 * rowBytes + g, rowBytes);
            }
            return;
        }
        if (elem == 4) {
            for (int g = g0; g < rowBytes; g++) {
                int base = inOff + (g << 5);
                long l0 =
                        ((int) FixedValues.INT_LE.get(in, base) & 0xFFFFFFFFL)
                                | (long) (int) FixedValues.INT_LE.get(in, base + 16) << 32;
                long l1 =
                        ((int) FixedValues.INT_LE.get(in, base + 4) & 0xFFFFFFFFL)
                                | (long) (int) FixedValues.INT_LE.get(in, base + 20) << 32;
                long l2 =
                        ((int) FixedValues.INT_LE.get(in, base + 8) & 0xFFFFFFFFL)
                                | (long) (int) FixedValues.INT_LE.get(in, base + 24) << 32;
                long l3 =
                        ((int) FixedValues.INT_LE.get(in, base + 12) & 0xFFFFFFFFL)
                                | (long) (int) FixedValues.INT_LE.get(in, base + 28) << 32;
                // 4x4 byte transpose inside each 32-bit half: row r = byte r of elements 0..7
                long x;
                long y;
                x = l0;
                y = l2;
                l0 = (x & 0x0000FFFF0000FFFFL) | ((y & 0x0000FFFF0000FFFFL) << 16);
                l2 = ((x >>> 16) & 0x0000FFFF0000FFFFL) | (y & 0xFFFF0000FFFF0000L);
                x = l1;
                y = l3;
                l1 = (x & 0x0000FFFF0000FFFFL) | ((y & 0x0000FFFF0000FFFFL) << 16);
                l3 = ((x >>> 16) & 0x0000FFFF0000FFFFL) | (y & 0xFFFF0000FFFF0000L);
                x = l0;
                y = l1;
                l0 = (x & 0x00FF00FF00FF00FFL) | ((y & 0x00FF00FF00FF00FFL) << 8);
                l1 = ((x >>> 8) & 0x00FF00FF00FF00FFL) | (y & 0xFF00FF00FF00FF00L);
                x = l2;
                y = l3;
                l2 = (x & 0x00FF00FF00FF00FFL) | ((y & 0x00FF00FF00FF00FFL) << 8);
                l3 = ((x >>> 8) & 0x00FF00FF00FF00FFL) | (y & 0xFF00FF00FF00FF00L);
                storePlanes(transpose8(l0), out, g, rowBytes);
                storePlanes(transpose8(l1), out, 8 * rowBytes + g, rowBytes);
                storePlanes(transpose8(l2), out, 16 * rowBytes + g, rowBytes);
                storePlanes(transpose8(l3), out, 24 * rowBytes + g, rowBytes);
            }
            return;
        }
        for (int j = 0; j < elem; j++) {
            int o = (j << 3) * rowBytes;
            for (int g = 0; g < rowBytes; g++) {
                int src = inOff + g * 8 * elem + j;
                long x;
                if (elem == 1) {
                    x = (long) FixedValues.LONG_LE.get(in, src);
                } else {
                    x = 0;
                    for (int t = 0; t < 8; t++) {
                        x |= (in[src + t * elem] & 0xFFL) << (t << 3);
                    }
                }
                x = transpose8(x);
                out[o + g] = (byte) x;
                out[o + rowBytes + g] = (byte) (x >>> 8);
                out[o + 2 * rowBytes + g] = (byte) (x >>> 16);
                out[o + 3 * rowBytes + g] = (byte) (x >>> 24);
                out[o + 4 * rowBytes + g] = (byte) (x >>> 32);
                out[o + 5 * rowBytes + g] = (byte) (x >>> 40);
                out[o + 6 * rowBytes + g] = (byte) (x >>> 48);
                out[o + 7 * rowBytes + g] = (byte) (x >>> 56);
            }
        }
    }

    /**
     * Transposes a 64x64 bit matrix in place (row i = a[i], column c = bit c): afterwards bit c of
     * a[i] is the former bit i of a[c]. Six swap stages of 32 pairs (Hacker's Delight, LSB-first).
     */
    static void transpose64(long[] a) {
        long mask = 0x00000000FFFFFFFFL;
        for (int j = 32; j != 0; j >>>= 1, mask ^= mask << j) {
            for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
                long t = ((a[k] >>> j) ^ a[k | j]) & mask;
                a[k] ^= t << j;
                a[k | j] ^= t;
            }
        }
    }

    /**
     * Transposes the two 32x32 bit matrices held side by side in a[0..32) (low halves, high halves)
     * in place.
     */
    static void transpose32x2(long[] a) {
        long mask = 0x0000FFFF0000FFFFL;
        for (int j = 16; j != 0; j >>>= 1, mask ^= mask << j) {
            for (int k = 0; k < 32; k = ((k | j) + 1) & ~j) {
                long t = ((a[k] >>> j) ^ a[k | j]) & mask;
                a[k] ^= t << j;
                a[k | j] ^= t;
            }
        }
    }

    /**
     * Transposes the 8x8 byte matrix r (row t = long t, column c = byte c LE) in place, so that
     * afterwards byte c of r[t] is the former byte t of r[c]. An involution.
     */
    static void byteTranspose8(long[] r) {
        for (int t = 0; t < 4; t++) {
            long x = r[t];
            long y = r[t + 4];
            r[t] = (x & 0x00000000FFFFFFFFL) | (y << 32);
            r[t + 4] = (x >>> 32) | (y & 0xFFFFFFFF00000000L);
        }
        for (int t = 0; t < 8; t += 4) {
            for (int u = t; u < t + 2; u++) {
                long x = r[u];
                long y = r[u + 2];
                r[u] = (x & 0x0000FFFF0000FFFFL) | ((y & 0x0000FFFF0000FFFFL) << 16);
                r[u + 2] = ((x >>> 16) & 0x0000FFFF0000FFFFL) | (y & 0xFFFF0000FFFF0000L);
            }
        }
        for (int t = 0; t < 8; t += 2) {
            long x = r[t];
            long y = r[t + 1];
            r[t] = (x & 0x00FF00FF00FF00FFL) | ((y & 0x00FF00FF00FF00FFL) << 8);
            r[t + 1] = ((x >>> 8) & 0x00FF00FF00FF00FFL) | (y & 0xFF00FF00FF00FF00L);
        }
    }

    private static void storePlanes(long x, byte[] out, int o, int rowBytes) {
        out[o] = (byte) x;
        out[o + rowBytes] = (byte) (x >>> 8);
        out[o + 2 * rowBytes] = (byte) (x >>> 16);
        out[o + 3 * rowBytes] = (byte) (x >>> 24);
        out[o + 4 * rowBytes] = (byte) (x >>> 32);
        out[o + 5 * rowBytes] = (byte) (x >>> 40);
        out[o + 6 * rowBytes] = (byte) (x >>> 48);
        out[o + 7 * rowBytes] = (byte) (x >>> 56);
    }

    private static long loadPlanes(byte[] in, int o, int rowBytes) {
        return (in[o] & 0xFFL)
                | (in[o + rowBytes] & 0xFFL) << 8
                | (in[o + 2 * rowBytes] & 0xFFL) << 16
                | (in[o + 3 * rowBytes] & 0xFFL) << 24
                | (in[o + 4 * rowBytes] & 0xFFL) << 32
                | (in[o + 5 * rowBytes] & 0xFFL) << 40
                | (in[o + 6 * rowBytes] & 0xFFL) << 48
                | (in[o + 7 * rowBytes] & 0xFFL) << 56;
    }

    /** Inverse transpose of an 8-byte-element block straight into longs out[outIdx, +m). */
    static void untransposeToLongs(byte[] in, int m, long[] out, int outIdx, long[] a) {
        int rowBytes = m >>> 3;
        int chunks = m >>> 6;
        for (int c = 0; c < chunks; c++) {
            for (int b = 0; b < 64; b++) {
                a[b] = (long) FixedValues.LONG_LE.get(in, b * rowBytes + (c << 3));
            }
            transpose64(a);
            System.arraycopy(a, 0, out, outIdx + (c << 6), 64);
        }
        for (int g = chunks << 3; g < rowBytes; g++) {
            long a0 = transpose8(loadPlanes(in, 0 * rowBytes + g, rowBytes));
            long a1 = transpose8(loadPlanes(in, 8 * rowBytes + g, rowBytes));
            long a2 = transpose8(loadPlanes(in, 16 * rowBytes + g, rowBytes));
            long a3 = transpose8(loadPlanes(in, 24 * rowBytes + g, rowBytes));
            long a4 = transpose8(loadPlanes(in, 32 * rowBytes + g, rowBytes));
            long a5 = transpose8(loadPlanes(in, 40 * rowBytes + g, rowBytes));
            long a6 = transpose8(loadPlanes(in, 48 * rowBytes + g, rowBytes));
            long a7 = transpose8(loadPlanes(in, 56 * rowBytes + g, rowBytes));
            long x;
            long y;
            x = a0;
            y = a4;
            a0 = (x & 0x00000000FFFFFFFFL) | (y << 32);
            a4 = (x >>> 32) | (y & 0xFFFFFFFF00000000L);
            x = a1;
            y = a5;
            a1 = (x & 0x00000000FFFFFFFFL) | (y << 32);
            a5 = (x >>> 32) | (y & 0xFFFFFFFF00000000L);
            x = a2;
            y = a6;
            a2 = (x & 0x00000000FFFFFFFFL) | (y << 32);
            a6 = (x >>> 32) | (y & 0xFFFFFFFF00000000L);
            x = a3;
            y = a7;
            a3 = (x & 0x00000000FFFFFFFFL) | (y << 32);
            a7 = (x >>> 32) | (y & 0xFFFFFFFF00000000L);
            x = a0;
            y = a2;
            a0 = (x & 0x0000FFFF0000FFFFL) | ((y & 0x0000FFFF0000FFFFL) << 16);
            a2 = ((x >>> 16) & 0x0000FFFF0000FFFFL) | (y & 0xFFFF0000FFFF0000L);
            x = a1;
            y = a3;
            a1 = (x & 0x0000FFFF0000FFFFL) | ((y & 0x0000FFFF0000FFFFL) << 16);
            a3 = ((x >>> 16) & 0x0000FFFF0000FFFFL) | (y & 0xFFFF0000FFFF0000L);
            x = a4;
            y = a6;
            a4 = (x & 0x0000FFFF0000FFFFL) | ((y & 0x0000FFFF0000FFFFL) << 16);
            a6 = ((x >>> 16) & 0x0000FFFF0000FFFFL) | (y & 0xFFFF0000FFFF0000L);
            x = a5;
            y = a7;
            a5 = (x & 0x0000FFFF0000FFFFL) | ((y & 0x0000FFFF0000FFFFL) << 16);
            a7 = ((x >>> 16) & 0x0000FFFF0000FFFFL) | (y & 0xFFFF0000FFFF0000L);
            x = a0;
            y = a1;
            a0 = (x & 0x00FF00FF00FF00FFL) | ((y & 0x00FF00FF00FF00FFL) << 8);
            a1 = ((x >>> 8) & 0x00FF00FF00FF00FFL) | (y & 0xFF00FF00FF00FF00L);
            x = a2;
            y = a3;
            a2 = (x & 0x00FF00FF00FF00FFL) | ((y & 0x00FF00FF00FF00FFL) << 8);
            a3 = ((x >>> 8) & 0x00FF00FF00FF00FFL) | (y & 0xFF00FF00FF00FF00L);
            x = a4;
            y = a5;
            a4 = (x & 0x00FF00FF00FF00FFL) | ((y & 0x00FF00FF00FF00FFL) << 8);
            a5 = ((x >>> 8) & 0x00FF00FF00FF00FFL) | (y & 0xFF00FF00FF00FF00L);
            x = a6;
            y = a7;
            a6 = (x & 0x00FF00FF00FF00FFL) | ((y & 0x00FF00FF00FF00FFL) << 8);
            a7 = ((x >>> 8) & 0x00FF00FF00FF00FFL) | (y & 0xFF00FF00FF00FF00L);
            int o = outIdx + (g << 3);
            out[o + 0] = a0;
            out[o + 1] = a1;
            out[o + 2] = a2;
            out[o + 3] = a3;
            out[o + 4] = a4;
            out[o + 5] = a5;
            out[o + 6] = a6;
            out[o + 7] = a7;
        }
    }

    /** Inverse transpose of a 4-byte-element block straight into ints out[outIdx, +m). */
    static void untransposeToInts(byte[] in, int m, int[] out, int outIdx, long[] a) {
        int rowBytes = m >>> 3;
        int chunks = m >>> 6;
        for (int c = 0; c < chunks; c++) {
            for (int b = 0; b < 32; b++) {
                a[b] = (long) FixedValues.LONG_LE.get(in, b * rowBytes + (c << 3));
            }
            transpose32x2(a);
            int o = outIdx + (c << 6);
            for (int i = 0; i < 32; i++) {
                out[o + i] = (int) a[i];
                out[o + 32 + i] = (int) (a[i] >>> 32);
            }
        }
        for (int g = chunks << 3; g < rowBytes; g++) {
            long l0 = transpose8(loadPlanes(in, g, rowBytes));
            long l1 = transpose8(loadPlanes(in, 8 * rowBytes + g, rowBytes));
            long l2 = transpose8(loadPlanes(in, 16 * rowBytes + g, rowBytes));
            long l3 = transpose8(loadPlanes(in, 24 * rowBytes + g, rowBytes));
            long x;
            long y;
            x = l0;
            y = l1;
            l0 = (x & 0x00FF00FF00FF00FFL) | ((y & 0x00FF00FF00FF00FFL) << 8);
            l1 = ((x >>> 8) & 0x00FF00FF00FF00FFL) | (y & 0xFF00FF00FF00FF00L);
            x = l2;
            y = l3;
            l2 = (x & 0x00FF00FF00FF00FFL) | ((y & 0x00FF00FF00FF00FFL) << 8);
            l3 = ((x >>> 8) & 0x00FF00FF00FF00FFL) | (y & 0xFF00FF00FF00FF00L);
            x = l0;
            y = l2;
            l0 = (x & 0x0000FFFF0000FFFFL) | ((y & 0x0000FFFF0000FFFFL) << 16);
            l2 = ((x >>> 16) & 0x0000FFFF0000FFFFL) | (y & 0xFFFF0000FFFF0000L);
            x = l1;
            y = l3;
            l1 = (x & 0x0000FFFF0000FFFFL) | ((y & 0x0000FFFF0000FFFFL) << 16);
            l3 = ((x >>> 16) & 0x0000FFFF0000FFFFL) | (y & 0xFFFF0000FFFF0000L);
            int o = outIdx + (g << 3);
            out[o] = (int) l0;
            out[o + 1] = (int) l1;
            out[o + 2] = (int) l2;
            out[o + 3] = (int) l3;
            out[o + 4] = (int) (l0 >>> 32);
            out[o + 5] = (int) (l1 >>> 32);
            out[o + 6] = (int) (l2 >>> 32);
            out[o + 7] = (int) (l3 >>> 32);
        }
    }

    /**
     * Inverse of {@link #transposeBits}: planes in[0, m*elem) back to elements at out[outOff...].
     */
    static void untransposeBits(byte[] in, int m, int elem, byte[] out, int outOff) {
        int rowBytes = m >>> 3;
        if (elem == 8) {
            for (int g = 0; g < rowBytes; g++) {
                long a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
                for (int j = 0; j < 8; j++) {
                    int o = (j << 3) * rowBytes + g;
                    long x =
                            (in[o] & 0xFFL)
                                    | (in[o + rowBytes] & 0xFFL) << 8
                                    | (in[o + 2 * rowBytes] & 0xFFL) << 16
                                    | (in[o + 3 * rowBytes] & 0xFFL) << 24
                                    | (in[o + 4 * rowBytes] & 0xFFL) << 32
                                    | (in[o + 5 * rowBytes] & 0xFFL) << 40
                                    | (in[o + 6 * rowBytes] & 0xFFL) << 48
                                    | (in[o + 7 * rowBytes] & 0xFFL) << 56;
                    x = transpose8(x);
                    int sh = j << 3;
                    a0 |= (x & 0xFF) << sh;
                    a1 |= ((x >>> 8) & 0xFF) << sh;
                    a2 |= ((x >>> 16) & 0xFF) << sh;
                    a3 |= ((x >>> 24) & 0xFF) << sh;
                    a4 |= ((x >>> 32) & 0xFF) << sh;
                    a5 |= ((x >>> 40) & 0xFF) << sh;
                    a6 |= ((x >>> 48) & 0xFF) << sh;
                    a7 |= (x >>> 56) << sh;
                }
                int base = outOff + (g << 6);
                FixedValues.LONG_LE.set(out, base, a0);
                FixedValues.LONG_LE.set(out, base + 8, a1);
                FixedValues.LONG_LE.set(out, base + 16, a2);
                FixedValues.LONG_LE.set(out, base + 24, a3);
                FixedValues.LONG_LE.set(out, base + 32, a4);
                FixedValues.LONG_LE.set(out, base + 40, a5);
                FixedValues.LONG_LE.set(out, base + 48, a6);
                FixedValues.LONG_LE.set(out, base + 56, a7);
            }
            return;
        }
        for (int j = 0; j < elem; j++) {
            int o = (j << 3) * rowBytes;
            for (int g = 0; g < rowBytes; g++) {
                long x =
                        (in[o + g] & 0xFFL)
                                | (in[o + rowBytes + g] & 0xFFL) << 8
                                | (in[o + 2 * rowBytes + g] & 0xFFL) << 16
                                | (in[o + 3 * rowBytes + g] & 0xFFL) << 24
                                | (in[o + 4 * rowBytes + g] & 0xFFL) << 32
                                | (in[o + 5 * rowBytes + g] & 0xFFL) << 40
                                | (in[o + 6 * rowBytes + g] & 0xFFL) << 48
                                | (in[o + 7 * rowBytes + g] & 0xFFL) << 56;
                x = transpose8(x);
                int dst = outOff + g * 8 * elem + j;
                if (elem == 1) {
                    FixedValues.LONG_LE.set(out, dst, x);
                } else {
                    for (int t = 0; t < 8; t++) {
                        out[dst + t * elem] = (byte) (x >>> (t << 3));
                    }
                }
            }
        }
    }

    /**
     * Appends a BIT_SHUFFLE page of count values of elemSize bytes, read LE from values[0,
     * count*elemSize); values must have room for the zero padding up to a multiple of 8 elements
     * (its bytes beyond count*elemSize are overwritten with zeros).
     */
    public static void encode(byte[] values, int count, int elemSize, ByteSink out) {
        encode(values, count, elemSize, out, false);
    }

    /**
     * As {@link #encode(byte[], int, int, ByteSink)}; with {@code literalBlocks} every bit-plane
     * block is stored as an LZ4 block of one literal run (valid LZ4 that any decoder, Doris's
     * included, expands to the same planes). Meant for pages a strong codec (zstd) compresses
     * afterwards: it sees the raw bit-planes instead of LZ4 output it cannot compress further.
     */
    public static void encode(
            byte[] values, int count, int elemSize, ByteSink out, boolean literalBlocks) {
        int padded = (count + 7) & ~7;
        java.util.Arrays.fill(values, count * elemSize, padded * elemSize, (byte) 0);
        int start = out.size();
        out.putIntLE(count);
        out.putIntLE(0); // compressed size, patched below
        out.putIntLE(padded);
        out.putIntLE(elemSize);
        int bs = blockSize(elemSize);
        byte[] tmp = scratch(Math.min(bs, Math.max(padded, 8)) * elemSize);
        int done = 0;
        while (done < padded) {
            int m = Math.min(bs, padded - done);
            int bytes = m * elemSize;
            transposeBits(values, done * elemSize, m, elemSize, tmp);
            int max = LZ4C.maxCompressedLength(bytes);
            int pos = out.reserve(4 + max);
            int n =
                    literalBlocks
                            ? literalBlock(tmp, bytes, out.array(), pos + 4)
                            : LZ4C.compress(tmp, 0, bytes, out.array(), pos + 4, max);
            byte[] a = out.array();
            a[pos] = (byte) (n >>> 24);
            a[pos + 1] = (byte) (n >>> 16);
            a[pos + 2] = (byte) (n >>> 8);
            a[pos + 3] = (byte) n;
            out.truncate(pos + 4 + n);
            done += m;
        }
        out.setIntLE(start + 4, out.size() - start);
    }

    /**
     * Writes src[0, len) as an LZ4 block holding a single literal run (the block's last sequence:
     * token with literal length, 255-continuation bytes, the literals, no match); returns its size.
     * dst needs room for {@code len + len / 255 + 16} bytes, within LZ4's bound.
     */
    static int literalBlock(byte[] src, int len, byte[] dst, int off) {
        int p = off;
        if (len < 15) {
            dst[p++] = (byte) (len << 4);
        } else {
            dst[p++] = (byte) 0xF0;
            int r = len - 15;
            while (r >= 255) {
                dst[p++] = (byte) 255;
                r -= 255;
            }
            dst[p++] = (byte) r;
        }
        System.arraycopy(src, 0, dst, p, len);
        return p + len - off;
    }

    private static final ThreadLocal<byte[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new byte[1][]);

    private static byte[] scratch(int n) {
        byte[][] h = SCRATCH.get();
        if (h[0] == null || h[0].length < n) {
            h[0] = new byte[Math.max(n, 16384)];
        }
        return h[0];
    }

    /** Parsed header of a BIT_SHUFFLE page. */
    public record Header(int numElements, int compressedSize, int paddedElements, int elemSize) {}

    /** Reads and checks the header at body[off] for a page region of len bytes. */
    public static Header header(
            byte[] body, int off, int len, int expectElemSize, String path, long fileOffset)
            throws CorruptSegmentException {
        if (len < HEADER_SIZE) {
            throw new CorruptSegmentException(
                    path, fileOffset, "bitshuffle page of " + len + " bytes has no 16-byte header");
        }
        int num = (int) FixedValues.INT_LE.get(body, off);
        int csize = (int) FixedValues.INT_LE.get(body, off + 4);
        int padded = (int) FixedValues.INT_LE.get(body, off + 8);
        int elem = (int) FixedValues.INT_LE.get(body, off + 12);
        if (elem != expectElemSize) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset + 12,
                    "bitshuffle element size " + elem + ", type needs " + expectElemSize);
        }
        if (num < 0 || padded != ((num + 7) & ~7)) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset,
                    "bitshuffle counts inconsistent: " + num + " elements, " + padded + " padded");
        }
        if (csize != len) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset + 4,
                    "bitshuffle compressed size " + csize + " != page region of " + len);
        }
        // LZ4 expands at most ~255x; a larger claim is corrupt and must not drive allocation
        long payload = len - HEADER_SIZE;
        if ((long) padded * elem > payload * 255 + (long) blockSize(elem) * elem) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset,
                    "bitshuffle page claims " + num + " elements in " + len + " bytes");
        }
        return new Header(num, csize, padded, elem);
    }

    /**
     * Decodes the page at body[off, off+len) into a new array of paddedElements*elemSize LE bytes.
     */
    public static byte[] decode(
            byte[] body, int off, int len, int expectElemSize, String path, long fileOffset)
            throws CorruptSegmentException {
        Header h = header(body, off, len, expectElemSize, path, fileOffset);
        byte[] out = new byte[h.paddedElements() * h.elemSize()];
        walk(body, off, len, h, path, fileOffset, out, null, null);
        return out;
    }

    /** Decodes a page of 8-byte elements into longs (length = padded element count). */
    public static long[] decodeLongs(byte[] body, int off, int len, String path, long fileOffset)
            throws CorruptSegmentException {
        Header h = header(body, off, len, 8, path, fileOffset);
        long[] out = new long[h.paddedElements()];
        walk(body, off, len, h, path, fileOffset, null, out, null);
        return out;
    }

    /** Decodes a page of 4-byte elements into ints (length = padded element count). */
    public static int[] decodeInts(byte[] body, int off, int len, String path, long fileOffset)
            throws CorruptSegmentException {
        Header h = header(body, off, len, 4, path, fileOffset);
        int[] out = new int[h.paddedElements()];
        walk(body, off, len, h, path, fileOffset, null, null, out);
        return out;
    }

    private static void walk(
            byte[] body,
            int off,
            int len,
            Header h,
            String path,
            long fileOffset,
            byte[] outBytes,
            long[] outLongs,
            int[] outInts)
            throws CorruptSegmentException {
        int elem = h.elemSize();
        int padded = h.paddedElements();
        int bs = blockSize(elem);
        byte[] tmp = scratch(Math.min(bs, Math.max(padded, 8)) * elem);
        long[] r = new long[64];
        int p = off + HEADER_SIZE;
        int end = off + len;
        int done = 0;
        while (done < padded) {
            int m = Math.min(bs, padded - done);
            int bytes = m * elem;
            long at = fileOffset + (p - off);
            if (end - p < 4) {
                throw new CorruptSegmentException(path, at, "bitshuffle block header truncated");
            }
            int n =
                    (body[p] & 0xFF) << 24
                            | (body[p + 1] & 0xFF) << 16
                            | (body[p + 2] & 0xFF) << 8
                            | (body[p + 3] & 0xFF);
            p += 4;
            if (n <= 0 || n > end - p) {
                throw new CorruptSegmentException(
                        path, at, "bitshuffle block length " + n + " exceeds the page");
            }
            int got;
            try {
                got = LZ4D.decompress(body, p, n, tmp, 0, bytes);
            } catch (LZ4Exception | ArrayIndexOutOfBoundsException e) {
                throw new CorruptSegmentException(
                        path, at, "malformed LZ4 block in bitshuffle page: " + e.getMessage(), e);
            }
            if (got != bytes) {
                throw new CorruptSegmentException(
                        path, at, "bitshuffle block decoded to " + got + " bytes, want " + bytes);
            }
            if (outLongs != null) {
                untransposeToLongs(tmp, m, outLongs, done, r);
            } else if (outInts != null) {
                untransposeToInts(tmp, m, outInts, done, r);
            } else {
                untransposeBits(tmp, m, elem, outBytes, done * elem);
            }
            p += n;
            done += m;
        }
        if (p != end) {
            throw new CorruptSegmentException(
                    path, fileOffset + (p - off), "trailing bytes after bitshuffle blocks");
        }
    }
}
