package io.strata.engine.segment.encoding;

import io.strata.engine.segment.CorruptSegmentException;
import io.strata.engine.util.ByteReader;

import java.util.Arrays;

/**
 * Decoder of the RLE / bit-packing hybrid (reference §3.1) for bit widths 1..64, reading from a
 * {@link ByteReader}. Runs are checked: a zero-length run, a repeated value or literal run past the
 * end of the input, or a request for more values than the stream holds throws {@link
 * CorruptSegmentException}. A final literal run shorter than its declared groups is accepted as
 * long as it holds the values actually requested (Kudu writers do not pad the last group). Not
 * thread-safe.
 */
public final class RleDecoder {
    private final ByteReader in;
    private final int bitWidth;
    private final byte[] arr;

    private int repeatLeft;
    private long repeatValue;
    private int literalLeft;
    private long litBitPos; // absolute bit position in arr of the next literal value
    private long litBitEnd; // end of the literal run's available bits

    public RleDecoder(ByteReader in, int bitWidth) {
        if (bitWidth < 1 || bitWidth > 64) {
            throw new IllegalArgumentException("RLE bit width must be in [1, 64]: " + bitWidth);
        }
        this.in = in;
        this.bitWidth = bitWidth;
        this.arr = in.array();
    }

    private void nextRun() throws CorruptSegmentException {
        if (in.remaining() == 0) {
            throw in.corrupt("RLE stream ends before all values were read");
        }
        long at = in.fileOffset();
        int ind = in.getVarint32();
        if ((ind & 1) != 0) {
            int groups = ind >>> 1;
            if (groups == 0) {
                throw new CorruptSegmentException(in.path(), at, "RLE literal run of 0 groups");
            }
            long bytes = (long) groups * bitWidth;
            int avail = (int) Math.min(bytes, in.remaining());
            literalLeft = (int) Math.min(8L * groups, Integer.MAX_VALUE); // bounded by input below
            litBitPos = (long) (in.arrayOffset() + in.position()) * 8;
            litBitEnd = litBitPos + (long) avail * 8;
            in.skip(avail);
        } else {
            int count = ind >>> 1;
            if (count == 0) {
                throw new CorruptSegmentException(in.path(), at, "RLE repeated run of 0 values");
            }
            int nbytes = (bitWidth + 7) / 8;
            if (in.remaining() < nbytes) {
                throw new CorruptSegmentException(
                        in.path(), at, "RLE repeated run value runs past the end");
            }
            long v = 0;
            for (int i = 0; i < nbytes; i++) {
                v |= (long) (in.getByte() & 0xFF) << (8 * i);
            }
            if (bitWidth < 64 && (v >>> bitWidth) != 0) {
                throw new CorruptSegmentException(
                        in.path(), at, "RLE repeated value " + v + " wider than " + bitWidth);
            }
            repeatValue = v;
            repeatLeft = count;
        }
    }

    private long readLiteral() throws CorruptSegmentException {
        if (litBitPos + bitWidth > litBitEnd) {
            throw in.corrupt("RLE literal run truncated");
        }
        long bp = litBitPos;
        litBitPos += bitWidth;
        literalLeft--;
        int byteIdx = (int) (bp >>> 3);
        int shift = (int) (bp & 7);
        if (bitWidth == 1) {
            return (arr[byteIdx] >>> shift) & 1;
        }
        long v = 0;
        int got = 0;
        int need = bitWidth;
        // first partial byte
        v = (arr[byteIdx] & 0xFF) >>> shift;
        got = 8 - shift;
        byteIdx++;
        while (got < need) {
            v |= (long) (arr[byteIdx++] & 0xFF) << got;
            got += 8;
        }
        return bitWidth == 64 ? v : v & ((1L << bitWidth) - 1);
    }

    /** Reads the next n values into out[off, off+n) as bytes (bit width ≤ 8). */
    public void nextBytes(byte[] out, int off, int n) throws CorruptSegmentException {
        int i = 0;
        while (i < n) {
            if (repeatLeft > 0) {
                int k = Math.min(repeatLeft, n - i);
                Arrays.fill(out, off + i, off + i + k, (byte) repeatValue);
                repeatLeft -= k;
                i += k;
            } else if (literalLeft > 0) {
                int k = Math.min(literalLeft, n - i);
                if (bitWidth == 1) {
                    if (litBitPos + k > litBitEnd) {
                        throw in.corrupt("RLE literal run truncated");
                    }
                    long bp = litBitPos;
                    for (int j = 0; j < k; j++, bp++) {
                        out[off + i + j] = (byte) ((arr[(int) (bp >>> 3)] >>> (bp & 7)) & 1);
                    }
                    litBitPos = bp;
                    literalLeft -= k;
                } else {
                    for (int j = 0; j < k; j++) {
                        out[off + i + j] = (byte) readLiteral();
                    }
                }
                i += k;
            } else {
                nextRun();
            }
        }
    }

    /** Reads the next n values into out[off, off+n). */
    public void nextLongs(long[] out, int off, int n) throws CorruptSegmentException {
        int i = 0;
        while (i < n) {
            if (repeatLeft > 0) {
                int k = Math.min(repeatLeft, n - i);
                Arrays.fill(out, off + i, off + i + k, repeatValue);
                repeatLeft -= k;
                i += k;
            } else if (literalLeft > 0) {
                int k = Math.min(literalLeft, n - i);
                for (int j = 0; j < k; j++) {
                    out[off + i + j] = readLiteral();
                }
                i += k;
            } else {
                nextRun();
            }
        }
    }

    /** Reads one value. */
    public long next() throws CorruptSegmentException {
        while (true) {
            if (repeatLeft > 0) {
                repeatLeft--;
                return repeatValue;
            }
            if (literalLeft > 0) {
                return readLiteral();
            }
            nextRun();
        }
    }

    /** Skips n values. */
    public void skip(int n) throws CorruptSegmentException {
        int i = 0;
        while (i < n) {
            if (repeatLeft > 0) {
                int k = Math.min(repeatLeft, n - i);
                repeatLeft -= k;
                i += k;
            } else if (literalLeft > 0) {
                int k = Math.min(literalLeft, n - i);
                if (litBitPos + (long) k * bitWidth > litBitEnd) {
                    throw in.corrupt("RLE literal run truncated");
                }
                litBitPos += (long) k * bitWidth;
                literalLeft -= k;
                i += k;
            } else {
                nextRun();
            }
        }
    }
}
