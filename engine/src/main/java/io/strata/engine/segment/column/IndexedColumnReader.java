package io.strata.engine.segment.column;

import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.DataType;
import io.strata.engine.segment.CorruptSegmentException;
import io.strata.engine.segment.encoding.PageCodecs;
import io.strata.engine.segment.encoding.PageDecoder;
import io.strata.proto.segment.BTreeMetaPB;
import io.strata.proto.segment.DataPageFooterPB;
import io.strata.proto.segment.IndexedColumnMetaPB;
import io.strata.proto.segment.PagePointerPB;
import io.strata.proto.segment.PageTypePB;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a whole IndexedColumn (zone maps, bloom filters, bitmap dictionary/bitmaps, primary keys)
 * into one vector, checking the ordinal index, every page's ordinals and the total value count.
 */
public final class IndexedColumnReader {
    private IndexedColumnReader() {}

    /** Resolves the data pages of a single-level B-tree (root data page or one LEAF page). */
    public static List<IndexPage.Entry> dataPages(
            SegmentFile file, BTreeMetaPB tree, IndexedColumnMetaPB meta, String what)
            throws IOException {
        if (!tree.hasRootPage()) {
            throw new CorruptSegmentException(
                    file.path(), file.dataLimit(), what + ": index without a root page");
        }
        PagePointerPB root = tree.getRootPage();
        List<IndexPage.Entry> out = new ArrayList<>();
        if (tree.getIsRootDataPage()) {
            file.checkPointer(root, what, root.getOffset());
            out.add(
                    new IndexPage.Entry(
                            IndexedColumnWriter.ordinalKey(0), root.getOffset(), root.getSize()));
            return out;
        }
        SegmentFile.LoadedPage p =
                file.read(root, meta.getCompression(), PageTypePB.INDEX_PAGE, what + " index");
        out =
                IndexPage.parse(
                        p.body(), p.footer().getIndexPageFooter(), file.path(), root.getOffset());
        for (IndexPage.Entry e : out) {
            file.checkPointer(e.pointer(), what, root.getOffset());
        }
        return out;
    }

    /**
     * Reads every value. {@code pageType} is the type the pages were encoded as (STRING for opaque
     * binary); throws if the meta disagrees with what the pages hold.
     */
    public static ColumnVector readAll(
            SegmentFile file, IndexedColumnMetaPB meta, DataType pageType, String what)
            throws IOException {
        long n = meta.getNumValues();
        if (n < 0 || n > Integer.MAX_VALUE - 16) {
            throw new CorruptSegmentException(
                    file.path(), file.dataLimit(), what + ": bad value count " + n);
        }
        BTreeMetaPB tree =
                meta.hasOrdinalIndexMeta() ? meta.getOrdinalIndexMeta() : meta.getValueIndexMeta();
        List<IndexPage.Entry> pages = dataPages(file, tree, meta, what);
        // do not trust n for the allocation: grow as pages decode
        ColumnVector out = ColumnVector.create(pageType, (int) Math.min(n, 4096));
        long expectFirst = 0;
        for (IndexPage.Entry e : pages) {
            SegmentFile.LoadedPage p =
                    file.read(e.pointer(), meta.getCompression(), PageTypePB.DATA_PAGE, what);
            DataPageFooterPB df = p.footer().getDataPageFooter();
            if (df.getFirstOrdinal() != expectFirst || df.getNullmapSize() != 0) {
                throw new CorruptSegmentException(
                        file.path(),
                        e.offset(),
                        what
                                + ": page first ordinal "
                                + df.getFirstOrdinal()
                                + ", expected "
                                + expectFirst);
            }
            PageDecoder d =
                    PageCodecs.decoder(
                            meta.getEncoding(),
                            pageType,
                            p.body(),
                            0,
                            p.body().length,
                            null,
                            file.path(),
                            e.offset());
            long cnt = df.getNumValues();
            if (d.count() != cnt || cnt > n - expectFirst) {
                throw new CorruptSegmentException(
                        file.path(),
                        e.offset(),
                        what + ": page holds " + d.count() + " values, footer says " + cnt);
            }
            d.next(out, (int) cnt);
            expectFirst += cnt;
        }
        if (expectFirst != n) {
            throw new CorruptSegmentException(
                    file.path(),
                    0,
                    what + ": pages hold " + expectFirst + " values, meta says " + n);
        }
        return out;
    }
}
