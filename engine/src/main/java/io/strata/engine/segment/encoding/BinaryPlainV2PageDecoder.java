package io.strata.engine.segment.encoding;

import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.segment.CorruptSegmentException;
import io.strata.engine.util.ByteReader;

/**
 * Decoder of PLAIN_ENCODING_V2 binary pages (§3.4, Doris storage format V3): {@code [varint32
 * len][bytes]} per value, then {@code [u32 n]}. All lengths are checked at creation and the values
 * must end exactly at the count word. CHAR padding is stripped.
 */
final class BinaryPlainV2PageDecoder implements PageDecoder {
    private final byte[] body;
    private final int off;
    private final int[] starts; // value i = body[off + starts[i], off + ends[i])
    private final int[] ends;
    private final boolean stripChar;
    private final String path;
    private final long fileOffset;
    private int pos;

    BinaryPlainV2PageDecoder(
            byte[] body, int off, int len, boolean stripChar, String path, long fileOffset)
            throws CorruptSegmentException {
        this.body = body;
        this.off = off;
        this.stripChar = stripChar;
        this.path = path;
        this.fileOffset = fileOffset;
        if (len < 4) {
            throw new CorruptSegmentException(
                    path, fileOffset, "plain v2 page of " + len + " bytes has no count");
        }
        long n = (int) FixedValues.INT_LE.get(body, off + len - 4) & 0xFFFFFFFFL;
        if (n > len - 4) {
            throw new CorruptSegmentException(
                    path, fileOffset + len - 4, "plain v2 page count " + n + " too large");
        }
        starts = new int[(int) n];
        ends = new int[(int) n];
        ByteReader in = new ByteReader(body, off, len - 4, path, fileOffset);
        for (int i = 0; i < n; i++) {
            int l = in.getVarint32();
            if (l < 0 || l > in.remaining()) {
                throw in.corrupt("plain v2 value " + i + " of " + (l & 0xFFFFFFFFL) + " bytes");
            }
            starts[i] = in.position();
            in.skip(l);
            ends[i] = in.position();
        }
        if (in.remaining() != 0) {
            throw in.corrupt("trailing bytes after " + n + " plain v2 values");
        }
    }

    @Override
    public int count() {
        return starts.length;
    }

    private void check(int n) throws CorruptSegmentException {
        if (n < 0 || n > starts.length - pos) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset,
                    "page holds " + starts.length + " values, asked for " + n + " after " + pos);
        }
    }

    @Override
    public void next(ColumnVector out, int n) throws CorruptSegmentException {
        check(n);
        BytesVector bv = BinaryPlainPageBuilder.asBytes(out);
        for (int i = 0; i < n; i++) {
            int s = starts[pos + i];
            int e = ends[pos + i];
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
