package io.strata.engine.segment.encoding;

import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.DataType;
import io.strata.engine.util.ByteSink;
import io.strata.proto.segment.EncodingTypePB;

import java.util.Arrays;

/**
 * PREFIX_ENCODING page (§3.8) for sorted binary values (primary-key index, value-seek columns):
 * entries {@code [varint shared][varint suffix_len][suffix]}, every 16th entry a restart point with
 * shared = 0, then {@code [u32 n][u8 16][u32 restart offset] × R [u32 R]}. Full when the entry
 * bytes reach the page size (checked before each value). CHAR values are zero-padded.
 */
final class PrefixPageBuilder implements PageBuilder {
    static final int RESTART_INTERVAL = 16;

    private final int pageSize;
    private final ByteSink buf = new ByteSink(4096);
    private int[] restarts = new int[64];
    private int numRestarts;
    private byte[] last = new byte[64];
    private int lastLen;
    private final CharPadder padder;
    private int count;

    PrefixPageBuilder(DataType type, int pageSize) {
        this.pageSize = pageSize;
        this.padder = new CharPadder(type);
    }

    @Override
    public int add(ColumnVector vec, int[] rows, int off, int n) {
        BytesVector bv = BinaryPlainPageBuilder.asBytes(vec);
        byte[] src = bv.data();
        int[] so = bv.offsets();
        int i = 0;
        for (; i < n; i++) {
            if (isFull()) {
                break;
            }
            int r = rows == null ? off + i : rows[off + i];
            int s = so[r];
            padder.set(src, s, so[r + 1] - s);
            addValue(padder.array, padder.start, padder.len);
        }
        return i;
    }

    private void addValue(byte[] v, int s, int len) {
        int shared = 0;
        if (count % RESTART_INTERVAL == 0) {
            if (numRestarts == restarts.length) {
                restarts = Arrays.copyOf(restarts, numRestarts * 2);
            }
            restarts[numRestarts++] = buf.size();
        } else {
            int max = Math.min(len, lastLen);
            int mm = Arrays.mismatch(last, 0, max, v, s, s + max);
            shared = mm < 0 ? max : mm;
        }
        buf.putVarint32(shared);
        buf.putVarint32(len - shared);
        buf.putBytes(v, s + shared, len - shared);
        if (last.length < len) {
            last = Arrays.copyOf(last, Math.max(len, last.length * 2));
        }
        System.arraycopy(v, s + shared, last, shared, len - shared);
        lastLen = len;
        count++;
    }

    @Override
    public boolean isFull() {
        return buf.size() >= pageSize;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public long sizeEstimate() {
        return buf.size() + 4L + 1 + 4L * numRestarts + 4;
    }

    @Override
    public void finish(ByteSink out) {
        out.putBytes(buf.array(), 0, buf.size());
        out.putIntLE(count);
        out.putByte(RESTART_INTERVAL);
        for (int i = 0; i < numRestarts; i++) {
            out.putIntLE(restarts[i]);
        }
        out.putIntLE(numRestarts);
        buf.reset();
        numRestarts = 0;
        lastLen = 0;
        count = 0;
    }

    @Override
    public EncodingTypePB encoding() {
        return EncodingTypePB.PREFIX_ENCODING;
    }
}
