package io.strata.engine.segment.encoding;

import io.strata.engine.segment.CorruptSegmentException;

/**
 * The words of a DICT_ENCODING dictionary page (a binary plain page, §3.7), indexed by code. Holds
 * the page bytes and checked offsets; word i is {@code data()[start(i), start(i)+length(i))}.
 * Immutable after decoding; safe to share between decoders of the same column.
 */
public final class Dictionary {
    private final byte[] data;
    private final int base;
    private final int[] offsets; // size + 1 entries, relative to base

    private Dictionary(byte[] data, int base, int[] offsets) {
        this.data = data;
        this.base = base;
        this.offsets = offsets;
    }

    /** Parses a dictionary page body occupying {@code body[off, off+len)}. */
    public static Dictionary decode(byte[] body, int off, int len, String path, long fileOffset)
            throws CorruptSegmentException {
        BinaryPlainPageDecoder d =
                new BinaryPlainPageDecoder(body, off, len, false, path, fileOffset);
        return new Dictionary(body, off, d.offsets());
    }

    /** Parses a whole dictionary page body. */
    public static Dictionary decode(byte[] body, String path, long fileOffset)
            throws CorruptSegmentException {
        return decode(body, 0, body.length, path, fileOffset);
    }

    /** Number of words (codes 0..size-1). */
    public int size() {
        return offsets.length - 1;
    }

    public byte[] data() {
        return data;
    }

    /** Start of word i in {@link #data()}. */
    public int start(int i) {
        return base + offsets[i];
    }

    public int length(int i) {
        return offsets[i + 1] - offsets[i];
    }

    /** A copy of word i. */
    public byte[] word(int i) {
        return java.util.Arrays.copyOfRange(data, start(i), start(i) + length(i));
    }
}
