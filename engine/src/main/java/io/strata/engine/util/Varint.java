package io.strata.engine.util;

/** Sizes and array-level encoding of protobuf-style unsigned LEB128 varints. */
public final class Varint {
    private Varint() {}

    /** Encoded length of the unsigned 32-bit value. */
    public static int size32(int v) {
        int n = 1;
        while ((v & ~0x7F) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    /** Encoded length of the unsigned 64-bit value. */
    public static int size64(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    /** Writes v at b[pos] and returns the position after it; the caller sized b. */
    public static int write32(byte[] b, int pos, int v) {
        while ((v & ~0x7F) != 0) {
            b[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[pos++] = (byte) v;
        return pos;
    }
}
