package io.strata.engine.segment.encoding;

import io.strata.engine.block.BytesVector;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.segment.CorruptSegmentException;
import io.strata.engine.util.ByteSink;
import io.strata.proto.segment.EncodingTypePB;

import java.util.Random;

/**
 * Micro-benchmark (a main class, not a test): MB/s of raw value bytes for BIT_SHUFFLE encode and
 * decode (INT64, INT32) and DICT_ENCODING encode of strings, one thread, full 64 KB pages. Rates
 * are per second of this thread CPU time (the build machine is shared).
 */
public final class EncodingBench {
    private static final int PAGE = 65536;

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        Random rnd = new Random(1);
        int n = PAGE / 8;
        LongVector longs = new LongVector(n);
        long base = 1_700_000_000_000L;
        for (int i = 0; i < n; i++) {
            longs.append(base + i * 1000L + rnd.nextInt(1000));
        }
        IntVector ints = new IntVector(PAGE / 4);
        for (int i = 0; i < PAGE / 4; i++) {
            ints.append(rnd.nextInt(1_000_000));
        }
        for (int round = 0; round < 2; round++) {
            String tag = round == 0 ? "(warm-up) " : "";
            bitshuffle(tag + "INT64 ", DataType.of(FieldType.BIGINT), longs, seconds);
            bitshuffle(tag + "INT32 ", DataType.of(FieldType.INT), ints, seconds);
            dict(tag, seconds, rnd);
            pageCompression(tag, seconds);
        }
    }

    private static final java.lang.management.ThreadMXBean MX =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** CPU time of this thread: the machine is shared, so rates are per CPU-second. */
    private static long cpu() {
        return MX.getCurrentThreadCpuTime();
    }

    private static void bitshuffle(
            String name, DataType t, io.strata.engine.block.ColumnVector v, double seconds)
            throws CorruptSegmentException {
        PageBuilder b = PageCodecs.builder(EncodingTypePB.BIT_SHUFFLE, t, PAGE, 262144);
        ByteSink out = new ByteSink(PAGE * 2);
        long rawBytes = 0;
        long iters = 0;
        long t0 = System.nanoTime();
        long c0 = cpu();
        long deadline = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            for (int k = 0; k < 16; k++) {
                out.reset();
                b.add(v, null, 0, v.size());
                b.finish(out);
                rawBytes += (long) v.size() * t.fieldType().fixedSize;
                iters++;
            }
        }
        double enc = rawBytes / 1e6 / ((cpu() - c0) / 1e9);
        byte[] page = out.toByteArray();
        io.strata.engine.block.ColumnVector dst = v.newEmpty(v.size());
        rawBytes = 0;
        t0 = System.nanoTime();
        c0 = cpu();
        deadline = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            for (int k = 0; k < 16; k++) {
                dst.reset();
                PageDecoder d =
                        PageCodecs.decoder(
                                EncodingTypePB.BIT_SHUFFLE,
                                t,
                                page,
                                0,
                                page.length,
                                null,
                                "bench",
                                0);
                d.next(dst, d.count());
                rawBytes += (long) v.size() * t.fieldType().fixedSize;
            }
        }
        double dec = rawBytes / 1e6 / ((cpu() - c0) / 1e9);
        System.out.printf(
                "%sbitshuffle encode %8.1f MB/s  decode %8.1f MB/s  (page %d -> %d bytes)%n",
                name, enc, dec, v.size() * t.fieldType().fixedSize, page.length);
    }

    private static void dict(String tag, double seconds, Random rnd) {
        int n = 8192;
        String[] pool = new String[1000];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = "city-" + Integer.toHexString(rnd.nextInt()) + "-" + i;
        }
        BytesVector v = new BytesVector(n, n * 24);
        for (int i = 0; i < n; i++) {
            v.append(pool[rnd.nextInt(pool.length)]);
        }
        long bytesPerRound = v.dataBytes();
        long raw = 0;
        ByteSink out = new ByteSink(PAGE * 2);
        long t0 = System.nanoTime();
        long c0 = cpu();
        long deadline = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            PageBuilder b =
                    PageCodecs.builder(
                            EncodingTypePB.DICT_ENCODING, DataType.string(), PAGE, 262144);
            for (int k = 0; k < 8; k++) {
                int off = 0;
                while (off < n) {
                    off += b.add(v, null, off, n - off);
                    if (b.isFull() || off == n) {
                        out.reset();
                        b.finish(out);
                    }
                }
                raw += bytesPerRound;
            }
            b.dictionaryPageBody();
        }
        double mbs = raw / 1e6 / ((cpu() - c0) / 1e9);
        System.out.printf("%sdict encode (1000 distinct strings) %8.1f MB/s%n", tag, mbs);
    }

    private static void pageCompression(String tag, double seconds) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < PAGE; i++) {
            sb.append(String.format("row%06d,city-%d,%d;", i, i % 37, i * i % 1000));
        }
        byte[] src = sb.substring(0, PAGE).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (io.strata.proto.segment.CompressionTypePB c :
                new io.strata.proto.segment.CompressionTypePB[] {
                    io.strata.proto.segment.CompressionTypePB.LZ4F,
                    io.strata.proto.segment.CompressionTypePB.ZSTD
                }) {
            long bytes = 0;
            byte[] o = null;
            long c0 = cpu();
            while (cpu() - c0 < seconds * 1e9) {
                o = io.strata.engine.segment.Compression.compress(c, src, 0, src.length);
                bytes += src.length;
            }
            double comp = bytes / 1e6 / ((cpu() - c0) / 1e9);
            byte[] back = new byte[src.length];
            bytes = 0;
            c0 = cpu();
            while (cpu() - c0 < seconds * 1e9) {
                io.strata.engine.segment.Compression.decompress(
                        c, o, 0, o.length, back, 0, src.length, "bench", 0);
                bytes += src.length;
            }
            double dec = bytes / 1e6 / ((cpu() - c0) / 1e9);
            System.out.printf(
                    "%s%s 64 KB text page: compress %8.1f MB/s  decompress %8.1f MB/s  ratio %.2f%n",
                    tag, c, comp, dec, (double) src.length / o.length);
        }
    }
}
