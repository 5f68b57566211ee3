package io.strata.engine.segment.encoding;

import io.strata.engine.util.ByteSink;

/**
 * Encoder of the Impala/Kudu RLE / bit-packing hybrid (reference §3.1) for bit widths 1..64,
 * reproducing Doris's {@code RleEncoder} run choices byte for byte: values are buffered in groups
 * of 8; a group whose value has repeated at least 8 times joins a repeated run (which then grows
 * without buffering); other groups are bit-packed LSB-first into the current literal run, whose
 * single reserved indicator byte closes it at 63 groups; {@link #flush()} emits the pending values
 * as a (possibly short) repeated run when nothing else is pending, else as a final literal group
 * packed only up to the next byte boundary (as Doris's Kudu-derived encoder does; identical to a
 * zero-padded group for bit width 1). Output is appended to a {@link ByteSink}. Not thread-safe.
 */
public final class RleEncoder {
    private static final int MAX_LITERAL_GROUPS = 63; // (1 << 6) - 1: indicator fits one byte

    private final int bitWidth;
    private final long mask;
    private ByteSink out;

    private final long[] buffered = new long[8];
    private int numBuffered;
    private long currentValue;
    private int repeatCount;
    private int literalCount;
    private int literalIndicatorPos = -1;

    public RleEncoder(int bitWidth, ByteSink out) {
        if (bitWidth < 1 || bitWidth > 64) {
            throw new IllegalArgumentException("RLE bit width must be in [1, 64]: " + bitWidth);
        }
        this.bitWidth = bitWidth;
        this.mask = bitWidth == 64 ? -1L : (1L << bitWidth) - 1;
        this.out = out;
    }

    public int bitWidth() {
        return bitWidth;
    }

    /** Appends one value (only its low bitWidth bits are meaningful). */
    public void put(long value) {
        value &= mask;
        if (currentValue == value) {
            ++repeatCount;
            if (repeatCount > 8) {
                return; // continuation of a repeated run: nothing buffered
            }
        } else {
            if (repeatCount >= 8) {
                flushRepeatedRun();
            }
            repeatCount = 1;
            currentValue = value;
        }
        buffered[numBuffered] = value;
        if (++numBuffered == 8) {
            flushBufferedValues();
        }
    }

    /** Appends {@code run} copies of value; long runs cost O(1) once a repeated run is open. */
    public void put(long value, int run) {
        value &= mask;
        while (run > 0) {
            if (currentValue == value && repeatCount >= 8) {
                repeatCount += run; // same effect as run single puts
                return;
            }
            put(value);
            run--;
        }
    }

    private void flushBufferedValues() {
        if (repeatCount >= 8) {
            // the buffered values belong to the repeated run now
            numBuffered = 0;
            if (literalCount != 0) {
                flushLiteralRun(true);
            }
            return;
        }
        literalCount += numBuffered;
        int groups = (literalCount + 7) / 8;
        flushLiteralRun(groups >= MAX_LITERAL_GROUPS);
        repeatCount = 0;
    }

    private void flushLiteralRun(boolean updateIndicator) {
        if (literalIndicatorPos < 0) {
            literalIndicatorPos = out.size();
            out.putByte(0);
        }
        if (numBuffered > 0) {
            packGroup(numBuffered);
            numBuffered = 0;
        }
        if (updateIndicator) {
            int groups = (literalCount + 7) / 8;
            out.setByte(literalIndicatorPos, (groups << 1) | 1);
            literalIndicatorPos = -1;
            literalCount = 0;
        }
    }

    /**
     * Bit-packs buffered[0..n) LSB-first and pads to the next byte boundary: a full group of 8 is
     * exactly bitWidth bytes; a final partial group takes ceil(n * bitWidth / 8) bytes, since
     * Doris's encoder does not pad the last group to 8 values (only to a byte).
     */
    private void packGroup(int n) {
        if (bitWidth == 1) {
            int b = 0;
            for (int i = 0; i < n; i++) {
                b |= (int) buffered[i] << i;
            }
            out.putByte(b);
            return;
        }
        long acc = 0;
        int bits = 0;
        int w = bitWidth;
        for (int i = 0; i < n; i++) {
            long v = buffered[i];
            int left = w;
            while (left > 0) {
                int take = Math.min(left, 64 - bits);
                long part = take == 64 ? v : v & ((1L << take) - 1);
                acc |= part << bits;
                bits += take;
                left -= take;
                v = take == 64 ? 0 : v >>> take;
                while (bits >= 8) {
                    out.putByte((int) acc);
                    acc >>>= 8;
                    bits -= 8;
                }
            }
        }
        if (bits > 0) {
            out.putByte((int) acc);
        }
    }

    private void flushRepeatedRun() {
        out.putVarint32(repeatCount << 1);
        int nbytes = (bitWidth + 7) / 8;
        long v = currentValue;
        for (int i = 0; i < nbytes; i++) {
            out.putByte((int) (v >>> (8 * i)));
        }
        numBuffered = 0;
        repeatCount = 0;
    }

    /** Writes everything pending. The encoder can be reused afterwards (state is cleared). */
    public void flush() {
        if (literalCount > 0 || repeatCount > 0 || numBuffered > 0) {
            boolean allRepeat =
                    literalCount == 0 && (repeatCount == numBuffered || numBuffered == 0);
            if (repeatCount > 0 && allRepeat) {
                flushRepeatedRun();
            } else {
                literalCount += numBuffered;
                flushLiteralRun(true);
                repeatCount = 0;
            }
        }
        numBuffered = 0;
        repeatCount = 0;
        literalCount = 0;
        currentValue = 0;
        literalIndicatorPos = -1;
    }

    /** Clears all state and redirects output (for reuse across pages). */
    public void reset(ByteSink newOut) {
        this.out = newOut;
        numBuffered = 0;
        repeatCount = 0;
        literalCount = 0;
        currentValue = 0;
        literalIndicatorPos = -1;
    }

    /** Bytes written to the sink by this encoder's runs so far is tracked by the caller's sink. */
    public ByteSink sink() {
        return out;
    }
}
