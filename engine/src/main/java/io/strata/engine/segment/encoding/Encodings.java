package io.strata.engine.segment.encoding;

import io.strata.engine.schema.FieldType;
import io.strata.proto.segment.EncodingTypePB;

/** Doris's default page encodings per field type (reference §3.10). */
public final class Encodings {
    private Encodings() {}

    /** BOOLEAN → RLE, CHAR/VARCHAR/STRING → DICT_ENCODING, all other types → BIT_SHUFFLE. */
    public static EncodingTypePB defaultEncoding(FieldType t) {
        switch (t) {
            case BOOLEAN:
                return EncodingTypePB.RLE;
            case CHAR:
            case VARCHAR:
            case STRING:
                return EncodingTypePB.DICT_ENCODING;
            default:
                return EncodingTypePB.BIT_SHUFFLE;
        }
    }

    /**
     * The encoding Doris uses where values must be seekable by value (primary-key index, bitmap
     * dictionary): PREFIX_ENCODING for strings, PLAIN for BOOLEAN; for numbers Doris uses FOR
     * encoding, which Strata does not write, so this returns BIT_SHUFFLE (the decimal choice).
     */
    public static EncodingTypePB valueSeekEncoding(FieldType t) {
        switch (t) {
            case BOOLEAN:
                return EncodingTypePB.PLAIN_ENCODING;
            case CHAR:
            case VARCHAR:
            case STRING:
                return EncodingTypePB.PREFIX_ENCODING;
            default:
                return EncodingTypePB.BIT_SHUFFLE;
        }
    }

    /** Whether Strata can write and read {@code enc} for values of type {@code t}. */
    public static boolean supports(EncodingTypePB enc, FieldType t) {
        switch (enc) {
            case PLAIN_ENCODING:
                return true;
            case BIT_SHUFFLE:
                return !t.isString();
            case RLE:
                return t == FieldType.BOOLEAN;
            case DICT_ENCODING:
            case PREFIX_ENCODING:
                return t.isString();
            default:
                return false;
        }
    }
}
