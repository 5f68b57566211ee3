package io.strata.engine.segment.index;

import io.strata.engine.segment.CorruptSegmentException;

import org.roaringbitmap.RoaringBitmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Reader-side helpers of the bitmap index: strict deserialization of stored bitmaps and dictionary
 * lookup by KeyCoder-encoded key. Stateless, thread-safe.
 */
public final class BitmapIndexReader {
    private BitmapIndexReader() {}

    /** Deserializes a stored bitmap (see {@link BitmapIndexBuilder#serialize}). */
    public static RoaringBitmap deserialize(byte[] b, int off, int len)
            throws CorruptSegmentException {
        return deserialize(b, off, len, "<bitmap>", 0);
    }

    /**
     * As {@link #deserialize(byte[], int, int)}, naming the file and the offset of the bitmap in
     * errors. Checks the type byte, that the length matches the content exactly and that array-form
     * ids are strictly increasing.
     */
    public static RoaringBitmap deserialize(
            byte[] b, int off, int len, String path, long fileOffset)
            throws CorruptSegmentException {
        if (len < 1 || off < 0 || off + len > b.length) {
            throw new CorruptSegmentException(path, fileOffset, "empty or out-of-range bitmap");
        }
        int type = b[off];
        if (type == 1) {
            if (len < 5) {
                throw new CorruptSegmentException(
                        path, fileOffset, "array bitmap of " + len + " bytes has no cardinality");
            }
            ByteBuffer bb = ByteBuffer.wrap(b, off + 1, len - 1).order(ByteOrder.LITTLE_ENDIAN);
            long card = bb.getInt() & 0xFFFFFFFFL;
            if (card * 4 + 5 != len) {
                throw new CorruptSegmentException(
                        path,
                        fileOffset + 1,
                        "array bitmap cardinality " + card + " does not fit its " + len + " bytes");
            }
            int[] ids = new int[(int) card];
            long prev = -1;
            for (int i = 0; i < ids.length; i++) {
                long id = bb.getInt() & 0xFFFFFFFFL;
                if (id <= prev) {
                    throw new CorruptSegmentException(
                            path,
                            fileOffset + 5 + 4L * i,
                            "array bitmap ids not increasing at " + i);
                }
                prev = id;
                ids[i] = (int) id;
            }
            return RoaringBitmap.bitmapOf(ids);
        }
        if (type == 2) {
            RoaringBitmap rb = new RoaringBitmap();
            ByteBuffer bb =
                    ByteBuffer.wrap(b, off + 1, len - 1).slice().order(ByteOrder.LITTLE_ENDIAN);
            try {
                rb.deserialize(bb);
            } catch (IOException | RuntimeException e) {
                throw new CorruptSegmentException(
                        path, fileOffset + 1, "malformed portable Roaring bitmap: " + e, e);
            }
            if (rb.serializedSizeInBytes() != len - 1) {
                throw new CorruptSegmentException(
                        path,
                        fileOffset + 1,
                        "portable Roaring bitmap uses "
                                + rb.serializedSizeInBytes()
                                + " of "
                                + (len - 1)
                                + " bytes");
            }
            return rb;
        }
        throw new CorruptSegmentException(path, fileOffset, "unknown bitmap type byte " + type);
    }

    /**
     * Binary search of a KeyCoder-encoded key in the sorted dictionary keys: the index, or {@code
     * -(insertion point) - 1} when absent (as {@link Arrays#binarySearch}).
     */
    public static int seek(List<byte[]> sortedKeys, byte[] key) {
        int lo = 0;
        int hi = sortedKeys.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Arrays.compareUnsigned(sortedKeys.get(mid), key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }
}
