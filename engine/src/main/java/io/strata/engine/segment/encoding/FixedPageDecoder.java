package io.strata.engine.segment.encoding;

import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.FieldType;
import io.strata.engine.segment.CorruptSegmentException;
import io.strata.proto.segment.EncodingTypePB;

/**
 * Decoder of PLAIN (§3.2) and BIT_SHUFFLE (§3.5) pages of fixed-width values. The whole page is
 * decoded at creation into the primitive array of the type; {@link #next} appends slices of it.
 */
final class FixedPageDecoder implements PageDecoder {
    private final FixedValues.Decoded values;
    private final String path;
    private final long fileOffset;
    private int pos;

    FixedPageDecoder(
            EncodingTypePB encoding,
            FieldType type,
            byte[] body,
            int off,
            int len,
            String path,
            long fileOffset)
            throws CorruptSegmentException {
        this.path = path;
        this.fileOffset = fileOffset;
        int width = FixedValues.width(type);
        if (encoding == EncodingTypePB.PLAIN_ENCODING) {
            if (len < 4) {
                throw new CorruptSegmentException(
                        path, fileOffset, "plain page of " + len + " bytes has no count");
            }
            long n = (int) FixedValues.INT_LE.get(body, off) & 0xFFFFFFFFL;
            if (4 + n * width != len) {
                throw new CorruptSegmentException(
                        path,
                        fileOffset,
                        "plain page says "
                                + n
                                + " values of "
                                + width
                                + " bytes but holds "
                                + (len - 4)
                                + " bytes");
            }
            values = FixedValues.Decoded.fromLE(type, body, off + 4, (int) n);
        } else {
            BitShuffle.Header h = BitShuffle.header(body, off, len, width, path, fileOffset);
            int n = h.numElements();
            switch (type) {
                case BIGINT:
                case DATETIMEV2:
                case DECIMAL64:
                case DOUBLE:
                    values =
                            FixedValues.Decoded.ofLongs(
                                    type,
                                    BitShuffle.decodeLongs(body, off, len, path, fileOffset),
                                    n);
                    break;
                case INT:
                case DATEV2:
                case DECIMAL32:
                case FLOAT:
                    values =
                            FixedValues.Decoded.ofInts(
                                    type,
                                    BitShuffle.decodeInts(body, off, len, path, fileOffset),
                                    n);
                    break;
                default:
                    byte[] plain = BitShuffle.decode(body, off, len, width, path, fileOffset);
                    values = FixedValues.Decoded.fromLE(type, plain, 0, n);
            }
        }
    }

    @Override
    public int count() {
        return values.count;
    }

    private void check(int n) throws CorruptSegmentException {
        if (n < 0 || n > values.count - pos) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset,
                    "page holds " + values.count + " values, asked for " + n + " after " + pos);
        }
    }

    @Override
    public void next(ColumnVector out, int n) throws CorruptSegmentException {
        check(n);
        values.appendTo(out, pos, n);
        pos += n;
    }

    @Override
    public void skip(int n) throws CorruptSegmentException {
        check(n);
        pos += n;
    }
}
