package io.strata.engine.segment.index;

import io.strata.proto.segment.ShortKeyFooterPB;

/**
 * Builds the Doris short-key index page body (reference §4.7): all entry keys back to back, then
 * one varint32 per entry holding its start offset in the key area. The caller adds one entry per
 * {@value #NUM_ROWS_PER_BLOCK} rows (the short key of rows 0, 1024, 2048, …), built with {@link
 * KeyEncoding#encodeShortKey}. Not thread-safe.
 */
public final class ShortKeyIndexBuilder {
    /** Rows per short-key block (Doris writer default). */
    public static final int NUM_ROWS_PER_BLOCK = 1024;

    private final KeyBuffer keys = new KeyBuffer(1024);
    private final KeyBuffer offsets = new KeyBuffer(256);
    private int numItems;

    /** Appends an entry: the first len bytes of key. */
    public void addEntry(byte[] key, int len) {
        offsets.appendVarint32(keys.length());
        keys.append(key, 0, len);
        numItems++;
    }

    public int numItems() {
        return numItems;
    }

    /** The page body and footer; {@code uncompressed_size} of the page = body length. */
    public Result finish(int segmentId, int numSegmentRows) {
        byte[] body = new byte[keys.length() + offsets.length()];
        System.arraycopy(keys.array(), 0, body, 0, keys.length());
        System.arraycopy(offsets.array(), 0, body, keys.length(), offsets.length());
        ShortKeyFooterPB footer =
                ShortKeyFooterPB.newBuilder()
                        .setNumItems(numItems)
                        .setKeyBytes(keys.length())
                        .setOffsetBytes(offsets.length())
                        .setSegmentId(segmentId)
                        .setNumRowsPerBlock(NUM_ROWS_PER_BLOCK)
                        .setNumSegmentRows(numSegmentRows)
                        .build();
        return new Result(body, footer);
    }

    /** A finished short-key page: body bytes and its footer. */
    public static final class Result {
        private final byte[] body;
        private final ShortKeyFooterPB footer;

        Result(byte[] body, ShortKeyFooterPB footer) {
            this.body = body;
            this.footer = footer;
        }

        public byte[] body() {
            return body;
        }

        public ShortKeyFooterPB footer() {
            return footer;
        }
    }
}
