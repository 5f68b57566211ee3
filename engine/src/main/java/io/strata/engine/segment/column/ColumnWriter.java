package io.strata.engine.segment.column;

import io.strata.engine.block.ColumnVector;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.segment.Compression;
import io.strata.engine.segment.PageIO;
import io.strata.engine.segment.encoding.DictPageBuilder;
import io.strata.engine.segment.encoding.Encodings;
import io.strata.engine.segment.encoding.NullMapCodec;
import io.strata.engine.segment.encoding.PageBuilder;
import io.strata.engine.segment.encoding.PageCodecs;
import io.strata.engine.segment.index.BitmapIndexBuilder;
import io.strata.engine.segment.index.BloomFilterBuilder;
import io.strata.engine.segment.index.ZoneMapBuilder;
import io.strata.engine.util.ByteSink;
import io.strata.proto.segment.BloomFilterAlgorithmPB;
import io.strata.proto.segment.BloomFilterIndexPB;
import io.strata.proto.segment.ColumnIndexMetaPB;
import io.strata.proto.segment.ColumnIndexTypePB;
import io.strata.proto.segment.ColumnMetaPB;
import io.strata.proto.segment.CompressionTypePB;
import io.strata.proto.segment.DataPageFooterPB;
import io.strata.proto.segment.DictPageFooterPB;
import io.strata.proto.segment.EncodingTypePB;
import io.strata.proto.segment.HashStrategyPB;
import io.strata.proto.segment.IndexedColumnMetaPB;
import io.strata.proto.segment.OrdinalIndexPB;
import io.strata.proto.segment.PageFooterPB;
import io.strata.proto.segment.PagePointerPB;
import io.strata.proto.segment.PageTypePB;
import io.strata.proto.segment.ZoneMapIndexPB;
import io.strata.proto.segment.ZoneMapPB;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes one column of a segment (Doris {@code ScalarColumnWriter}): values go to the page builder
 * of the column's default encoding, NULLs to a per-page null map (RLE, 1 = NULL, stored only when
 * the page has a NULL); a page is cut when its builder reports full. Finished pages are compressed
 * under the 10% rule and buffered until the segment writes this column's region. Feeds the zone
 * map, bloom filter and bitmap index builders with the same row ranges.
 */
public final class ColumnWriter {
    /** Doris FieldType number of BITMAP/OBJECT, the type of opaque IndexedColumns. */
    public static final int BITMAP_TYPE_ID = 25;

    private final int columnId;
    private final Column column;
    private final DataType type;
    private final EncodingTypePB encoding;
    private final CompressionTypePB codec;
    private final int level;
    private final DictPageBuilder sortedDict; // non-null: dict pages wait for the sorted dictionary

    /** A dict-mode page whose codes wait for the final (sorted) dictionary. */
    private record PendingPage(int[] codes, byte[] nullMap, long firstOrdinal, int rows) {}

    private final List<PendingPage> pending = new ArrayList<>();
    private long pendingBytes;
    private final PageBuilder builder;
    private final PageBuffer data = new PageBuffer();
    private final ByteSink body = new ByteSink();

    private final ZoneMapBuilder zoneMap;
    private final List<ZoneMapPB> pageZoneMaps = new ArrayList<>();
    private final BloomFilterBuilder bloom;
    private final List<byte[]> pageBlooms = new ArrayList<>();
    private final BitmapIndexBuilder bitmap;

    private byte[] pageNulls = new byte[1024];
    private int pageRows;
    private boolean pageHasNull;
    private long pageFirstOrdinal;
    private long numRows;
    private int[] rowScratch = new int[0];

    private final List<Long> firstOrdinals = new ArrayList<>();
    private final List<PagePointerPB> pages = new ArrayList<>(); // relative to the data buffer
    private PagePointerPB dictPage; // relative
    private long base = -1; // file offset of the data buffer once written
    private long uncompressedBytes;
    private long dataBytes;
    private long rawBytes;
    private boolean finished;

    public ColumnWriter(
            int columnId,
            Column column,
            CompressionTypePB codec,
            int dataPageSize,
            int dictPageSize,
            boolean zoneMap,
            double bloomFpp) {
        this(columnId, column, codec, 0, dataPageSize, dictPageSize, zoneMap, bloomFpp, false);
    }

    /** {@code level}: compression level of data and dictionary pages, 0 = codec default. */
    public ColumnWriter(
            int columnId,
            Column column,
            CompressionTypePB codec,
            int level,
            int dataPageSize,
            int dictPageSize,
            boolean zoneMap,
            double bloomFpp,
            boolean sizeOptimized) {
        this.level = level;
        this.columnId = columnId;
        this.column = column;
        this.type = column.type();
        this.encoding = Encodings.defaultEncoding(type.fieldType());
        this.codec = codec;
        // literal bit-shuffle blocks only pay off when a strong codec compresses the page
        this.builder =
                PageCodecs.builder(
                        encoding,
                        type,
                        dataPageSize,
                        dictPageSize,
                        sizeOptimized,
                        sizeOptimized && codec == CompressionTypePB.ZSTD);
        this.sortedDict = builder instanceof DictPageBuilder d && d.sortsDictionary() ? d : null;
        this.zoneMap = zoneMap ? new ZoneMapBuilder(type) : null;
        this.bloom = column.hasBloomFilter() ? new BloomFilterBuilder(bloomFpp) : null;
        this.bitmap = column.hasBitmapIndex() ? new BitmapIndexBuilder(type) : null;
    }

    /** Bytes of a bit-shuffled page body that {@link #lz4Pays} compresses as a probe. */
    static final int LZ4_PROBE_BYTES = 8192;

    private byte[] probeScratch;

    /**
     * False when an LZ4 page codec (LZ4, LZ4F) would not save the 10 % that keeps a compressed
     * body, judged from the first {@link #LZ4_PROBE_BYTES} of a bit-shuffled body; true for every
     * other codec and for small bodies. A bit-shuffled body is a run of LZ4 blocks already, and LZ4
     * (no entropy stage) over it only finds what repeats from block to block: the bit planes of
     * random-looking values never do, so trying the whole page was wasted work (~9 % of a W1
     * ingest's wall time, docs/benchmarks.md); sorted or periodic values repeat in every block, so
     * the probe sees it and the page is tried as before.
     */
    private boolean lz4Pays(byte[] b, int len) {
        if ((codec != CompressionTypePB.LZ4 && codec != CompressionTypePB.LZ4F)
                || len < 2 * LZ4_PROBE_BYTES) {
            return true;
        }
        // a sample that LZ4 shrinks at all (3 %) is worth the whole try: the 10 % rule decides
        if (probeScratch == null) {
            probeScratch = new byte[Compression.lz4MaxLength(LZ4_PROBE_BYTES)];
        }
        return Compression.lz4BlockLength(b, 0, LZ4_PROBE_BYTES, probeScratch)
                < LZ4_PROBE_BYTES * 31 / 32;
    }

    public Column column() {
        return column;
    }

    public long numRows() {
        return numRows;
    }

    /** Bytes buffered so far plus the current page estimate. */
    public long estimatedSize() {
        return data.size() + pendingBytes + builder.sizeEstimate() + pageRows / 8;
    }

    /** Appends rows {@code [start, start+len)} of {@code v}. */
    public void append(ColumnVector v, int start, int len) throws IOException {
        if (len == 0) {
            return;
        }
        byte[] nm = v.nullMap();
        if (nm != null && !column.nullable()) {
            for (int i = start; i < start + len; i++) {
                if (nm[i] != 0) {
                    throw new IllegalArgumentException(
                            "column '" + column.name() + "' is NOT NULL but row " + i + " is NULL");
                }
            }
            nm = null;
        }
        rawBytes += rawBytesOf(v, start, len);
        int end = start + len;
        int pos = start;
        if (nm == null) {
            while (pos < end) {
                if (builder.isFull()) {
                    finishPage();
                }
                int k = builder.add(v, null, pos, end - pos);
                if (k == 0) {
                    if (pageRows == 0) {
                        throw new IllegalStateException(
                                "page builder rejects a value of " + column.name());
                    }
                    finishPage();
                    continue;
                }
                accept(v, pos, k, null);
                pos += k;
                if (pos < end) {
                    finishPage();
                }
            }
            return;
        }
        // nullable: hand only non-null rows to the builder
        if (rowScratch.length < len) {
            rowScratch = new int[len];
        }
        int cnt = 0;
        for (int i = start; i < end; i++) {
            if (nm[i] == 0) {
                rowScratch[cnt++] = i;
            }
        }
        int ri = 0;
        while (pos < end) {
            if (builder.isFull()) {
                finishPage();
            }
            int take;
            if (ri == cnt) {
                take = end - pos; // only NULLs left
            } else {
                int k = builder.add(v, rowScratch, ri, cnt - ri);
                if (k == 0) {
                    if (pageRows == 0) {
                        throw new IllegalStateException(
                                "page builder rejects a value of " + column.name());
                    }
                    finishPage();
                    continue;
                }
                ri += k;
                take = ri == cnt ? end - pos : rowScratch[ri] - pos;
            }
            accept(v, pos, take, nm);
            pos += take;
            if (pos < end) {
                finishPage();
            }
        }
    }

    private static long rawBytesOf(ColumnVector v, int start, int len) {
        if (v instanceof io.strata.engine.block.BytesVector b) {
            return b.offsets()[start + len] - b.offsets()[start];
        }
        return (long) len * Math.max(1, fixedWidth(v));
    }

    private static int fixedWidth(ColumnVector v) {
        if (v instanceof io.strata.engine.block.ByteVector) {
            return 1;
        } else if (v instanceof io.strata.engine.block.ShortVector) {
            return 2;
        } else if (v instanceof io.strata.engine.block.IntVector
                || v instanceof io.strata.engine.block.FloatVector) {
            return 4;
        } else if (v instanceof io.strata.engine.block.Int128Vector) {
            return 16;
        }
        return 8;
    }

    /** Rows [pos, pos+n) now belong to the current page. */
    private void accept(ColumnVector v, int pos, int n, byte[] nm) {
        if (pageRows + n > pageNulls.length) {
            pageNulls = Arrays.copyOf(pageNulls, Math.max(pageRows + n, pageNulls.length * 2));
        }
        if (nm != null) {
            System.arraycopy(nm, pos, pageNulls, pageRows, n);
            if (!pageHasNull) {
                for (int i = 0; i < n; i++) {
                    if (nm[pos + i] != 0) {
                        pageHasNull = true;
                        break;
                    }
                }
            }
        } else {
            Arrays.fill(pageNulls, pageRows, pageRows + n, (byte) 0);
        }
        if (zoneMap != null) {
            zoneMap.add(v, pos, n);
        }
        if (bloom != null) {
            bloom.add(v, type, pos, n);
        }
        if (bitmap != null) {
            bitmap.add(v, pos, n, (int) numRows);
        }
        pageRows += n;
        numRows += n;
    }

    private void finishPage() throws IOException {
        if (pageRows == 0) {
            return;
        }
        if (sortedDict != null && !sortedDict.inPlainMode()) {
            deferPage();
            return;
        }
        flushPending();
        body.reset();
        // asked before finish(): the page that fills a dictionary is still a dict-mode page
        boolean bitShuffled =
                encoding == EncodingTypePB.BIT_SHUFFLE
                        || (builder instanceof DictPageBuilder d && !d.inPlainMode());
        builder.finish(body);
        int nullmapSize = 0;
        if (pageHasNull) {
            int before = body.size();
            NullMapCodec.encode(pageNulls, 0, pageRows, body);
            nullmapSize = body.size() - before;
        }
        uncompressedBytes += body.size();
        PageFooterPB.Builder f =
                PageFooterPB.newBuilder()
                        .setType(PageTypePB.DATA_PAGE)
                        .setDataPageFooter(
                                DataPageFooterPB.newBuilder()
                                        .setFirstOrdinal(pageFirstOrdinal)
                                        .setNumValues(pageRows)
                                        .setNullmapSize(nullmapSize));
        // a null map (RLE, after the values) is not LZ4 output: such pages are always tried
        CompressionTypePB pageCodec =
                bitShuffled && nullmapSize == 0 && !lz4Pays(body.array(), body.size())
                        ? CompressionTypePB.NO_COMPRESSION
                        : codec;
        pages.add(
                PageIO.writePage(
                        data, data.size(), body.array(), body.size(), f, pageCodec, level));
        firstOrdinals.add(pageFirstOrdinal);
        if (zoneMap != null) {
            pageZoneMaps.add(zoneMap.finishPage(pageRows));
        }
        if (bloom != null) {
            pageBlooms.add(bloom.finishPage());
        }
        pageFirstOrdinal = numRows;
        pageRows = 0;
        pageHasNull = false;
    }

    /** Keeps a dict-mode page's codes until the dictionary is final (sorted mode). */
    private void deferPage() {
        int[] codes = sortedDict.takePageCodes();
        byte[] nulls = null;
        if (pageHasNull) {
            ByteSink nb = new ByteSink(pageRows / 8 + 16);
            NullMapCodec.encode(pageNulls, 0, pageRows, nb);
            nulls = nb.toByteArray();
        }
        pending.add(new PendingPage(codes, nulls, pageFirstOrdinal, pageRows));
        pendingBytes += 4L * codes.length + (nulls == null ? 0 : nulls.length);
        pages.add(null); // pointer set by flushPending, in page order
        firstOrdinals.add(pageFirstOrdinal);
        if (zoneMap != null) {
            pageZoneMaps.add(zoneMap.finishPage(pageRows));
        }
        if (bloom != null) {
            pageBlooms.add(bloom.finishPage());
        }
        pageFirstOrdinal = numRows;
        pageRows = 0;
        pageHasNull = false;
    }

    /**
     * Sorts the (now final) dictionary and writes the deferred dict-mode pages with the new codes.
     * They are a prefix of the column's pages: plain-mode pages only follow a full dictionary.
     */
    private void flushPending() throws IOException {
        if (pending.isEmpty()) {
            if (sortedDict != null && !sortedDict.inPlainMode()) {
                sortedDict.sortDictionary(); // empty or all-NULL column: nothing to remap
            }
            return;
        }
        int[] remap = sortedDict.sortDictionary();
        for (int i = 0; i < pending.size(); i++) {
            PendingPage p = pending.get(i);
            body.reset();
            sortedDict.encodeCodes(p.codes(), remap, body);
            int nullmapSize = 0;
            if (p.nullMap() != null) {
                body.putBytes(p.nullMap(), 0, p.nullMap().length);
                nullmapSize = p.nullMap().length;
            }
            uncompressedBytes += body.size();
            PageFooterPB.Builder f =
                    PageFooterPB.newBuilder()
                            .setType(PageTypePB.DATA_PAGE)
                            .setDataPageFooter(
                                    DataPageFooterPB.newBuilder()
                                            .setFirstOrdinal(p.firstOrdinal())
                                            .setNumValues(p.rows())
                                            .setNullmapSize(nullmapSize));
            pages.set(
                    i,
                    PageIO.writePage(
                            data, data.size(), body.array(), body.size(), f, codec, level));
        }
        pending.clear();
        pendingBytes = 0;
    }

    /** Cuts the last page and writes the dictionary page (DICT) into the column buffer. */
    public void finishData() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        finishPage();
        flushPending();
        if (encoding == EncodingTypePB.DICT_ENCODING) {
            byte[] dict = builder.dictionaryPageBody();
            if (dict == null) {
                dict = new byte[0];
            }
            uncompressedBytes += dict.length;
            PageFooterPB.Builder f =
                    PageFooterPB.newBuilder()
                            .setType(PageTypePB.DICTIONARY_PAGE)
                            .setDictPageFooter(
                                    DictPageFooterPB.newBuilder()
                                            .setEncoding(EncodingTypePB.PLAIN_ENCODING));
            // a sorted dictionary is written once per segment column: worth the strongest zstd
            // parse
            int dictLevel =
                    sortedDict != null && codec == CompressionTypePB.ZSTD
                            ? io.strata.engine.segment.Compression.DICTIONARY_EFFORT
                            : level;
            dictPage = PageIO.writePage(data, data.size(), dict, dict.length, f, codec, dictLevel);
        }
    }

    /** Writes this column's data region (data pages, dictionary page) at the output position. */
    public void writeData(PositionedOutput out) throws IOException {
        finishData();
        base = out.position();
        dataBytes = data.size();
        data.writeTo(out);
    }

    /** Raw bytes of the appended values (fixed width × rows, or string payload). */
    public long rawBytes() {
        return rawBytes;
    }

    public long dataSize() {
        return dataBytes;
    }

    private PagePointerPB rebase(PagePointerPB p) {
        return PagePointerPB.newBuilder()
                .setOffset(p.getOffset() + base)
                .setSize(p.getSize())
                .build();
    }

    /** Writes the ordinal index (direct root pointer for one page, else one LEAF page). */
    public ColumnIndexMetaPB writeOrdinalIndex(PositionedOutput out) throws IOException {
        List<byte[]> keys = new ArrayList<>(pages.size());
        List<PagePointerPB> abs = new ArrayList<>(pages.size());
        for (int i = 0; i < pages.size(); i++) {
            keys.add(IndexedColumnWriter.ordinalKey(firstOrdinals.get(i)));
            abs.add(rebase(pages.get(i)));
        }
        return ColumnIndexMetaPB.newBuilder()
                .setType(ColumnIndexTypePB.ORDINAL_INDEX)
                .setOrdinalIndex(
                        OrdinalIndexPB.newBuilder()
                                .setRootPage(
                                        IndexedColumnWriter.writeIndex(
                                                out, keys, abs, CompressionTypePB.NO_COMPRESSION)))
                .build();
    }

    public boolean hasZoneMap() {
        return zoneMap != null;
    }

    /** Writes the page zone maps as an IndexedColumn (BITMAP-typed, PLAIN, uncompressed). */
    public ColumnIndexMetaPB writeZoneMap(PositionedOutput out) throws IOException {
        IndexedColumnWriter w = opaqueColumn();
        io.strata.engine.block.BytesVector vals = (io.strata.engine.block.BytesVector) w.values();
        for (ZoneMapPB z : pageZoneMaps) {
            vals.append(z.toByteArray());
        }
        IndexedColumnMetaPB meta = w.finish(out);
        return ColumnIndexMetaPB.newBuilder()
                .setType(ColumnIndexTypePB.ZONE_MAP_INDEX)
                .setZoneMapIndex(
                        ZoneMapIndexPB.newBuilder()
                                .setSegmentZoneMap(zoneMap.segmentZoneMap())
                                .setPageZoneMaps(meta))
                .build();
    }

    private static IndexedColumnWriter opaqueColumn() {
        return new IndexedColumnWriter(
                DataType.string(),
                BITMAP_TYPE_ID,
                EncodingTypePB.PLAIN_ENCODING,
                CompressionTypePB.NO_COMPRESSION,
                IndexedColumnWriter.DEFAULT_PAGE_SIZE,
                true,
                false);
    }

    public boolean hasBloomFilter() {
        return bloom != null;
    }

    /** Writes one bloom filter per data page as an IndexedColumn VARCHAR, PLAIN, uncompressed. */
    public ColumnIndexMetaPB writeBloomFilter(PositionedOutput out) throws IOException {
        IndexedColumnWriter w =
                new IndexedColumnWriter(
                        DataType.string(),
                        FieldType.VARCHAR.id,
                        EncodingTypePB.PLAIN_ENCODING,
                        CompressionTypePB.NO_COMPRESSION,
                        IndexedColumnWriter.DEFAULT_PAGE_SIZE,
                        true,
                        false);
        io.strata.engine.block.BytesVector vals = (io.strata.engine.block.BytesVector) w.values();
        for (byte[] b : pageBlooms) {
            vals.append(b);
        }
        IndexedColumnMetaPB meta = w.finish(out);
        return ColumnIndexMetaPB.newBuilder()
                .setType(ColumnIndexTypePB.BLOOM_FILTER_INDEX)
                .setBloomFilterIndex(
                        BloomFilterIndexPB.newBuilder()
                                .setHashStrategy(HashStrategyPB.HASH_MURMUR3_X64_64)
                                .setAlgorithm(BloomFilterAlgorithmPB.BLOCK_BLOOM_FILTER)
                                .setBloomFilter(meta))
                .build();
    }

    public boolean hasBitmapIndex() {
        return bitmap != null;
    }

    /** Writes the bitmap index: sorted dictionary (value index) and one bitmap per value. */
    public ColumnIndexMetaPB writeBitmapIndex(PositionedOutput out) throws IOException {
        return BitmapIndexIO.write(out, bitmap, type, codec);
    }

    /** The ColumnMetaPB of this column; call after the index writers. */
    public ColumnMetaPB.Builder meta(List<ColumnIndexMetaPB> indexes) {
        ColumnMetaPB.Builder m =
                ColumnMetaPB.newBuilder()
                        .setColumnId(columnId)
                        .setUniqueId(column.uniqueId())
                        .setType(type.fieldType().id)
                        .setLength(type.storageLength())
                        .setEncoding(encoding)
                        .setCompression(codec)
                        .setIsNullable(column.nullable())
                        .addAllIndexes(indexes)
                        .setNumRows(numRows)
                        .setPrecision(type.precision())
                        .setFrac(type.scale())
                        .setResultIsNullable(false)
                        .setFunctionName(column.aggregation().name())
                        .setBeExecVersion(0)
                        .setCompressedDataBytes(dataBytes)
                        .setUncompressedDataBytes(uncompressedBytes)
                        .setRawDataBytes(rawBytes);
        if (dictPage != null) {
            m.setDictPage(rebase(dictPage));
        }
        return m;
    }

    /** Frees buffered pages once written. */
    public void release() {
        data.release();
    }
}
