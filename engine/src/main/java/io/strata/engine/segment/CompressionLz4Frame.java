package io.strata.engine.segment;

import net.jpountz.lz4.LZ4Exception;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The LZ4 frame format as Doris's LZ4F codec writes it: magic {@code 04 22 4D 18}, FLG {@code 0x40}
 * (version 01, linked blocks, no block checksum, no content size, no content checksum, no dict id),
 * BD {@code 0x50} (256 KB max block), header checksum byte, then blocks ({@code u32 LE size}, high
 * bit = stored uncompressed), then the {@code u32 0} end mark. Blocks come from {@link
 * CompressionLz4Block} as one linked stream, so frames are byte-identical to what liblz4 1.9.4
 * writes on a new LZ4F context with Doris's preferences, multi-block frames included (checked
 * against liblz4). On a reused context liblz4's output also depends on the frames compressed
 * before, so Doris's own bytes are not a function of the page alone; readers never care.
 *
 * <p>The decoder accepts any valid frame (any block size, independent or linked blocks, optional
 * content size / checksums, concatenated and skippable frames) and verifies every checksum present.
 * Linked blocks may reference earlier output of the same frame, so those blocks go through a small
 * bounds-checked LZ4 block decoder that allows back-references into the preceding output.
 */
final class CompressionLz4Frame {
    static final int MAGIC = 0x184D2204;
    static final int BLOCK_MAX = 256 * 1024;
    static final byte FLG = 0x40;
    static final byte BD = 0x50;
    private static final XXHash32 XXH32 = XXHashFactory.fastestInstance().hash32();

    private CompressionLz4Frame() {}

    static int maxCompressedLength(int len) {
        int blocks = Math.max(1, (len + BLOCK_MAX - 1) / BLOCK_MAX);
        return 7 + 4 + len + blocks * 4 + 16; // a block never exceeds its raw size
    }

    /** Header checksum byte: second byte of xxh32(FLG..BD, seed 0). */
    static byte headerChecksum(byte[] b, int off, int len) {
        return (byte) (XXH32.hash(b, off, len, 0) >>> 8);
    }

    static int compress(byte[] src, int off, int len, byte[] out) {
        int p = 0;
        putIntLE(out, p, MAGIC);
        out[p + 4] = FLG;
        out[p + 5] = BD;
        out[p + 6] = headerChecksum(out, p + 4, 2);
        p += 7;
        int[] table = CompressionLz4Block.freshTable(); // one stream per frame, blocks linked
        for (int s = 0; s < len; s += BLOCK_MAX) {
            int blockLen = Math.min(BLOCK_MAX, len - s);
            // liblz4's frame writer gives the block compressor srcSize - 1 bytes and stores the
            // block raw when it does not fit
            int max = Math.min(blockLen - 1, out.length - p - 4);
            int n = 0;
            if (max > 0) {
                n =
                        CompressionLz4Block.compressBlock(
                                src, off, s, blockLen, out, p + 4, max, table);
            }
            if (n > 0 && n < blockLen) {
                putIntLE(out, p, n);
                p += 4 + n;
            } else {
                putIntLE(out, p, blockLen | 0x80000000);
                System.arraycopy(src, off + s, out, p + 4, blockLen);
                p += 4 + blockLen;
            }
        }
        putIntLE(out, p, 0);
        return p + 4;
    }

    static int decompress(
            byte[] src,
            int off,
            int len,
            byte[] dst,
            int dstOff,
            int dstLen,
            String path,
            long fileOffset)
            throws CorruptSegmentException {
        int p = off;
        int end = off + len;
        int q = dstOff;
        int qEnd = dstOff + dstLen;
        if (len == 0) {
            throw new CorruptSegmentException(path, fileOffset, "empty LZ4 frame");
        }
        while (p < end) {
            long at = fileOffset + (p - off);
            if (end - p < 4) {
                throw new CorruptSegmentException(path, at, "truncated LZ4 frame magic");
            }
            int magic = getIntLE(src, p);
            if ((magic & 0xFFFFFFF0) == 0x184D2A50) {
                // skippable frame
                if (end - p < 8) {
                    throw new CorruptSegmentException(path, at, "truncated skippable frame");
                }
                long skip = getIntLE(src, p + 4) & 0xFFFFFFFFL;
                if (skip > end - p - 8) {
                    throw new CorruptSegmentException(path, at, "skippable frame past end");
                }
                p += 8 + (int) skip;
                continue;
            }
            if (magic != MAGIC) {
                throw new CorruptSegmentException(
                        path, at, "bad LZ4 frame magic 0x" + Integer.toHexString(magic));
            }
            if (end - p < 7) {
                throw new CorruptSegmentException(path, at, "truncated LZ4 frame header");
            }
            int flg = src[p + 4] & 0xFF;
            int bd = src[p + 5] & 0xFF;
            if ((flg >>> 6) != 1 || (flg & 0x02) != 0 || (bd & 0x8F) != 0) {
                throw new CorruptSegmentException(
                        path, at + 4, "bad LZ4 frame descriptor FLG/BD " + flg + "/" + bd);
            }
            int bsid = (bd >>> 4) & 7;
            if (bsid < 4) {
                throw new CorruptSegmentException(path, at + 5, "bad LZ4 block size id " + bsid);
            }
            int blockMax = 1 << (8 + 2 * bsid);
            boolean independent = (flg & 0x20) != 0;
            boolean blockChecksum = (flg & 0x10) != 0;
            boolean hasContentSize = (flg & 0x08) != 0;
            boolean contentChecksum = (flg & 0x04) != 0;
            boolean dictId = (flg & 0x01) != 0;
            int hdrLen = 2 + (hasContentSize ? 8 : 0) + (dictId ? 4 : 0);
            if (end - p - 4 < hdrLen + 1) {
                throw new CorruptSegmentException(path, at, "truncated LZ4 frame header");
            }
            byte hc = headerChecksum(src, p + 4, hdrLen);
            if (hc != src[p + 4 + hdrLen]) {
                throw new CorruptSegmentException(path, at, "LZ4 frame header checksum mismatch");
            }
            if (dictId) {
                throw new CorruptSegmentException(
                        path, at, "LZ4 frame needs a dictionary, which segment pages never use");
            }
            long contentSize = hasContentSize ? getLongLE(src, p + 6) : -1;
            p += 4 + hdrLen + 1;
            int frameStart = q;
            while (true) {
                long bat = fileOffset + (p - off);
                if (end - p < 4) {
                    throw new CorruptSegmentException(path, bat, "truncated LZ4 block header");
                }
                int word = getIntLE(src, p);
                p += 4;
                if (word == 0) {
                    break;
                }
                boolean raw = (word & 0x80000000) != 0;
                int bsize = word & 0x7FFFFFFF;
                if (bsize > blockMax || bsize > end - p - (blockChecksum ? 4 : 0)) {
                    throw new CorruptSegmentException(
                            path, bat, "LZ4 block size " + bsize + " exceeds block max or input");
                }
                if (blockChecksum) {
                    int want = getIntLE(src, p + bsize);
                    if (XXH32.hash(src, p, bsize, 0) != want) {
                        throw new CorruptSegmentException(path, bat, "LZ4 block checksum mismatch");
                    }
                }
                int room = Math.min(blockMax, qEnd - q);
                if (raw) {
                    if (bsize > room) {
                        throw new CorruptSegmentException(
                                path, bat, "LZ4 frame decompresses past the expected size");
                    }
                    System.arraycopy(src, p, dst, q, bsize);
                    q += bsize;
                } else if (independent || q == frameStart) {
                    try {
                        q += Compression.LZ4_SAFE.decompress(src, p, bsize, dst, q, room);
                    } catch (LZ4Exception | ArrayIndexOutOfBoundsException e) {
                        throw new CorruptSegmentException(
                                path, bat, "malformed LZ4 block: " + e.getMessage(), e);
                    }
                } else {
                    q =
                            decodeBlockWithPrefix(
                                    src, p, bsize, dst, frameStart, q, q + room, path, bat);
                }
                p += bsize + (blockChecksum ? 4 : 0);
            }
            if (contentSize >= 0 && contentSize != q - frameStart) {
                throw new CorruptSegmentException(
                        path,
                        fileOffset + (p - off),
                        "LZ4 frame content size " + contentSize + " != " + (q - frameStart));
            }
            if (contentChecksum) {
                if (end - p < 4) {
                    throw new CorruptSegmentException(
                            path, fileOffset + (p - off), "truncated LZ4 content checksum");
                }
                if (XXH32.hash(dst, frameStart, q - frameStart, 0) != getIntLE(src, p)) {
                    throw new CorruptSegmentException(
                            path, fileOffset + (p - off), "LZ4 content checksum mismatch");
                }
                p += 4;
            }
        }
        return q - dstOff;
    }

    /**
     * Decodes one raw LZ4 block into {@code dst[q, qLimit)} allowing matches back to {@code low}.
     * Returns the new output position.
     */
    static int decodeBlockWithPrefix(
            byte[] src,
            int p,
            int len,
            byte[] dst,
            int low,
            int q,
            int qLimit,
            String path,
            long at)
            throws CorruptSegmentException {
        int end = p + len;
        if (len == 0) {
            throw new CorruptSegmentException(path, at, "empty LZ4 block");
        }
        while (true) {
            if (p >= end) {
                throw new CorruptSegmentException(path, at, "LZ4 block ends inside a sequence");
            }
            int token = src[p++] & 0xFF;
            int lit = token >>> 4;
            if (lit == 15) {
                int b;
                do {
                    if (p >= end) {
                        throw new CorruptSegmentException(path, at, "truncated literal length");
                    }
                    b = src[p++] & 0xFF;
                    lit += b;
                } while (b == 255 && lit < Integer.MAX_VALUE / 2);
            }
            if (lit > end - p || lit > qLimit - q) {
                throw new CorruptSegmentException(path, at, "LZ4 literals run past a bound");
            }
            System.arraycopy(src, p, dst, q, lit);
            p += lit;
            q += lit;
            if (p == end) {
                return q; // last sequence has literals only
            }
            if (end - p < 2) {
                throw new CorruptSegmentException(path, at, "truncated LZ4 match offset");
            }
            int offset = (src[p] & 0xFF) | ((src[p + 1] & 0xFF) << 8);
            p += 2;
            if (offset == 0 || offset > q - low) {
                throw new CorruptSegmentException(path, at, "LZ4 match offset out of range");
            }
            int ml = token & 15;
            if (ml == 15) {
                int b;
                do {
                    if (p >= end) {
                        throw new CorruptSegmentException(path, at, "truncated match length");
                    }
                    b = src[p++] & 0xFF;
                    ml += b;
                } while (b == 255 && ml < Integer.MAX_VALUE / 2);
            }
            ml += 4;
            if (ml > qLimit - q) {
                throw new CorruptSegmentException(path, at, "LZ4 match runs past the output");
            }
            int from = q - offset;
            if (offset >= ml) {
                System.arraycopy(dst, from, dst, q, ml);
                q += ml;
            } else {
                for (int i = 0; i < ml; i++) {
                    dst[q++] = dst[from++];
                }
            }
        }
    }

    private static void putIntLE(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
    }

    private static int getIntLE(byte[] b, int p) {
        return (b[p] & 0xFF)
                | (b[p + 1] & 0xFF) << 8
                | (b[p + 2] & 0xFF) << 16
                | (b[p + 3] & 0xFF) << 24;
    }

    private static long getLongLE(byte[] b, int p) {
        return (getIntLE(b, p) & 0xFFFFFFFFL) | ((long) getIntLE(b, p + 4) << 32);
    }
}
