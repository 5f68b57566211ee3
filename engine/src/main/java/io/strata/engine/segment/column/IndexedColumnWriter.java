package io.strata.engine.segment.column;

import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.DataType;
import io.strata.engine.segment.PageIO;
import io.strata.engine.segment.encoding.PageBuilder;
import io.strata.engine.segment.encoding.PageCodecs;
import io.strata.engine.segment.index.KeyBuffer;
import io.strata.engine.segment.index.KeyCoder;
import io.strata.engine.util.ByteSink;
import io.strata.proto.segment.BTreeMetaPB;
import io.strata.proto.segment.CompressionTypePB;
import io.strata.proto.segment.DataPageFooterPB;
import io.strata.proto.segment.EncodingTypePB;
import io.strata.proto.segment.IndexedColumnMetaPB;
import io.strata.proto.segment.PageFooterPB;
import io.strata.proto.segment.PagePointerPB;
import io.strata.proto.segment.PageTypePB;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an IndexedColumn (reference §4.1): a column without nulls stored as DATA pages, with an
 * optional ordinal index (8-byte big-endian first ordinals) and an optional value index (KeyCoder
 * full encoding of each page's first value), each a single LEAF index page, or a direct root
 * pointer when there is exactly one data page. Values are buffered and written by {@link #finish}.
 */
public final class IndexedColumnWriter {
    public static final int DEFAULT_PAGE_SIZE = 1024 * 1024;

    private final DataType pageType;
    private final int dataTypeId;
    private final EncodingTypePB encoding;
    private final CompressionTypePB codec;
    private final int pageSize;
    private final boolean ordinalIndex;
    private final boolean valueIndex;
    private final ColumnVector values;

    /**
     * @param pageType type the page codec encodes (e.g. STRING for opaque binary values)
     * @param dataTypeId Doris FieldType number stored in the meta (e.g. 25 for BITMAP-typed blobs)
     */
    public IndexedColumnWriter(
            DataType pageType,
            int dataTypeId,
            EncodingTypePB encoding,
            CompressionTypePB codec,
            int pageSize,
            boolean ordinalIndex,
            boolean valueIndex) {
        this.pageType = pageType;
        this.dataTypeId = dataTypeId;
        this.encoding = encoding;
        this.codec = codec;
        this.pageSize = pageSize;
        this.ordinalIndex = ordinalIndex;
        this.valueIndex = valueIndex;
        this.values = ColumnVector.create(pageType, 16);
    }

    /** The buffer new values go into (append non-null values directly). */
    public ColumnVector values() {
        return values;
    }

    public void add(ColumnVector v, int start, int n) {
        values.appendRange(v, start, n);
    }

    public int count() {
        return values.size();
    }

    /** Writes data pages and index pages at the output's position; returns the meta. */
    public IndexedColumnMetaPB finish(PositionedOutput out) throws IOException {
        long startPos = out.position();
        int n = values.size();
        PageBuilder builder = PageCodecs.builder(encoding, pageType, pageSize, pageSize);
        ByteSink body = new ByteSink();
        List<PagePointerPB> pages = new ArrayList<>();
        List<Long> firstOrdinals = new ArrayList<>();
        List<byte[]> firstKeys = new ArrayList<>();
        KeyBuffer kb = new KeyBuffer();
        int pos = 0;
        while (pos < n) {
            int first = pos;
            if (valueIndex) {
                kb.reset();
                KeyCoder.encodeFull(pageType, values, pos, kb);
                firstKeys.add(kb.toByteArray());
            }
            while (pos < n) {
                int k = builder.add(values, null, pos, n - pos);
                pos += k;
                if (k == 0 || builder.isFull()) {
                    break;
                }
            }
            if (pos == first) {
                throw new IllegalStateException("page builder accepted no value of " + pageType);
            }
            body.reset();
            builder.finish(body);
            PageFooterPB.Builder f =
                    PageFooterPB.newBuilder()
                            .setType(PageTypePB.DATA_PAGE)
                            .setDataPageFooter(
                                    DataPageFooterPB.newBuilder()
                                            .setFirstOrdinal(first)
                                            .setNumValues(pos - first)
                                            .setNullmapSize(0));
            pages.add(PageIO.writePage(out, out.position(), body.array(), body.size(), f, codec));
            firstOrdinals.add((long) first);
        }
        IndexedColumnMetaPB.Builder meta =
                IndexedColumnMetaPB.newBuilder()
                        .setDataType(dataTypeId)
                        .setEncoding(encoding)
                        .setNumValues(n)
                        .setCompression(codec);
        if (ordinalIndex) {
            List<byte[]> keys = new ArrayList<>(firstOrdinals.size());
            for (long o : firstOrdinals) {
                keys.add(ordinalKey(o));
            }
            meta.setOrdinalIndexMeta(writeIndex(out, keys, pages, codec));
        }
        if (valueIndex) {
            meta.setValueIndexMeta(writeIndex(out, firstKeys, pages, codec));
        }
        meta.setSize(out.position() - startPos);
        return meta.build();
    }

    /** 8-byte big-endian ordinal key. */
    public static byte[] ordinalKey(long ordinal) {
        byte[] k = new byte[8];
        for (int i = 0; i < 8; i++) {
            k[i] = (byte) (ordinal >>> (56 - 8 * i));
        }
        return k;
    }

    /**
     * Writes a single-level index over {@code pages}: a direct root pointer for one page, else one
     * LEAF INDEX_PAGE (also for zero pages, so the root always points at something readable).
     */
    public static BTreeMetaPB writeIndex(
            PositionedOutput out,
            List<byte[]> keys,
            List<PagePointerPB> pages,
            CompressionTypePB codec)
            throws IOException {
        if (pages.size() == 1) {
            return BTreeMetaPB.newBuilder()
                    .setRootPage(pages.get(0))
                    .setIsRootDataPage(true)
                    .build();
        }
        ByteSink body = new ByteSink();
        for (int i = 0; i < pages.size(); i++) {
            IndexPage.addEntry(body, keys.get(i), keys.get(i).length, pages.get(i));
        }
        PageFooterPB.Builder f =
                PageFooterPB.newBuilder()
                        .setType(PageTypePB.INDEX_PAGE)
                        .setIndexPageFooter(IndexPage.leafFooter(pages.size()));
        PagePointerPB root =
                PageIO.writePage(out, out.position(), body.array(), body.size(), f, codec);
        return BTreeMetaPB.newBuilder().setRootPage(root).setIsRootDataPage(false).build();
    }
}
