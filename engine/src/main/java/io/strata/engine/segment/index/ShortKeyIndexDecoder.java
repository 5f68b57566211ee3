package io.strata.engine.segment.index;

import io.strata.engine.segment.CorruptSegmentException;
import io.strata.proto.segment.ShortKeyFooterPB;

import java.util.Arrays;

/**
 * Decodes a short-key index page body and answers Doris's seek questions. Entry i is the short key
 * of row {@code i × numRowsPerBlock}. Keys compare as unsigned bytes, a proper prefix sorting
 * first. Seeking relies on the Doris short-key rule that only the last short-key column may be
 * VARCHAR/STRING (so entries are non-decreasing in row order), which {@code
 * TabletSchema.numShortKeyColumns()} follows. Immutable after construction, thread-safe.
 */
public final class ShortKeyIndexDecoder {
    private final byte[] keys;
    private final int[] offsets; // numItems + 1 entries; the last is key_bytes
    private final int numItems;
    private final int numRowsPerBlock;
    private final int numSegmentRows;
    private final int segmentId;

    /**
     * Validates and decodes a page body.
     *
     * @param path file, for error messages
     * @param offset file offset of the page body, for error messages
     */
    public ShortKeyIndexDecoder(byte[] body, ShortKeyFooterPB footer, String path, long offset)
            throws CorruptSegmentException {
        long keyBytes = footer.getKeyBytes() & 0xFFFFFFFFL;
        long offsetBytes = footer.getOffsetBytes() & 0xFFFFFFFFL;
        long items = footer.getNumItems() & 0xFFFFFFFFL;
        if (keyBytes + offsetBytes != body.length) {
            throw new CorruptSegmentException(
                    path,
                    offset,
                    "short-key page body is "
                            + body.length
                            + " bytes, footer says "
                            + keyBytes
                            + " key + "
                            + offsetBytes
                            + " offset bytes");
        }
        if (items > offsetBytes) { // every varint takes at least one byte
            throw new CorruptSegmentException(
                    path,
                    offset,
                    "short-key footer claims "
                            + items
                            + " items in "
                            + offsetBytes
                            + " offset bytes");
        }
        numRowsPerBlock = footer.getNumRowsPerBlock();
        if (numRowsPerBlock <= 0) {
            throw new CorruptSegmentException(
                    path, offset, "short-key num_rows_per_block is " + numRowsPerBlock);
        }
        numItems = (int) items;
        numSegmentRows = footer.getNumSegmentRows();
        segmentId = footer.getSegmentId();
        if (numSegmentRows < 0
                || (long) numItems
                        != ((numSegmentRows & 0xFFFFFFFFL) + numRowsPerBlock - 1)
                                / numRowsPerBlock) {
            throw new CorruptSegmentException(
                    path,
                    offset,
                    "short-key index has "
                            + numItems
                            + " items for "
                            + numSegmentRows
                            + " rows at "
                            + numRowsPerBlock
                            + " rows per block");
        }
        keys = Arrays.copyOf(body, (int) keyBytes);
        offsets = new int[numItems + 1];
        int p = (int) keyBytes;
        int prev = 0;
        for (int i = 0; i < numItems; i++) {
            int v = 0;
            int shift = 0;
            while (true) {
                if (p >= body.length) {
                    throw new CorruptSegmentException(
                            path, offset + p, "short-key offset " + i + " runs past the page");
                }
                int b = body[p++] & 0xFF;
                if (shift == 28 && (b & 0xF0) != 0) {
                    throw new CorruptSegmentException(
                            path, offset + p - 1, "short-key offset " + i + " overflows varint32");
                }
                v |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
            }
            if (v < prev || v > keyBytes || (i == 0 && v != 0)) {
                throw new CorruptSegmentException(
                        path,
                        offset + p - 1,
                        "short-key offset "
                                + i
                                + " = "
                                + v
                                + " out of order or past "
                                + keyBytes
                                + " key bytes");
            }
            offsets[i] = v;
            prev = v;
        }
        if (p != body.length) {
            throw new CorruptSegmentException(
                    path,
                    offset + p,
                    "short-key page has " + (body.length - p) + " trailing bytes");
        }
        offsets[numItems] = (int) keyBytes;
    }

    public int numItems() {
        return numItems;
    }

    public int numRowsPerBlock() {
        return numRowsPerBlock;
    }

    public int numSegmentRows() {
        return numSegmentRows;
    }

    public int segmentId() {
        return segmentId;
    }

    /** A copy of entry i's key. */
    public byte[] key(int i) {
        return Arrays.copyOfRange(keys, offsets[i], offsets[i + 1]);
    }

    /** First row of block i. */
    public int blockStartRow(int i) {
        return i * numRowsPerBlock;
    }

    private int compareEntry(int i, byte[] key) {
        return Arrays.compareUnsigned(keys, offsets[i], offsets[i + 1], key, 0, key.length);
    }

    /** Index of the first entry ≥ key, or {@link #numItems()} if none. */
    public int lowerBound(byte[] key) {
        int lo = 0;
        int hi = numItems;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareEntry(mid, key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Index of the first entry &gt; key, or {@link #numItems()} if none. */
    public int upperBound(byte[] key) {
        int lo = 0;
        int hi = numItems;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareEntry(mid, key) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * First row that may hold a key ≥ lowerKey (Doris {@code _lookup_ordinal_from_sk_index}): the
     * start of the block before the first entry ≥ key, since that block may contain it; the last
     * block when every entry is smaller. 0 for an empty index.
     */
    public int seekStartRow(byte[] lowerKey) {
        if (numItems == 0) {
            return 0;
        }
        int i = lowerBound(lowerKey);
        int block = i < numItems ? Math.max(i - 1, 0) : numItems - 1;
        return blockStartRow(block);
    }

    /**
     * Row bound (exclusive) after which no row can have a short key ≤ upperKey: the start of the
     * first block whose entry is &gt; key, or the segment row count.
     */
    public int seekEndRow(byte[] upperKey) {
        int i = upperBound(upperKey);
        return i < numItems ? blockStartRow(i) : numSegmentRows;
    }
}
