package io.strata.engine.segment.encoding;

import io.strata.engine.block.ByteVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.util.ByteSink;
import io.strata.proto.segment.EncodingTypePB;

/**
 * RLE page for BOOLEAN (§3.6): {@code [u32 count][RLE stream, bit width 1]}. Accepts every value
 * offered (as Doris does) and reports full once the encoded stream reaches the page size. Any
 * non-zero byte is stored as true.
 */
final class RlePageBuilder implements PageBuilder {
    private final int dataPageSize;
    private final ByteSink stream = new ByteSink(1024);
    private final RleEncoder encoder = new RleEncoder(1, stream);
    private int count;

    RlePageBuilder(int dataPageSize) {
        this.dataPageSize = dataPageSize;
    }

    @Override
    public int add(ColumnVector vec, int[] rows, int off, int n) {
        if (!(vec instanceof ByteVector)) {
            throw new IllegalArgumentException(
                    "RLE pages hold BOOLEAN values, got " + vec.getClass().getSimpleName());
        }
        byte[] v = ((ByteVector) vec).values();
        for (int i = 0; i < n; i++) {
            encoder.put(v[rows == null ? off + i : rows[off + i]] != 0 ? 1 : 0);
        }
        count += n;
        return n;
    }

    @Override
    public boolean isFull() {
        return stream.size() >= dataPageSize;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public long sizeEstimate() {
        return 4 + stream.size() + 2;
    }

    @Override
    public void finish(ByteSink out) {
        encoder.flush();
        out.putIntLE(count);
        out.putBytes(stream.array(), 0, stream.size());
        stream.reset();
        encoder.reset(stream);
        count = 0;
    }

    @Override
    public EncodingTypePB encoding() {
        return EncodingTypePB.RLE;
    }
}
