package io.strata.engine.segment;

import io.strata.engine.segment.column.PositionedOutput;
import io.strata.engine.segment.column.SegmentFile;
import io.strata.engine.util.ByteReader;
import io.strata.engine.util.ByteSink;
import io.strata.proto.segment.CompressionTypePB;
import io.strata.proto.segment.PageFooterPB;
import io.strata.proto.segment.PagePointerPB;
import io.strata.proto.segment.PageTypePB;
import io.strata.proto.segment.ShortKeyFooterPB;

import java.io.IOException;
import java.util.Arrays;

/**
 * The short-key index page (reference §4.7): one entry per {@code num_rows_per_block} rows (the
 * short key of rows 0, 1024, ...), body = entry bytes then one varint32 start offset per entry,
 * SHORT_KEY_PAGE, uncompressed. {@link Builder} collects entries while rows are appended; {@link
 * Index} is the decoded, checked page with the seek helpers the scan uses.
 */
public final class ShortKeyPage {
    private ShortKeyPage() {}

    /** Accumulates entries (key bytes are copied). Not thread-safe. */
    public static final class Builder {
        private final ByteSink keys = new ByteSink();
        private final ByteSink offsets = new ByteSink();
        private int count;
        private int lastStart = -1;

        /**
         * Adds the next entry; throws if it sorts before the previous one (rows out of key order).
         */
        public void addEntry(byte[] key, int len) {
            if (lastStart >= 0
                    && Arrays.compareUnsigned(keys.array(), lastStart, keys.size(), key, 0, len)
                            > 0) {
                throw new IllegalArgumentException(
                        "rows are not in key order: short key of entry "
                                + count
                                + " sorts before the previous entry");
            }
            lastStart = keys.size();
            offsets.putVarint32(keys.size());
            keys.putBytes(key, 0, len);
            count++;
        }

        public int count() {
            return count;
        }
    }

    /** Writes the page at the output position and returns its pointer. */
    public static PagePointerPB write(
            PositionedOutput out, Builder b, int segmentId, int numRows, int rowsPerBlock)
            throws IOException {
        ByteSink body = new ByteSink(b.keys.size() + b.offsets.size());
        body.putBytes(b.keys.array(), 0, b.keys.size());
        body.putBytes(b.offsets.array(), 0, b.offsets.size());
        PageFooterPB.Builder f =
                PageFooterPB.newBuilder()
                        .setType(PageTypePB.SHORT_KEY_PAGE)
                        .setShortKeyPageFooter(
                                ShortKeyFooterPB.newBuilder()
                                        .setNumItems(b.count)
                                        .setKeyBytes(b.keys.size())
                                        .setOffsetBytes(b.offsets.size())
                                        .setSegmentId(segmentId)
                                        .setNumRowsPerBlock(rowsPerBlock)
                                        .setNumSegmentRows(numRows));
        return PageIO.writePage(
                out,
                out.position(),
                body.array(),
                body.size(),
                f,
                CompressionTypePB.NO_COMPRESSION);
    }

    /** A decoded short-key page. Immutable. */
    public static final class Index {
        private final byte[][] entries;
        private final int rowsPerBlock;

        Index(byte[][] entries, int rowsPerBlock) {
            this.entries = entries;
            this.rowsPerBlock = rowsPerBlock;
        }

        public int numEntries() {
            return entries.length;
        }

        public byte[] entry(int i) {
            return entries[i];
        }

        public int rowsPerBlock() {
            return rowsPerBlock;
        }

        /** First entry index j with {@code entry(j) >= key[0..len)} (unsigned bytes), or count. */
        public int firstAtOrAfter(byte[] key, int len) {
            int lo = 0;
            int hi = entries.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                byte[] e = entries[mid];
                if (Arrays.compareUnsigned(e, 0, e.length, key, 0, len) >= 0) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }

        /** First entry index j whose first {@code len} bytes compare greater than the key. */
        public int firstPrefixAfter(byte[] key, int len) {
            int lo = 0;
            int hi = entries.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                byte[] e = entries[mid];
                int l = Math.min(len, e.length);
                if (Arrays.compareUnsigned(e, 0, l, key, 0, len) > 0) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }
    }

    /** Reads and checks the page (counts, lengths, offsets, rows per block). */
    public static Index read(SegmentFile file, PagePointerPB ptr, int numRows) throws IOException {
        String path = file.path();
        SegmentFile.LoadedPage p =
                file.read(
                        ptr,
                        CompressionTypePB.NO_COMPRESSION,
                        PageTypePB.SHORT_KEY_PAGE,
                        "short-key page");
        ShortKeyFooterPB f = p.footer().getShortKeyPageFooter();
        long off = p.offset();
        byte[] body = p.body();
        int n = f.getNumItems();
        int keyBytes = f.getKeyBytes();
        int offBytes = f.getOffsetBytes();
        int per = f.getNumRowsPerBlock();
        if (per <= 0
                || f.getNumSegmentRows() != numRows
                || keyBytes < 0
                || offBytes < 0
                || (long) keyBytes + offBytes != body.length
                || n < 0
                || n > offBytes
                || n != (int) (((long) numRows + per - 1) / per)) {
            throw new CorruptSegmentException(
                    path,
                    off,
                    "short-key page footer inconsistent: items "
                            + n
                            + ", key bytes "
                            + keyBytes
                            + ", offset bytes "
                            + offBytes
                            + ", rows per block "
                            + per
                            + ", rows "
                            + f.getNumSegmentRows()
                            + "/"
                            + numRows
                            + ", body "
                            + body.length);
        }
        ByteReader r = new ByteReader(body, keyBytes, offBytes, path, off + keyBytes);
        int[] starts = new int[n + 1];
        for (int i = 0; i < n; i++) {
            starts[i] = r.getVarint32();
            if (starts[i] < (i == 0 ? 0 : starts[i - 1])
                    || starts[i] > keyBytes
                    || (i == 0 && starts[0] != 0)) {
                throw new CorruptSegmentException(
                        path,
                        off,
                        "short-key entry " + i + " offset " + starts[i] + " out of order");
            }
        }
        if (r.remaining() != 0) {
            throw new CorruptSegmentException(
                    path, off, "short-key offsets have " + r.remaining() + " trailing bytes");
        }
        starts[n] = keyBytes;
        byte[][] entries = new byte[n][];
        for (int i = 0; i < n; i++) {
            entries[i] = Arrays.copyOfRange(body, starts[i], starts[i + 1]);
        }
        return new Index(entries, per);
    }
}
