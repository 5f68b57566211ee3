package io.strata.engine.segment;

import io.strata.proto.segment.CompressionTypePB;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Page-body codecs of Doris segment V2 (reference §2 "Compression") and the 10 % space-saving rule.
 *
 * <p>Byte formats: LZ4F = LZ4 frame (256 KB blocks, linked-block flag, no checksums, no content
 * size; see {@link CompressionLz4Frame}); LZ4 = one raw LZ4 block (both with liblz4's streaming
 * match choices, see {@link CompressionLz4Block}); LZ4HC = one raw LZ4 HC block; ZSTD = one zstd
 * frame at level 3 with the checksum flag; ZLIB = zlib stream. Compressor instances are shared
 * (lz4-java instances are thread-safe) or thread-local (zstd/zlib contexts), so a call allocates
 * only its output buffer. Decompression always checks that the output is exactly the expected
 * length and reports any failure as {@link CorruptSegmentException}.
 */
public final class Compression {
    /** Doris {@code compression_min_space_saving}. */
    public static final double MIN_SPACE_SAVING = 0.1;

    /**
     * Pseudo level for {@link #compress(CompressionTypePB, int, byte[], int, int)}: zstd with
     * optimal parsing (btopt) and 3-byte minimum matches, for pages written once per column and
     * segment (sorted dictionaries of size-optimized segments). Not a user-visible level.
     */
    public static final int DICTIONARY_EFFORT = 100;

    /** Doris's zstd level (ZSTD_CLEVEL_DEFAULT). */
    public static final int ZSTD_DEFAULT_LEVEL = 3;

    static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    static final LZ4Compressor LZ4_FAST = LZ4.fastCompressor();
    static final LZ4Compressor LZ4_HC = LZ4.highCompressor();
    static final LZ4SafeDecompressor LZ4_SAFE = LZ4.safeDecompressor();

    private static final ThreadLocal<ZstdCompressCtx> ZSTD_C =
            ThreadLocal.withInitial(
                    () -> {
                        ZstdCompressCtx c = new ZstdCompressCtx();
                        c.setLevel(ZSTD_DEFAULT_LEVEL);
                        c.setChecksum(true);
                        return c;
                    });
    // level 3 parameters with optimal parsing (btopt), 3-byte matches and target length 64:
    // finds the shared bytes of a dictionary's u32 offsets and the long common prefixes of
    // sorted words that the fast strategies skip (measured: docs/benchmarks.md, Bytes on disk)
    private static final ThreadLocal<ZstdCompressCtx> ZSTD_DICT =
            ThreadLocal.withInitial(
                    () -> {
                        ZstdCompressCtx c = new ZstdCompressCtx();
                        c.setLevel(ZSTD_DEFAULT_LEVEL);
                        c.setStrategy(7);
                        c.setMinMatch(3);
                        c.setTargetLength(64);
                        c.setChecksum(true);
                        return c;
                    });
    private static final ThreadLocal<ZstdDecompressCtx> ZSTD_D =
            ThreadLocal.withInitial(ZstdDecompressCtx::new);
    private static final ThreadLocal<Deflater> DEFLATER =
            ThreadLocal.withInitial(() -> new Deflater(Deflater.DEFAULT_COMPRESSION));
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);

    private Compression() {}

    /**
     * Length of {@code src[off, off+len)} as one LZ4 block (what LZ4 and LZ4F page bodies are made
     * of): a cheap measure of how much LZ4 finds in a sample, for deciding whether to try a page.
     * {@code scratch} takes the compressed bytes and must hold {@link #lz4MaxLength}{@code (len)}.
     */
    public static int lz4BlockLength(byte[] src, int off, int len, byte[] scratch) {
        return LZ4_FAST.compress(src, off, len, scratch, 0, scratch.length);
    }

    /** Size of the scratch buffer {@link #lz4BlockLength} needs for {@code len} bytes. */
    public static int lz4MaxLength(int len) {
        return LZ4_FAST.maxCompressedLength(len);
    }

    /** True when the codec stores bytes as they are (NO_COMPRESSION; UNKNOWN/DEFAULT are not). */
    public static boolean isNone(CompressionTypePB codec) {
        return codec == CompressionTypePB.NO_COMPRESSION;
    }

    /**
     * Compresses {@code src[off, off+len)}. Returns null when the body should be stored raw: codec
     * NO_COMPRESSION, empty input, or the space saving {@code 1 - compressed/len} is not both
     * {@code > 0} and {@code >= 0.1} (Doris's rule). The returned array is exactly the compressed
     * bytes.
     *
     * @throws IllegalArgumentException for a codec Strata cannot write (SNAPPY, UNKNOWN, DEFAULT)
     */
    public static byte[] compress(CompressionTypePB codec, byte[] src, int off, int len) {
        return compress(codec, 0, src, off, len);
    }

    /**
     * As {@link #compress(CompressionTypePB, byte[], int, int)} with a compression level for ZSTD
     * (1..22; 0 = Doris's level 3). Other codecs ignore the level.
     */
    public static byte[] compress(
            CompressionTypePB codec, int level, byte[] src, int off, int len) {
        if (codec == CompressionTypePB.NO_COMPRESSION || len == 0) {
            return null;
        }
        byte[] out;
        int n;
        switch (codec) {
            case LZ4:
                {
                    // Doris: LZ4_compress_fast_continue on a freshly reset stream
                    out = new byte[CompressionLz4Block.maxCompressedLength(len)];
                    n = CompressionLz4Block.compress(src, off, len, out, 0, out.length, true);
                    break;
                }
            case LZ4HC:
                {
                    out = new byte[LZ4_HC.maxCompressedLength(len)];
                    n = LZ4_HC.compress(src, off, len, out, 0, out.length);
                    break;
                }
            case LZ4F:
                {
                    out = new byte[CompressionLz4Frame.maxCompressedLength(len)];
                    n = CompressionLz4Frame.compress(src, off, len, out);
                    break;
                }
            case ZSTD:
                {
                    out = new byte[(int) Math.min(Integer.MAX_VALUE - 16, zstdBound(len))];
                    ZstdCompressCtx c;
                    if (level == DICTIONARY_EFFORT) {
                        c = ZSTD_DICT.get();
                    } else {
                        c = ZSTD_C.get();
                        c.setLevel(level == 0 ? ZSTD_DEFAULT_LEVEL : level);
                    }
                    n = c.compressByteArray(out, 0, out.length, src, off, len);
                    break;
                }
            case ZLIB:
                {
                    Deflater d = DEFLATER.get();
                    d.reset();
                    d.setInput(src, off, len);
                    d.finish();
                    out = new byte[len + (len >> 8) + 64];
                    n = 0;
                    while (!d.finished()) {
                        if (n == out.length) {
                            return null; // larger than the input: never worth it
                        }
                        n += d.deflate(out, n, out.length - n);
                    }
                    break;
                }
            default:
                throw new IllegalArgumentException("unsupported compression codec " + codec);
        }
        double spaceSaving = 1.0 - (double) n / len;
        if (spaceSaving > 0 && spaceSaving >= MIN_SPACE_SAVING) {
            return Arrays.copyOf(out, n);
        }
        return null;
    }

    private static long zstdBound(int len) {
        // ZSTD_COMPRESSBOUND: srcSize + srcSize/256 + margin for small inputs
        long s = len;
        return s + (s >> 8) + (s < (128 << 10) ? ((128 << 10) - s) >> 11 : 0) + 64;
    }

    /**
     * Decompresses {@code src[off, off+len)} into {@code dst[dstOff, dstOff+uncompressedLen)}. The
     * decompressed length must be exactly {@code uncompressedLen}; {@code path}/{@code fileOffset}
     * (file position of {@code src[off]}) name the bytes in errors.
     */
    public static void decompress(
            CompressionTypePB codec,
            byte[] src,
            int off,
            int len,
            byte[] dst,
            int dstOff,
            int uncompressedLen,
            String path,
            long fileOffset)
            throws CorruptSegmentException {
        if (uncompressedLen < 0 || dstOff < 0 || dstOff + uncompressedLen > dst.length) {
            throw new IllegalArgumentException(
                    "destination range [" + dstOff + ", +" + uncompressedLen + ") too small");
        }
        int n;
        switch (codec) {
            case NO_COMPRESSION:
                if (len != uncompressedLen) {
                    throw new CorruptSegmentException(
                            path,
                            fileOffset,
                            "uncompressed body has "
                                    + len
                                    + " bytes, footer says "
                                    + uncompressedLen);
                }
                System.arraycopy(src, off, dst, dstOff, len);
                return;
            case LZ4:
            case LZ4HC:
                try {
                    n = LZ4_SAFE.decompress(src, off, len, dst, dstOff, uncompressedLen);
                } catch (LZ4Exception | ArrayIndexOutOfBoundsException e) {
                    throw new CorruptSegmentException(
                            path, fileOffset, "malformed LZ4 block: " + e.getMessage(), e);
                }
                break;
            case LZ4F:
                n =
                        CompressionLz4Frame.decompress(
                                src, off, len, dst, dstOff, uncompressedLen, path, fileOffset);
                break;
            case ZSTD:
                try {
                    n =
                            ZSTD_D.get()
                                    .decompressByteArray(
                                            dst, dstOff, uncompressedLen, src, off, len);
                } catch (ZstdException e) {
                    throw new CorruptSegmentException(
                            path, fileOffset, "malformed zstd frame: " + e.getMessage(), e);
                }
                break;
            case ZLIB:
                {
                    Inflater inf = INFLATER.get();
                    inf.reset();
                    inf.setInput(src, off, len);
                    try {
                        n = inf.inflate(dst, dstOff, uncompressedLen);
                        if (!inf.finished()) {
                            // either more output than expected or a truncated stream
                            throw new CorruptSegmentException(
                                    path,
                                    fileOffset,
                                    "zlib stream does not end after " + uncompressedLen + " bytes");
                        }
                        if (inf.getRemaining() != 0) {
                            throw new CorruptSegmentException(
                                    path, fileOffset, "trailing bytes after zlib stream");
                        }
                    } catch (DataFormatException e) {
                        throw new CorruptSegmentException(
                                path, fileOffset, "malformed zlib stream: " + e.getMessage(), e);
                    }
                    break;
                }
            default:
                throw new CorruptSegmentException(
                        path, fileOffset, "unsupported compression codec " + codec);
        }
        if (n != uncompressedLen) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset,
                    codec
                            + " body decompressed to "
                            + n
                            + " bytes, footer says "
                            + uncompressedLen);
        }
    }

    /**
     * Rejects an uncompressed size that the codec cannot produce from {@code len} input bytes, so
     * that a corrupt size never drives a large allocation: LZ4 expands at most ~255x, deflate
     * ~1032x; a zstd frame header that records its content size must match it exactly (Doris always
     * records it), otherwise the LZ4 bound applies.
     */
    public static void checkPlausibleSize(
            CompressionTypePB codec,
            byte[] src,
            int off,
            int len,
            long uncompressedLen,
            String path,
            long fileOffset,
            String what)
            throws CorruptSegmentException {
        long bound;
        switch (codec) {
            case ZLIB:
                bound = 1040L * len + 1024;
                break;
            case ZSTD:
                {
                    long fcs = -1;
                    try {
                        fcs = com.github.luben.zstd.Zstd.getFrameContentSize(src, off, len);
                    } catch (RuntimeException e) {
                        fcs = -1;
                    }
                    if (fcs >= 0) {
                        if (fcs != uncompressedLen) {
                            throw new CorruptSegmentException(
                                    path,
                                    fileOffset,
                                    what
                                            + ": zstd frame content size "
                                            + fcs
                                            + " != uncompressed_size "
                                            + uncompressedLen);
                        }
                        bound = Long.MAX_VALUE;
                    } else {
                        bound = 256L * len + 1024;
                    }
                    break;
                }
            default:
                bound = 256L * len + 1024;
        }
        if (uncompressedLen > bound || uncompressedLen > Integer.MAX_VALUE - 16) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset,
                    what
                            + ": uncompressed_size "
                            + uncompressedLen
                            + " is impossible for a "
                            + len
                            + "-byte "
                            + codec
                            + " body");
        }
    }
}
