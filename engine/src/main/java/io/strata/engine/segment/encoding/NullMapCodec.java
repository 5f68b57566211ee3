package io.strata.engine.segment.encoding;

import io.strata.engine.segment.CorruptSegmentException;
import io.strata.engine.util.ByteReader;
import io.strata.engine.util.ByteSink;

/**
 * The page null map (reference §2): one entry per row, 1 = NULL, as the RLE hybrid with bit width
 * 1, byte-identical to Doris's encoder. Works on byte arrays in bulk (runs of equal bytes are fed
 * as runs).
 */
public final class NullMapCodec {
    private NullMapCodec() {}

    /** Encodes nulls[off, off+n) (non-zero = NULL) and appends the stream to out. */
    public static void encode(byte[] nulls, int off, int n, ByteSink out) {
        RleEncoder enc = new RleEncoder(1, out);
        int i = off;
        int end = off + n;
        while (i < end) {
            int v = nulls[i] != 0 ? 1 : 0;
            int j = i + 1;
            while (j < end && (nulls[j] != 0 ? 1 : 0) == v) {
                j++;
            }
            enc.put(v, j - i);
            i = j;
        }
        enc.flush();
    }

    /** Decodes n entries into out[outOff, outOff+n) as 0/1 bytes. */
    public static void decode(ByteReader in, int n, byte[] out, int outOff)
            throws CorruptSegmentException {
        new RleDecoder(in, 1).nextBytes(out, outOff, n);
    }
}
