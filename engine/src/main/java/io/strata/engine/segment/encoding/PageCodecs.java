package io.strata.engine.segment.encoding;

import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.segment.CorruptSegmentException;
import io.strata.proto.segment.EncodingTypePB;

/** Creates page builders and decoders for an (encoding, type) pair. */
public final class PageCodecs {
    private PageCodecs() {}

    /**
     * A builder for one column of one segment. {@code dataPageSize} is the target page body size,
     * {@code dictPageSize} the DICT_ENCODING dictionary limit (ignored by other encodings).
     *
     * @throws IllegalArgumentException when the encoding does not apply to the type
     */
    public static PageBuilder builder(
            EncodingTypePB enc, DataType type, int dataPageSize, int dictPageSize) {
        return builder(enc, type, dataPageSize, dictPageSize, false, false);
    }

    /**
     * As above with the encoder choices of {@link
     * io.strata.engine.segment.SegmentWriterOptions#sizeOptimized()}: {@code sortedDictionary}
     * writes DICT_ENCODING dictionaries in sorted order ({@link
     * DictPageBuilder#sortsDictionary()}); {@code literalBlocks} stores BIT_SHUFFLE blocks as
     * literal-only LZ4 blocks (for a strong page codec to compress). Both read like Doris's own.
     */
    public static PageBuilder builder(
            EncodingTypePB enc,
            DataType type,
            int dataPageSize,
            int dictPageSize,
            boolean sortedDictionary,
            boolean literalBlocks) {
        FieldType t = type.fieldType();
        if (!Encodings.supports(enc, t)) {
            throw new IllegalArgumentException("encoding " + enc + " is not supported for " + type);
        }
        switch (enc) {
            case PLAIN_ENCODING:
                return t.isString()
                        ? new BinaryPlainPageBuilder(type, dataPageSize)
                        : new FixedPageBuilder(enc, t, dataPageSize, false);
            case BIT_SHUFFLE:
                return new FixedPageBuilder(enc, t, dataPageSize, literalBlocks);
            case RLE:
                return new RlePageBuilder(dataPageSize);
            case DICT_ENCODING:
                return new DictPageBuilder(
                        type, dataPageSize, dictPageSize, sortedDictionary, literalBlocks);
            case PREFIX_ENCODING:
                return new PrefixPageBuilder(type, dataPageSize);
            default:
                throw new IllegalArgumentException(
                        "encoding " + enc + " is not supported for " + type);
        }
    }

    /**
     * A decoder over the values region {@code body[off, off+len)} of one page: exactly the bytes
     * the builder's {@link PageBuilder#finish} produced, i.e. the decompressed body minus its
     * trailing null map (formats with a size header check it equals {@code len}). {@code dict} is
     * the column's dictionary for DICT_ENCODING (may be null if no dict-mode page is read), ignored
     * otherwise. {@code fileOffset} is the file position used in error messages.
     *
     * @throws CorruptSegmentException when the header is malformed or the encoding does not apply
     *     to the type
     */
    public static PageDecoder decoder(
            EncodingTypePB enc,
            DataType type,
            byte[] body,
            int off,
            int len,
            Dictionary dict,
            String path,
            long fileOffset)
            throws CorruptSegmentException {
        FieldType t = type.fieldType();
        if (off < 0 || len < 0 || off + len > body.length) {
            throw new IllegalArgumentException(
                    "range [" + off + ", +" + len + ") outside body of " + body.length);
        }
        if (!Encodings.supports(enc, t)
                && !(enc == EncodingTypePB.PLAIN_ENCODING_V2 && t.isString())) {
            throw new CorruptSegmentException(
                    path, fileOffset, "encoding " + enc + " is not supported for " + type);
        }
        boolean strip = t == FieldType.CHAR;
        switch (enc) {
            case PLAIN_ENCODING:
                return t.isString()
                        ? new BinaryPlainPageDecoder(body, off, len, strip, path, fileOffset)
                        : new FixedPageDecoder(enc, t, body, off, len, path, fileOffset);
            case PLAIN_ENCODING_V2:
                return new BinaryPlainV2PageDecoder(body, off, len, strip, path, fileOffset);
            case BIT_SHUFFLE:
                return new FixedPageDecoder(enc, t, body, off, len, path, fileOffset);
            case RLE:
                return new RlePageDecoder(body, off, len, path, fileOffset);
            case DICT_ENCODING:
                return new DictPageDecoder(body, off, len, dict, strip, path, fileOffset);
            case PREFIX_ENCODING:
                return new PrefixPageDecoder(body, off, len, strip, path, fileOffset);
            default:
                throw new CorruptSegmentException(
                        path, fileOffset, "encoding " + enc + " is not supported for " + type);
        }
    }
}
