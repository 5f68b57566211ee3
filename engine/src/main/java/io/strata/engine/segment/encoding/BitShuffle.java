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
        if (elem == 8) {
            for (int g = 0; g < rowBytes; g++) {
                int base = inOff + (g << 6);
                long a0 = (long) FixedValues.LONG_LE.get(in, base);
                long a1 = (long) FixedValues.LONG_LE.get(in, base + 8);
                long a2 = (long) FixedValues.LONG_LE.get(in, base + 16);
                long a3 = (long) FixedValues.LONG_LE.get(in, base + 24);
                long a4 = (long) FixedValues.LONG_LE.get(in, base + 32);
                long a5 = (long) FixedValues.LONG_LE.get(in, base + 40);
                long a6 = (long) FixedValues.LONG_LE.get(in, base + 48);
                long a7 = (long) FixedValues.LONG_LE.get(in, base + 56);
                for (int j = 0; j < 8; j++) {
                    int sh = j << 3;
                    long x =
                            ((a0 >>> sh) & 0xFF)
                                    | ((a1 >>> sh) & 0xFF) << 8
                                    | ((a2 >>> sh) & 0xFF) << 16
                                    | ((a3 >>> sh) & 0xFF) << 24
                                    | ((a4 >>> sh) & 0xFF) << 32
                                    | ((a5 >>> sh) & 0xFF) << 40
                                    | ((a6 >>> sh) & 0xFF) << 48
                                    | ((a7 >>> sh) & 0xFF) << 56;
                    x = transpose8(x);
                    int o = (j << 3) * rowBytes + g;
                    out[o] = (byte) x;
                    out[o + rowBytes] = (byte) (x >>> 8);
                    out[o + 2 * rowBytes] = (byte) (x >>> 16);
                    out[o + 3 * rowBytes] = (byte) (x >>> 24);
                    out[o + 4 * rowBytes] = (byte) (x >>> 32);
                    out[o + 5 * rowBytes] = (byte) (x >>> 40);
                    out[o + 6 * rowBytes] = (byte) (x >>> 48);
                    out[o + 7 * rowBytes] = (byte) (x >>> 56);
                }
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
            int n = LZ4C.compress(tmp, 0, bytes, out.array(), pos + 4, max);
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
        int elem = h.elemSize();
        int padded = h.paddedElements();
        byte[] out = new byte[padded * elem];
        int bs = blockSize(elem);
        byte[] tmp = scratch(Math.min(bs, Math.max(padded, 8)) * elem);
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
            untransposeBits(tmp, m, elem, out, done * elem);
            p += n;
            done += m;
        }
        if (p != end) {
            throw new CorruptSegmentException(
                    path, fileOffset + (p - off), "trailing bytes after bitshuffle blocks");
        }
        return out;
    }
}
