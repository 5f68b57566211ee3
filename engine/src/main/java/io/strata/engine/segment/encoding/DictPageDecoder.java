package io.strata.engine.segment.encoding;

import io.strata.engine.block.BytesVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.segment.CorruptSegmentException;
import io.strata.proto.segment.EncodingTypePB;

/**
 * Decoder of DICT_ENCODING data pages (§3.7): reads the mode word, then either the BIT_SHUFFLE
 * INT32 codes (each checked against the dictionary size) or a plain-fallback binary page.
 */
final class DictPageDecoder implements PageDecoder {
    private final PageDecoder plain; // mode 2
    private final int[] codes; // mode 5
    private final Dictionary dict;
    private final boolean stripChar;
    private final String path;
    private final long fileOffset;
    private int pos;

    DictPageDecoder(
            byte[] body,
            int off,
            int len,
            Dictionary dict,
            boolean stripChar,
            String path,
            long fileOffset)
            throws CorruptSegmentException {
        this.dict = dict;
        this.stripChar = stripChar;
        this.path = path;
        this.fileOffset = fileOffset;
        if (len < 4) {
            throw new CorruptSegmentException(
                    path, fileOffset, "dict data page of " + len + " bytes has no mode word");
        }
        int mode = (int) FixedValues.INT_LE.get(body, off);
        if (mode == EncodingTypePB.DICT_ENCODING_VALUE) {
            if (dict == null) {
                throw new CorruptSegmentException(
                        path, fileOffset, "dict-mode page but the column has no dictionary");
            }
            BitShuffle.Header h =
                    BitShuffle.header(body, off + 4, len - 4, 4, path, fileOffset + 4);
            int n = h.numElements();
            int[] all = BitShuffle.decodeInts(body, off + 4, len - 4, path, fileOffset + 4);
            codes = all.length == n ? all : java.util.Arrays.copyOf(all, n);
            int size = dict.size();
            for (int i = 0; i < n; i++) {
                if (codes[i] < 0 || codes[i] >= size) {
                    throw new CorruptSegmentException(
                            path,
                            fileOffset + 4,
                            "dictionary code "
                                    + (codes[i] & 0xFFFFFFFFL)
                                    + " of value "
                                    + i
                                    + " is not below dictionary size "
                                    + size);
                }
            }
            plain = null;
        } else if (mode == EncodingTypePB.PLAIN_ENCODING_V2_VALUE) {
            plain =
                    new BinaryPlainV2PageDecoder(
                            body, off + 4, len - 4, stripChar, path, fileOffset + 4);
            codes = null;
        } else if (mode == EncodingTypePB.PLAIN_ENCODING_VALUE) {
            plain =
                    new BinaryPlainPageDecoder(
                            body, off + 4, len - 4, stripChar, path, fileOffset + 4);
            codes = null;
        } else {
            throw new CorruptSegmentException(
                    path, fileOffset, "unsupported dict data page mode " + mode);
        }
    }

    @Override
    public int count() {
        return plain != null ? plain.count() : codes.length;
    }

    private void check(int n) throws CorruptSegmentException {
        if (n < 0 || n > codes.length - pos) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset,
                    "page holds " + codes.length + " values, asked for " + n + " after " + pos);
        }
    }

    @Override
    public void next(ColumnVector out, int n) throws CorruptSegmentException {
        if (plain != null) {
            plain.next(out, n);
            return;
        }
        check(n);
        BytesVector bv = BinaryPlainPageBuilder.asBytes(out);
        byte[] d = dict.data();
        for (int i = 0; i < n; i++) {
            int c = codes[pos + i];
            int s = dict.start(c);
            int e = s + dict.length(c);
            if (stripChar) {
                while (e > s && d[e - 1] == 0) {
                    e--;
                }
            }
            bv.append(d, s, e - s);
        }
        pos += n;
    }

    @Override
    public void skip(int n) throws CorruptSegmentException {
        if (plain != null) {
            plain.skip(n);
            return;
        }
        check(n);
        pos += n;
    }
}
