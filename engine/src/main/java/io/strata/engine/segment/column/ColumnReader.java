package io.strata.engine.segment.column;

import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.segment.CorruptSegmentException;
import io.strata.engine.segment.encoding.Dictionary;
import io.strata.engine.segment.index.ZoneMap;
import io.strata.proto.segment.ColumnIndexMetaPB;
import io.strata.proto.segment.ColumnMetaPB;
import io.strata.proto.segment.CompressionTypePB;
import io.strata.proto.segment.EncodingTypePB;
import io.strata.proto.segment.IndexedColumnMetaPB;
import io.strata.proto.segment.PageTypePB;
import io.strata.proto.segment.ZoneMapPB;

import org.roaringbitmap.RoaringBitmap;

import java.io.IOException;
import java.util.List;

/**
 * Everything a scan needs about one column of an open segment, loaded and checked once at open: the
 * ordinal index (page pointers and first ordinals), the dictionary, zone maps, bloom filters and
 * bitmap index. Immutable afterwards, so concurrent scans share it; per-scan decoding state lives
 * in {@link ColumnCursor}.
 */
public final class ColumnReader {
    final SegmentFile file;
    final Column column;
    final DataType type;
    final ColumnMetaPB meta;
    final EncodingTypePB encoding;
    final CompressionTypePB codec;
    final long numRows;
    final long[] firstOrdinals; // plus a sentinel numRows at the end
    final long[] pageOffsets;
    final int[] pageSizes;
    Dictionary dictionary;
    ZoneMapPB segmentZoneMap;
    ZoneMapPB[] pageZoneMaps;
    ZoneMap segmentZone;
    ZoneMap[] pageZones;
    byte[][] pageBlooms;
    ColumnVector bitmapDict;
    RoaringBitmap[] bitmaps; // one per dictionary value, plus a trailing NULL bitmap if hasNull
    boolean bitmapHasNull;

    private ColumnReader(
            SegmentFile file,
            Column column,
            ColumnMetaPB meta,
            long numRows,
            List<IndexPage.Entry> pages)
            throws CorruptSegmentException {
        this.file = file;
        this.column = column;
        this.type = column.type();
        this.meta = meta;
        this.encoding = meta.getEncoding();
        this.codec = meta.getCompression();
        this.numRows = numRows;
        int n = pages.size();
        firstOrdinals = new long[n + 1];
        pageOffsets = new long[n];
        pageSizes = new int[n];
        for (int i = 0; i < n; i++) {
            IndexPage.Entry e = pages.get(i);
            byte[] k = e.key();
            if (k.length != 8) {
                throw new CorruptSegmentException(
                        file.path(),
                        e.offset(),
                        "column " + column.name() + ": ordinal key of " + k.length + " bytes");
            }
            long o = 0;
            for (int b = 0; b < 8; b++) {
                o = (o << 8) | (k[b] & 0xFF);
            }
            if (i == 0 ? o != 0 : o <= firstOrdinals[i - 1] || o >= numRows) {
                throw new CorruptSegmentException(
                        file.path(),
                        e.offset(),
                        "column "
                                + column.name()
                                + ": page "
                                + i
                                + " first ordinal "
                                + o
                                + " out of order");
            }
            firstOrdinals[i] = o;
            pageOffsets[i] = e.offset();
            pageSizes[i] = e.size();
        }
        firstOrdinals[n] = numRows;
        if (n == 0 && numRows != 0) {
            throw new CorruptSegmentException(
                    file.path(),
                    file.dataLimit(),
                    "column " + column.name() + " has rows but no pages");
        }
    }

    /** Loads and checks a column's metadata and indexes. */
    public static ColumnReader open(
            SegmentFile file, Column column, ColumnMetaPB meta, long numRows) throws IOException {
        String what = "column " + column.name();
        if (meta.getIndexesCount() == 0
                || meta.getIndexes(0).getType()
                        != io.strata.proto.segment.ColumnIndexTypePB.ORDINAL_INDEX
                || !meta.getIndexes(0).hasOrdinalIndex()) {
            throw new CorruptSegmentException(
                    file.path(), file.dataLimit(), what + ": first index is not the ordinal index");
        }
        if (meta.getNumRows() != numRows) {
            throw new CorruptSegmentException(
                    file.path(),
                    0,
                    what + ": " + meta.getNumRows() + " rows, segment has " + numRows);
        }
        List<IndexPage.Entry> pages =
                IndexedColumnReader.dataPages(
                        file,
                        meta.getIndexes(0).getOrdinalIndex().getRootPage(),
                        IndexedColumnMetaPB.newBuilder()
                                .setCompression(CompressionTypePB.NO_COMPRESSION)
                                .build(),
                        what + " ordinal index");
        if (numRows == 0
                && pages.size() == 1
                && meta.getIndexes(0).getOrdinalIndex().getRootPage().getIsRootDataPage()) {
            throw new CorruptSegmentException(
                    file.path(), file.dataLimit(), what + ": data page in an empty segment");
        }
        ColumnReader r = new ColumnReader(file, column, meta, numRows, pages);
        int nPages = pages.size();
        if (r.encoding == EncodingTypePB.DICT_ENCODING) {
            if (!meta.hasDictPage()) {
                throw new CorruptSegmentException(
                        file.path(),
                        file.dataLimit(),
                        what + ": DICT_ENCODING without a dictionary page");
            }
            SegmentFile.LoadedPage p =
                    file.read(
                            meta.getDictPage(),
                            r.codec,
                            PageTypePB.DICTIONARY_PAGE,
                            what + " dictionary page");
            r.dictionary = Dictionary.decode(p.body(), file.path(), p.offset());
        }
        for (int i = 1; i < meta.getIndexesCount(); i++) {
            ColumnIndexMetaPB ix = meta.getIndexes(i);
            switch (ix.getType()) {
                case ZONE_MAP_INDEX:
                    {
                        if (!ix.hasZoneMapIndex()) {
                            throw new CorruptSegmentException(
                                    file.path(),
                                    file.dataLimit(),
                                    what + ": empty zone map index meta");
                        }
                        r.segmentZoneMap = ix.getZoneMapIndex().getSegmentZoneMap();
                        r.segmentZone =
                                ZoneMap.parse(
                                        r.segmentZoneMap, r.type, file.path(), file.dataLimit());
                        ColumnVector v =
                                IndexedColumnReader.readAll(
                                        file,
                                        ix.getZoneMapIndex().getPageZoneMaps(),
                                        DataType.string(),
                                        what + " page zone maps");
                        if (v.size() != nPages) {
                            throw new CorruptSegmentException(
                                    file.path(),
                                    0,
                                    what
                                            + ": "
                                            + v.size()
                                            + " page zone maps for "
                                            + nPages
                                            + " pages");
                        }
                        r.pageZoneMaps = new ZoneMapPB[nPages];
                        r.pageZones = new ZoneMap[nPages];
                        io.strata.engine.block.BytesVector bv =
                                (io.strata.engine.block.BytesVector) v;
                        for (int k = 0; k < nPages; k++) {
                            try {
                                r.pageZoneMaps[k] = ZoneMapPB.parseFrom(bv.getBytes(k));
                                r.pageZones[k] =
                                        ZoneMap.parse(
                                                r.pageZoneMaps[k],
                                                r.type,
                                                file.path(),
                                                file.dataLimit());
                            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                                throw new CorruptSegmentException(
                                        file.path(),
                                        0,
                                        what + ": page zone map " + k + " does not parse",
                                        e);
                            }
                        }
                        break;
                    }
                case BLOOM_FILTER_INDEX:
                    {
                        if (!ix.hasBloomFilterIndex()) {
                            throw new CorruptSegmentException(
                                    file.path(),
                                    file.dataLimit(),
                                    what + ": empty bloom filter meta");
                        }
                        ColumnVector v =
                                IndexedColumnReader.readAll(
                                        file,
                                        ix.getBloomFilterIndex().getBloomFilter(),
                                        DataType.string(),
                                        what + " bloom filters");
                        if (v.size() != nPages) {
                            throw new CorruptSegmentException(
                                    file.path(),
                                    0,
                                    what
                                            + ": "
                                            + v.size()
                                            + " bloom filters for "
                                            + nPages
                                            + " pages");
                        }
                        io.strata.engine.block.BytesVector bv =
                                (io.strata.engine.block.BytesVector) v;
                        r.pageBlooms = new byte[nPages][];
                        for (int k = 0; k < nPages; k++) {
                            r.pageBlooms[k] = bv.getBytes(k);
                            // validates the size rules now rather than at scan time
                            io.strata.engine.segment.index.BloomFilter.of(
                                    r.pageBlooms[k], file.path(), file.dataLimit());
                        }
                        break;
                    }
                case BITMAP_INDEX:
                    BitmapIndexIO.read(file, r, ix, what);
                    break;
                default:
                    throw new CorruptSegmentException(
                            file.path(),
                            file.dataLimit(),
                            what + ": unexpected index type " + ix.getType());
            }
        }
        return r;
    }

    public Column column() {
        return column;
    }

    public int numPages() {
        return pageOffsets.length;
    }

    public long pageFirstRow(int page) {
        return firstOrdinals[page];
    }

    /** Exclusive end row of a page. */
    public long pageEndRow(int page) {
        return firstOrdinals[page + 1];
    }

    /** The page holding {@code row} (binary search over first ordinals). */
    public int pageOf(long row) {
        int lo = 0;
        int hi = pageOffsets.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (firstOrdinals[mid] <= row) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    public ZoneMapPB segmentZoneMap() {
        return segmentZoneMap;
    }

    public ZoneMapPB pageZoneMap(int page) {
        return pageZoneMaps == null ? null : pageZoneMaps[page];
    }

    /** Parsed segment zone map, or null. */
    public ZoneMap segmentZone() {
        return segmentZone;
    }

    /** Parsed zone map of a page, or null. */
    public ZoneMap pageZone(int page) {
        return pageZones == null ? null : pageZones[page];
    }

    public byte[] pageBloom(int page) {
        return pageBlooms == null ? null : pageBlooms[page];
    }

    public boolean hasBloomFilter() {
        return pageBlooms != null;
    }

    public boolean hasBitmapIndex() {
        return bitmaps != null;
    }

    public ColumnVector bitmapDictionary() {
        return bitmapDict;
    }

    public RoaringBitmap bitmap(int i) {
        return bitmaps[i];
    }

    public RoaringBitmap nullBitmap() {
        return bitmapHasNull ? bitmaps[bitmaps.length - 1] : new RoaringBitmap();
    }

    public SegmentFile file() {
        return file;
    }

    public ColumnMetaPB meta() {
        return meta;
    }

    public String pagePointerString(int page) {
        return "{offset " + pageOffsets[page] + ", size " + pageSizes[page] + "}";
    }

    public long pageOffset(int page) {
        return pageOffsets[page];
    }

    public int pageSize(int page) {
        return pageSizes[page];
    }

    public Dictionary dictionary() {
        return dictionary;
    }

    /** A new per-scan cursor. */
    public ColumnCursor cursor(
            java.util.concurrent.atomic.AtomicLong pagesRead,
            java.util.concurrent.atomic.AtomicLong bytesRead) {
        return new ColumnCursor(this, pagesRead, bytesRead);
    }
}
