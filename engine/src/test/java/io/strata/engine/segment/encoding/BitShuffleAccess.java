package io.strata.engine.segment.encoding;

/** Test access to package-private BIT_SHUFFLE helpers. */
public final class BitShuffleAccess {
    private BitShuffleAccess() {}

    public static int literalBlock(byte[] src, int len, byte[] dst) {
        return BitShuffle.literalBlock(src, len, dst, 0);
    }
}
