package io.strata.engine.segment.column;

import io.strata.engine.segment.CorruptSegmentException;
import io.strata.engine.util.ByteReader;
import io.strata.engine.util.ByteSink;
import io.strata.proto.segment.IndexPageFooterPB;
import io.strata.proto.segment.PagePointerPB;

import java.util.ArrayList;
import java.util.List;

/**
 * Codec of an INDEX_PAGE body (reference §4.1): entries {@code [varint32 key_len][key][varint64
 * page_offset][varint32 page_size]}, key = first key of the page pointed to. Strata writes only
 * single-level trees, so every index page is a LEAF.
 */
public final class IndexPage {
    private IndexPage() {}

    /** One entry: the first key of a page and the page's pointer. */
    public record Entry(byte[] key, long offset, int size) {
        public PagePointerPB pointer() {
            return PagePointerPB.newBuilder().setOffset(offset).setSize(size).build();
        }
    }

    /** Appends one entry to a body being built. */
    public static void addEntry(ByteSink body, byte[] key, int keyLen, PagePointerPB page) {
        body.putVarint32(keyLen);
        body.putBytes(key, 0, keyLen);
        body.putVarint64(page.getOffset());
        body.putVarint32(page.getSize());
    }

    /** The footer of a LEAF page with n entries. */
    public static IndexPageFooterPB leafFooter(int n) {
        return IndexPageFooterPB.newBuilder()
                .setNumEntries(n)
                .setType(IndexPageFooterPB.Type.LEAF)
                .build();
    }

    /**
     * Parses a LEAF index page body; checks entry count, lengths against what remains, and that the
     * body is consumed exactly.
     */
    public static List<Entry> parse(
            byte[] body, IndexPageFooterPB footer, String path, long fileOffset)
            throws CorruptSegmentException {
        if (footer.getType() != IndexPageFooterPB.Type.LEAF) {
            throw new CorruptSegmentException(
                    path, fileOffset, "index page type " + footer.getType() + " is not LEAF");
        }
        int n = footer.getNumEntries();
        // each entry takes at least 3 bytes: guards the list allocation against a corrupt count
        if (n < 0 || (long) n * 3 > body.length) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset,
                    "index page claims " + n + " entries in " + body.length + " bytes");
        }
        ByteReader r = new ByteReader(body, 0, body.length, path, fileOffset);
        List<Entry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int keyLen = r.getVarint32();
            if (keyLen < 0 || keyLen > r.remaining()) {
                throw new CorruptSegmentException(
                        path,
                        fileOffset + r.position(),
                        "index key length " + keyLen + " out of range");
            }
            byte[] key = r.getBytes(keyLen);
            long off = r.getVarint64();
            int size = r.getVarint32();
            if (off < 0 || size < 0) {
                throw new CorruptSegmentException(
                        path,
                        fileOffset + r.position(),
                        "negative page pointer in index entry " + i);
            }
            out.add(new Entry(key, off, size));
        }
        if (r.remaining() != 0) {
            throw new CorruptSegmentException(
                    path,
                    fileOffset + r.position(),
                    r.remaining() + " trailing bytes in index page");
        }
        return out;
    }
}
