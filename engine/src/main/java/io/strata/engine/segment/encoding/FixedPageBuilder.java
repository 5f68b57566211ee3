package io.strata.engine.segment.encoding;

import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.FieldType;
import io.strata.engine.util.ByteSink;
import io.strata.proto.segment.EncodingTypePB;

/**
 * Page builder for fixed-width values in PLAIN (§3.2: {@code [u32 count][values LE]}) or
 * BIT_SHUFFLE (§3.5) form. Values are gathered into one little-endian byte buffer; the page is full
 * when count == dataPageSize / width (at least one value per page).
 */
final class FixedPageBuilder implements PageBuilder {
    private final EncodingTypePB encoding;
    private final int width;
    private final int capacity;
    private final byte[] buf; // capacity values + padding to a multiple of 8 elements
    private int count;

    private final boolean literalBlocks;

    FixedPageBuilder(
            EncodingTypePB encoding, FieldType type, int dataPageSize, boolean literalBlocks) {
        this.literalBlocks = literalBlocks;
        if (encoding != EncodingTypePB.PLAIN_ENCODING && encoding != EncodingTypePB.BIT_SHUFFLE) {
            throw new IllegalArgumentException(encoding + " is not a fixed-width encoding");
        }
        this.encoding = encoding;
        this.width = FixedValues.width(type);
        this.capacity = Math.max(1, dataPageSize / width);
        this.buf = new byte[(capacity + 8) * width];
    }

    @Override
    public int add(ColumnVector vec, int[] rows, int off, int n) {
        int k = Math.min(n, capacity - count);
        if (k <= 0) {
            return 0;
        }
        FixedValues.gather(vec, rows, off, k, width, buf, count * width);
        count += k;
        return k;
    }

    @Override
    public boolean isFull() {
        return count >= capacity;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public long sizeEstimate() {
        return encoding == EncodingTypePB.PLAIN_ENCODING
                ? 4 + (long) count * width
                : BitShuffle.HEADER_SIZE + (long) count * width;
    }

    @Override
    public void finish(ByteSink out) {
        if (encoding == EncodingTypePB.PLAIN_ENCODING) {
            out.putIntLE(count);
            out.putBytes(buf, 0, count * width);
        } else {
            BitShuffle.encode(buf, count, width, out, literalBlocks);
        }
        count = 0;
    }

    @Override
    public EncodingTypePB encoding() {
        return encoding;
    }
}
