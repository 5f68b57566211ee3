package io.strata.engine.segment.encoding;

import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.segment.CorruptSegmentException;

/**
 * Decoder of binary PLAIN pages (§3.3). The trailer and every offset are checked at creation
 * (offsets non-decreasing, inside the value region); values are then sliced straight from the page
 * bytes. CHAR values have their zero padding stripped.
 */
final class BinaryPlainPageDecoder implements PageDecoder {
    private final byte[] body;
    private final int off;
    private final int dataEnd; // relative end of the value region
    private final int[] offsets; // count + 1 entries, last = dataEnd
    private final boolean stripChar;
    private final String path;
    private final long fileOffset;
    private int pos;

    BinaryPlainPageDecoder(
            byte[] body, int off, int len, boolean stripChar, String path, long fileOffset)
            throws CorruptSegmentException {
        this.body = body;
        this.off = off;
        this.stripChar = stripChar;
        this.path = path;
        this.fileOffset = fileOffset;
        if (len < 4) {
            throw new CorruptSegmentException(
                    path, fileOffset, "binary plain page of " + len + " bytes has no count");
        }
        long n = (int) FixedValues.INT_LE.get(body, off + len - 4) & 0xFFFFFFFFL;
        if (n * 4 + 4 > len) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset + len - 4,
                    "binary plain page count " + n + " does not fit in " + len + " bytes");
        }
        int count = (int) n;
        dataEnd = len - 4 - 4 * count;
        offsets = new int[count + 1];
        int prev = 0;
        for (int i = 0; i < count; i++) {
            int o = (int) FixedValues.INT_LE.get(body, off + dataEnd + 4 * i);
            if (o < prev || o > dataEnd || (i == 0 && o != 0)) {
                throw new CorruptSegmentException(
                        path,
                        fileOffset + dataEnd + 4L * i,
                        "binary plain offset "
                                + (o & 0xFFFFFFFFL)
                                + " of value "
                                + i
                                + " is out of order or range");
            }
            offsets[i] = o;
            prev = o;
        }
        offsets[count] = dataEnd;
    }

    /** Words of a dictionary page: same layout. */
    int[] offsets() {
        return offsets;
    }

    @Override
    public int count() {
        return offsets.length - 1;
    }

    private void check(int n) throws CorruptSegmentException {
        if (n < 0 || n > count() - pos) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset,
                    "page holds " + count() + " values, asked for " + n + " after " + pos);
        }
    }

    @Override
    public void next(ColumnVector out, int n) throws CorruptSegmentException {
        check(n);
        BytesVector bv = BinaryPlainPageBuilder.asBytes(out);
        for (int i = 0; i < n; i++) {
            int s = offsets[pos + i];
            int e = offsets[pos + i + 1];
            if (stripChar) {
                while (e > s && body[off + e - 1] == 0) {
                    e--;
                }
            }
            bv.append(body, off + s, e - s);
        }
        pos += n;
    }

    @Override
    public void skip(int n) throws CorruptSegmentException {
        check(n);
        pos += n;
    }
}
