package io.strata.engine.segment.encoding;

import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.util.ByteSink;
import io.strata.proto.segment.EncodingTypePB;

/**
 * Binary PLAIN page (§3.3): {@code [values concatenated][u32 offset of each value][u32 n]}, offsets
 * relative to the start of this page. Fullness is checked before each value (size estimate 4 +
 * Σ(len + 4) > page size), so the last value may overshoot. CHAR values are stored zero-padded to
 * the declared length.
 */
final class BinaryPlainPageBuilder implements PageBuilder {
    private final int pageSize;
    private final int charLength; // > 0 for CHAR
    private final ByteSink data = new ByteSink(4096);
    private int[] offsets = new int[256];
    private int count;

    BinaryPlainPageBuilder(DataType type, int pageSize) {
        this.pageSize = pageSize;
        this.charLength = type.fieldType() == FieldType.CHAR ? type.length() : 0;
    }

    /** Rejects a CHAR value longer than the declared length, naming the value. */
    static void checkChar(int charLength, byte[] src, int s, int len) {
        if (len > charLength) {
            String v =
                    new String(src, s, Math.min(len, 64), java.nio.charset.StandardCharsets.UTF_8);
            throw new IllegalArgumentException(
                    "CHAR("
                            + charLength
                            + ") value '"
                            + v
                            + (len > 64 ? "..." : "")
                            + "' of "
                            + len
                            + " bytes is too long");
        }
    }

    @Override
    public int add(ColumnVector vec, int[] rows, int off, int n) {
        BytesVector bv = asBytes(vec);
        byte[] src = bv.data();
        int[] so = bv.offsets();
        int i = 0;
        for (; i < n; i++) {
            if (isFull()) {
                break;
            }
            int r = rows == null ? off + i : rows[off + i];
            int s = so[r];
            int len = so[r + 1] - s;
            addValue(src, s, len);
        }
        return i;
    }

    /** Appends one value (CHAR is padded here); no fullness check. */
    void addValue(byte[] src, int s, int len) {
        if (charLength > 0) {
            checkChar(charLength, src, s, len); // before any state changes
        }
        if (count == offsets.length) {
            offsets = java.util.Arrays.copyOf(offsets, count * 2);
        }
        offsets[count++] = data.size();
        data.putBytes(src, s, len);
        if (charLength > 0) {
            data.putZeros(charLength - len);
        }
    }

    static BytesVector asBytes(ColumnVector vec) {
        if (!(vec instanceof BytesVector)) {
            throw new IllegalArgumentException(
                    "binary pages hold strings, got " + vec.getClass().getSimpleName());
        }
        return (BytesVector) vec;
    }

    @Override
    public boolean isFull() {
        return sizeEstimate() > pageSize;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public long sizeEstimate() {
        return 4L + data.size() + 4L * count;
    }

    @Override
    public void finish(ByteSink out) {
        out.ensureCapacity(data.size() + 4 * count + 4);
        out.putBytes(data.array(), 0, data.size());
        for (int i = 0; i < count; i++) {
            out.putIntLE(offsets[i]);
        }
        out.putIntLE(count);
        data.reset();
        count = 0;
    }

    @Override
    public EncodingTypePB encoding() {
        return EncodingTypePB.PLAIN_ENCODING;
    }
}
