package io.strata.engine.segment;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A raw LZ4 block compressor that makes the same match choices as liblz4 1.9.4's {@code
 * LZ4_compress_fast_continue} (acceleration 1, 4096-entry hash table indexed by a 5-byte hash, 64
 * KB window) on the first block of a stream, which is how Doris compresses pages (its LZ4 and LZ4F
 * codecs both end up in that function). lz4-java only exposes the one-shot {@code
 * LZ4_compress_default}, which hashes 4 bytes into a 16-bit table for inputs under 64 KB and so
 * picks different matches. Output is a valid LZ4 block either way; this class exists so that
 * Strata's LZ4/LZ4F page bodies are byte-identical to Doris's (checked against liblz4 1.9.4).
 *
 * <p>{@code fresh} selects the stream state: never used (all-zero hash table at offset 0, so empty
 * slots still name position 0; Doris's LZ4 codec after {@code LZ4_resetStream}, a new LZ4F context)
 * or with no usable history (empty slots never match; used for later blocks of a frame). With
 * {@code maxOut} smaller than the bound, the same conservative overflow checks as liblz4's
 * limited-output mode apply and 0 is returned when the block does not fit (the frame writer then
 * stores the block raw, as liblz4 does).
 */
final class CompressionLz4Block {
    private static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int HASH_LOG = 12;
    private static final int MINMATCH = 4;
    private static final int MFLIMIT = 12;
    private static final int LASTLITERALS = 5;
    private static final int MIN_LENGTH = MFLIMIT + 1;
    private static final int ML_MASK = 15;
    private static final int RUN_MASK = 15;
    private static final int MAX_DISTANCE = 65535;
    private static final int SKIP_TRIGGER = 6;
    private static final long PRIME5 = 889523592379L;

    private static final ThreadLocal<int[]> TABLE =
            ThreadLocal.withInitial(() -> new int[1 << HASH_LOG]);

    private CompressionLz4Block() {}

    /** LZ4_compressBound. */
    static int maxCompressedLength(int len) {
        return len + len / 255 + 16;
    }

    private static int hash5(byte[] b, int p) {
        long seq = (long) LONG_LE.get(b, p);
        return (int) (((seq << 24) * PRIME5) >>> (64 - HASH_LOG));
    }

    private static int count(byte[] b, int in, int match, int limit) {
        int start = in;
        while (in < limit - 7) {
            long diff = (long) LONG_LE.get(b, in) ^ (long) LONG_LE.get(b, match);
            if (diff != 0) {
                return in - start + (Long.numberOfTrailingZeros(diff) >>> 3);
            }
            in += 8;
            match += 8;
        }
        while (in < limit && b[in] == b[match]) {
            in++;
            match++;
        }
        return in - start;
    }

    /**
     * Compresses src[off, off+len) into dst[dstOff...] (room for {@code maxOut} bytes, which must
     * be ≥ 1) and returns the block length, or 0 when it would not fit in maxOut.
     */
    static int compress(
            byte[] src, int off, int len, byte[] dst, int dstOff, int maxOut, boolean fresh) {
        int[] table = TABLE.get();
        Arrays.fill(table, fresh ? 0 : -1); // -1: slot points outside the valid window
        return compressBlock(src, off, 0, len, dst, dstOff, maxOut, table);
    }

    /** This thread's hash table, zeroed: the state of a new stream. */
    static int[] freshTable() {
        int[] table = TABLE.get();
        Arrays.fill(table, 0);
        return table;
    }

    /**
     * Compresses the block src[base+start, base+start+len) of a stream whose earlier blocks were
     * src[base, base+start) and whose hash table (positions relative to base) is {@code table}:
     * matches may reach up to 64 KB back into earlier blocks, as liblz4's linked-block mode does.
     */
    static int compressBlock(
            byte[] src,
            int base,
            int start,
            int len,
            byte[] dst,
            int dstOff,
            int maxOut,
            int[] table) {
        final int off = base;
        final int end = start + len;
        final int mflimitPlusOne = end - MFLIMIT + 1;
        final int matchlimit = end - LASTLITERALS;
        final int olimit = dstOff + maxOut;
        int op = dstOff;
        int anchor = start;
        int ip = start;
        if (len >= MIN_LENGTH) {
            table[hash5(src, off + start)] = start;
            ip = start + 1;
            int forwardH = hash5(src, off + ip);
            outer:
            while (true) {
                int match;
                // find a match
                int forwardIp = ip;
                int step = 1;
                int searchMatchNb = 1 << SKIP_TRIGGER;
                while (true) {
                    int h = forwardH;
                    int current = forwardIp;
                    int matchIndex = table[h];
                    ip = forwardIp;
                    forwardIp += step;
                    step = (searchMatchNb++) >>> SKIP_TRIGGER;
                    if (forwardIp > mflimitPlusOne) {
                        break outer;
                    }
                    forwardH = hash5(src, off + forwardIp);
                    table[h] = current;
                    if (matchIndex < 0 || matchIndex + MAX_DISTANCE < current) {
                        continue;
                    }
                    if ((int) INT_LE.get(src, off + matchIndex)
                            == (int) INT_LE.get(src, off + ip)) {
                        match = matchIndex;
                        break;
                    }
                }
                // catch up
                while (ip > anchor && match > 0 && src[off + ip - 1] == src[off + match - 1]) {
                    ip--;
                    match--;
                }
                // literals
                int litLength = ip - anchor;
                int token = op++;
                if (op + litLength + (2 + 1 + LASTLITERALS) + litLength / 255 > olimit) {
                    return 0;
                }
                if (litLength >= RUN_MASK) {
                    dst[token] = (byte) (RUN_MASK << 4);
                    int l = litLength - RUN_MASK;
                    for (; l >= 255; l -= 255) {
                        dst[op++] = (byte) 255;
                    }
                    dst[op++] = (byte) l;
                } else {
                    dst[token] = (byte) (litLength << 4);
                }
                System.arraycopy(src, off + anchor, dst, op, litLength);
                op += litLength;
                while (true) {
                    // offset
                    int offset = ip - match;
                    dst[op++] = (byte) offset;
                    dst[op++] = (byte) (offset >>> 8);
                    // match length
                    int matchCode =
                            count(
                                    src,
                                    off + ip + MINMATCH,
                                    off + match + MINMATCH,
                                    off + matchlimit);
                    ip += matchCode + MINMATCH;
                    if (op + (1 + LASTLITERALS) + (matchCode + 240) / 255 > olimit) {
                        return 0;
                    }
                    if (matchCode >= ML_MASK) {
                        dst[token] += ML_MASK;
                        matchCode -= ML_MASK;
                        for (; matchCode >= 255; matchCode -= 255) {
                            dst[op++] = (byte) 255;
                        }
                        dst[op++] = (byte) matchCode;
                    } else {
                        dst[token] += (byte) matchCode;
                    }
                    anchor = ip;
                    if (ip >= mflimitPlusOne) {
                        break outer;
                    }
                    // fill table
                    table[hash5(src, off + ip - 2)] = ip - 2;
                    // test next position
                    int h = hash5(src, off + ip);
                    int matchIndex = table[h];
                    table[h] = ip;
                    if (matchIndex >= 0
                            && matchIndex + MAX_DISTANCE >= ip
                            && (int) INT_LE.get(src, off + matchIndex)
                                    == (int) INT_LE.get(src, off + ip)) {
                        token = op++;
                        dst[token] = 0;
                        match = matchIndex;
                        continue;
                    }
                    break;
                }
                forwardH = hash5(src, off + (++ip));
            }
        }
        // last literals
        int lastRun = end - anchor;
        if (op + lastRun + 1 + (lastRun + 255 - RUN_MASK) / 255 > olimit) {
            return 0;
        }
        if (lastRun >= RUN_MASK) {
            dst[op++] = (byte) (RUN_MASK << 4);
            int acc = lastRun - RUN_MASK;
            for (; acc >= 255; acc -= 255) {
                dst[op++] = (byte) 255;
            }
            dst[op++] = (byte) acc;
        } else {
            dst[op++] = (byte) (lastRun << 4);
        }
        System.arraycopy(src, off + anchor, dst, op, lastRun);
        op += lastRun;
        return op - dstOff;
    }
}
