package io.strata.engine.segment;

import io.strata.engine.io.InputFile;
import io.strata.engine.segment.column.ColumnReader;
import io.strata.engine.segment.column.IndexPage;
import io.strata.engine.segment.column.IndexedColumnReader;
import io.strata.engine.segment.column.SegmentFile;
import io.strata.proto.segment.BTreeMetaPB;
import io.strata.proto.segment.ColumnIndexMetaPB;
import io.strata.proto.segment.ColumnMetaPB;
import io.strata.proto.segment.IndexedColumnMetaPB;
import io.strata.proto.segment.PagePointerPB;
import io.strata.proto.segment.PrimaryKeyIndexMetaPB;
import io.strata.proto.segment.SegmentFooterPB;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the bytes of segment files go: per column the data pages (and how much of them is page
 * framing: page footer protobuf, its length and CRC), the dictionary page, and each index (ordinal,
 * zone map, bloom filter, bitmap); per file the short-key page, the primary-key index and the
 * footer. Every byte of a file is attributed to exactly one bucket: {@link FileStats#otherBytes()}
 * is what no pointer of the footer reaches (0 for files Strata writes).
 *
 * <p>Reads only the footer, the index roots and 8 bytes at the end of every page (its footer
 * length); page bodies are not decompressed.
 */
public final class SegmentStats {
    private SegmentStats() {}

    /** Byte counts of one column (of one file, or summed over several files). */
    public record ColumnStats(
            String name,
            String type,
            String encoding,
            String compression,
            long rows,
            long dataPages,
            long dataBytes,
            long pageFramingBytes,
            long dictBytes,
            long ordinalIndexBytes,
            long zoneMapBytes,
            long bloomFilterBytes,
            long bitmapIndexBytes,
            long uncompressedBytes,
            long rawBytes) {

        /** Index bytes of this column (ordinal + zone map + bloom + bitmap). */
        public long indexBytes() {
            return ordinalIndexBytes + zoneMapBytes + bloomFilterBytes + bitmapIndexBytes;
        }

        /** All bytes of this column: data pages, dictionary and indexes. */
        public long totalBytes() {
            return dataBytes + dictBytes + indexBytes();
        }

        ColumnStats plus(ColumnStats o) {
            return new ColumnStats(
                    name,
                    type,
                    encoding.equals(o.encoding) ? encoding : encoding + "," + o.encoding,
                    compression.equals(o.compression)
                            ? compression
                            : compression + "," + o.compression,
                    rows + o.rows,
                    dataPages + o.dataPages,
                    dataBytes + o.dataBytes,
                    pageFramingBytes + o.pageFramingBytes,
                    dictBytes + o.dictBytes,
                    ordinalIndexBytes + o.ordinalIndexBytes,
                    zoneMapBytes + o.zoneMapBytes,
                    bloomFilterBytes + o.bloomFilterBytes,
                    bitmapIndexBytes + o.bitmapIndexBytes,
                    uncompressedBytes + o.uncompressedBytes,
                    rawBytes + o.rawBytes);
        }
    }

    /** Byte counts of one segment file, or of several summed ({@code files > 1}). */
    public record FileStats(
            int files,
            long fileBytes,
            long rows,
            List<ColumnStats> columns,
            long shortKeyBytes,
            long primaryKeyIndexBytes,
            long footerBytes,
            long otherBytes) {

        public long dataBytes() {
            long s = 0;
            for (ColumnStats c : columns) {
                s += c.dataBytes() + c.dictBytes();
            }
            return s;
        }

        public long indexBytes() {
            long s = shortKeyBytes + primaryKeyIndexBytes;
            for (ColumnStats c : columns) {
                s += c.indexBytes();
            }
            return s;
        }

        /**
         * Sums files column by column (matched by name, in first-seen order); columns missing from
         * some files (schema change) are kept with what they have.
         */
        public static FileStats sum(List<FileStats> all) {
            Map<String, ColumnStats> cols = new LinkedHashMap<>();
            int files = 0;
            long bytes = 0;
            long rows = 0;
            long sk = 0;
            long pk = 0;
            long footer = 0;
            long other = 0;
            for (FileStats f : all) {
                files += f.files;
                bytes += f.fileBytes;
                rows += f.rows;
                sk += f.shortKeyBytes;
                pk += f.primaryKeyIndexBytes;
                footer += f.footerBytes;
                other += f.otherBytes;
                for (ColumnStats c : f.columns) {
                    cols.merge(c.name(), c, ColumnStats::plus);
                }
            }
            return new FileStats(
                    files, bytes, rows, new ArrayList<>(cols.values()), sk, pk, footer, other);
        }
    }

    /** Measures one open segment. */
    public static FileStats of(SegmentReader r) throws IOException {
        SegmentFooterPB f = r.footer();
        SegmentFile file = r.column(0).file();
        InputFile in = file.input();
        long size = in.length();
        // pages can be shared by pointers in principle; count each page once
        Set<Long> seen = new HashSet<>();
        List<ColumnStats> cols = new ArrayList<>(f.getColumnsCount());
        long attributed = 0;
        for (int c = 0; c < f.getColumnsCount(); c++) {
            ColumnMetaPB m = f.getColumns(c);
            ColumnReader cr = r.column(c);
            long data = 0;
            long framing = 0;
            byte[] tail = new byte[8];
            for (int p = 0; p < cr.numPages(); p++) {
                if (!seen.add(cr.pageOffset(p))) {
                    continue;
                }
                data += cr.pageSize(p);
                // [body][footer pb][u32 footer length][u32 crc]
                in.readFully(cr.pageOffset(p) + cr.pageSize(p) - 8, tail, 0, 8);
                long footerLen =
                        (tail[0] & 0xFFL)
                                | (tail[1] & 0xFFL) << 8
                                | (tail[2] & 0xFFL) << 16
                                | (tail[3] & 0xFFL) << 24;
                framing += Math.min(footerLen + 8, cr.pageSize(p));
            }
            long dict = m.hasDictPage() ? pointer(m.getDictPage(), seen) : 0;
            long ordinal = 0;
            long zone = 0;
            long bloom = 0;
            long bitmap = 0;
            String what = "column " + cr.column().name();
            for (ColumnIndexMetaPB ix : m.getIndexesList()) {
                switch (ix.getType()) {
                    case ORDINAL_INDEX:
                        BTreeMetaPB root = ix.getOrdinalIndex().getRootPage();
                        if (!root.getIsRootDataPage()) {
                            ordinal += pointer(root.getRootPage(), seen);
                        }
                        break;
                    case ZONE_MAP_INDEX:
                        zone +=
                                indexedColumn(
                                        file,
                                        ix.getZoneMapIndex().getPageZoneMaps(),
                                        seen,
                                        what + " zone map");
                        break;
                    case BLOOM_FILTER_INDEX:
                        bloom +=
                                indexedColumn(
                                        file,
                                        ix.getBloomFilterIndex().getBloomFilter(),
                                        seen,
                                        what + " bloom filter");
                        break;
                    case BITMAP_INDEX:
                        bitmap +=
                                indexedColumn(
                                                file,
                                                ix.getBitmapIndex().getDictColumn(),
                                                seen,
                                                what + " bitmap dictionary")
                                        + indexedColumn(
                                                file,
                                                ix.getBitmapIndex().getBitmapColumn(),
                                                seen,
                                                what + " bitmaps");
                        break;
                    default:
                        break;
                }
            }
            attributed += data + dict + ordinal + zone + bloom + bitmap;
            cols.add(
                    new ColumnStats(
                            cr.column().name(),
                            cr.column().type().toString(),
                            m.getEncoding().name(),
                            m.getCompression().name(),
                            m.getNumRows(),
                            cr.numPages(),
                            data,
                            framing,
                            dict,
                            ordinal,
                            zone,
                            bloom,
                            bitmap,
                            m.getUncompressedDataBytes(),
                            m.getRawDataBytes()));
        }
        long sk = f.hasShortKeyIndexPage() ? pointer(f.getShortKeyIndexPage(), seen) : 0;
        long pk = 0;
        if (f.hasPrimaryKeyIndexMeta()) {
            PrimaryKeyIndexMetaPB pm = f.getPrimaryKeyIndexMeta();
            pk += indexedColumn(file, pm.getPrimaryKeyIndex(), seen, "primary-key index");
            if (pm.hasBloomFilterIndex() && pm.getBloomFilterIndex().hasBloomFilterIndex()) {
                pk +=
                        indexedColumn(
                                file,
                                pm.getBloomFilterIndex().getBloomFilterIndex().getBloomFilter(),
                                seen,
                                "primary-key bloom filter");
            }
        }
        long footer = size - file.dataLimit();
        attributed += sk + pk + footer;
        return new FileStats(
                1, size, f.getNumRows(), cols, sk, pk, footer, Math.max(0, size - attributed));
    }

    private static long pointer(PagePointerPB p, Set<Long> seen) {
        return seen.add(p.getOffset()) ? p.getSize() & 0xFFFFFFFFL : 0;
    }

    /** Bytes of an IndexedColumn: its data pages plus its ordinal and value index pages. */
    private static long indexedColumn(
            SegmentFile file, IndexedColumnMetaPB meta, Set<Long> seen, String what)
            throws IOException {
        long s = 0;
        for (BTreeMetaPB tree :
                new BTreeMetaPB[] {meta.getOrdinalIndexMeta(), meta.getValueIndexMeta()}) {
            if (!tree.hasRootPage()) {
                continue;
            }
            for (IndexPage.Entry e : IndexedColumnReader.dataPages(file, tree, meta, what)) {
                s += pointer(e.pointer(), seen);
            }
            if (!tree.getIsRootDataPage()) {
                s += pointer(tree.getRootPage(), seen);
            }
        }
        return s;
    }
}
