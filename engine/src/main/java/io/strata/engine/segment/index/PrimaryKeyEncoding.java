package io.strata.engine.segment.index;

import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.DataType;

import java.util.Arrays;

/**
 * Primary-key index keys of UNIQUE merge-on-write segments (reference §4.6): per key column {@code
 * 0x02} + full encoding ({@code 0x01} for NULL), optionally followed by a sequence-column suffix
 * ({@code 0x02} + full encoding, or {@code 0x01} + length × {@code 0x00} for a NULL sequence).
 * Tracks the segment's min/max key (suffix stripped) and checks that keys arrive strictly
 * increasing. Not thread-safe.
 */
public final class PrimaryKeyEncoding {
    private final DataType[] keyTypes;
    private final DataType seqType; // null without a sequence column
    private final int seqSuffixLength;
    private final KeyBuffer buf = new KeyBuffer(64);
    private byte[] first;
    private byte[] last = new byte[0];
    private int lastLen = -1;
    private long numKeys;

    /**
     * @param keyTypes types of the key columns, in key order
     * @param seqType type of the sequence column, or null; must be fixed width
     */
    public PrimaryKeyEncoding(DataType[] keyTypes, DataType seqType) {
        this.keyTypes = keyTypes.clone();
        this.seqType = seqType;
        if (seqType != null && seqType.fieldType().isString()) {
            throw new IllegalArgumentException(
                    "sequence column of type "
                            + seqType
                            + " is not supported: must be fixed width");
        }
        this.seqSuffixLength = seqType == null ? 0 : 1 + seqType.fieldType().fixedSize;
    }

    /** Bytes of the sequence suffix at the end of every key (0 without a sequence column). */
    public int seqSuffixLength() {
        return seqSuffixLength;
    }

    /**
     * Encodes the key of one row into a reused buffer (valid until the next call) and records it
     * for min/max.
     *
     * @param seq the sequence column vector, or null without one
     * @throws IllegalStateException if the key is not greater than the previous one
     */
    public KeyBuffer encode(ColumnVector[] keyCols, ColumnVector seq, int row) {
        buf.reset();
        encode(keyCols, seq, row, buf);
        observe(buf.array(), buf.length());
        return buf;
    }

    /** Encodes the key of one row into out without recording it. */
    public void encode(ColumnVector[] keyCols, ColumnVector seq, int row, KeyBuffer out) {
        KeyEncoding.encodeRowKey(keyCols, keyTypes, row, keyTypes.length, out);
        if (seqType != null) {
            if (seq.isNull(row)) {
                out.append(KeyEncoding.NULL_FIRST);
                out.appendRepeated(KeyEncoding.MINIMAL, seqSuffixLength - 1);
            } else {
                out.append(KeyEncoding.NORMAL);
                KeyCoder.encodeFull(seqType, seq, row, out);
            }
        }
    }

    /** Length of a key without its sequence suffix. */
    public int stripSuffix(int keyLength) {
        return keyLength - seqSuffixLength;
    }

    private void observe(byte[] key, int len) {
        if (lastLen >= 0 && Arrays.compareUnsigned(key, 0, len, last, 0, lastLen) <= 0) {
            throw new IllegalStateException(
                    "primary keys must be strictly increasing; key #"
                            + numKeys
                            + " is not greater than the previous key");
        }
        if (first == null) {
            first = Arrays.copyOf(key, stripSuffix(len));
        }
        if (last.length < len) {
            last = new byte[Math.max(len, last.length * 2)];
        }
        System.arraycopy(key, 0, last, 0, len);
        lastLen = len;
        numKeys++;
    }

    public long numKeys() {
        return numKeys;
    }

    /** First key with the sequence suffix stripped (PrimaryKeyIndexMetaPB.min_key), or null. */
    public byte[] minKey() {
        return first == null ? null : first.clone();
    }

    /** Last key with the sequence suffix stripped (PrimaryKeyIndexMetaPB.max_key), or null. */
    public byte[] maxKey() {
        return lastLen < 0 ? null : Arrays.copyOf(last, stripSuffix(lastLen));
    }
}
