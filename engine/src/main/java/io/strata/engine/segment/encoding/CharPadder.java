package io.strata.engine.segment.encoding;

import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;

import java.util.Arrays;

/**
 * Zero-pads CHAR(n) values for builders that need the padded bytes as one slice (dictionary lookup,
 * prefix comparison). After {@link #set} the value is {@code array[start, start + len)}; the
 * scratch buffer is reused so no allocation happens per value.
 */
final class CharPadder {
    private final int charLength; // > 0 for CHAR
    private byte[] padBuf = new byte[0];

    byte[] array;
    int start;
    int len;

    CharPadder(DataType type) {
        this.charLength = type.fieldType() == FieldType.CHAR ? type.length() : 0;
    }

    /** Points at the value, padded into the scratch buffer when it is a short CHAR. */
    void set(byte[] src, int s, int len) {
        if (charLength > 0 && len != charLength) {
            BinaryPlainPageBuilder.checkChar(charLength, src, s, len);
            if (padBuf.length < charLength) {
                padBuf = new byte[charLength];
            }
            System.arraycopy(src, s, padBuf, 0, len);
            Arrays.fill(padBuf, len, charLength, (byte) 0);
            this.array = padBuf;
            this.start = 0;
            this.len = charLength;
        } else {
            this.array = src;
            this.start = s;
            this.len = len;
        }
    }
}
