package io.strata.cli;

import io.strata.engine.block.Block;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.io.FileIO;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.SegmentInfo;
import io.strata.engine.segment.SegmentIterator;
import io.strata.engine.segment.SegmentReadOptions;
import io.strata.engine.segment.SegmentReader;
import io.strata.engine.segment.SegmentStats;
import io.strata.engine.segment.SegmentVerifier;
import io.strata.engine.segment.SegmentWriter;
import io.strata.engine.segment.SegmentWriterOptions;
import io.strata.engine.segment.column.ColumnReader;
import io.strata.engine.segment.column.SegmentFile;
import io.strata.proto.segment.ColumnIndexMetaPB;
import io.strata.proto.segment.ColumnMetaPB;
import io.strata.proto.segment.DataPageFooterPB;
import io.strata.proto.segment.PagePointerPB;
import io.strata.proto.segment.PageTypePB;
import io.strata.proto.segment.SegmentFooterPB;

import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code strata segment write|dump|verify|stats}: write one segment from a schema JSON and a CSV
 * file, print a segment's footer, columns, pages, indexes and rows, or deep-check it (exit 0 only
 * when every index agrees with the data).
 */
public final class SegmentCommand implements Command {

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0) {
            throw new StrataCli.UsageException(
                    "usage: segment write --schema S.json --input D.csv --output F.dat [--compression LZ4F|LZ4|ZSTD|NONE]"
                            + " | dump FILE [--pages] [--rows N] [--json] | verify FILE | stats FILE...");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "write":
                return write(rest, out, err);
            case "dump":
                return dump(rest, out);
            case "verify":
                return verify(rest, out, err);
            case "stats":
                return stats(rest, out);
            default:
                throw new StrataCli.UsageException("unknown segment command '" + args[0] + "'");
        }
    }

    private static String need(String[] a, int i, String flag) {
        if (i >= a.length) {
            throw new StrataCli.UsageException(flag + " needs a value");
        }
        return a[i];
    }

    private int write(String[] a, PrintStream out, PrintStream err) throws Exception {
        String schemaPath = null;
        String input = null;
        String output = null;
        String compression = null;
        for (int i = 0; i < a.length; i++) {
            switch (a[i]) {
                case "--schema":
                    schemaPath = need(a, ++i, a[i - 1]);
                    break;
                case "--input":
                    input = need(a, ++i, a[i - 1]);
                    break;
                case "--output":
                    output = need(a, ++i, a[i - 1]);
                    break;
                case "--compression":
                    compression = need(a, ++i, a[i - 1]);
                    break;
                default:
                    throw new StrataCli.UsageException("unknown option '" + a[i] + "'");
            }
        }
        if (schemaPath == null || input == null || output == null) {
            throw new StrataCli.UsageException("write needs --schema, --input and --output");
        }
        TabletSchema schema;
        try {
            schema = SchemaJson.parse(Files.readString(Path.of(schemaPath)));
        } catch (IllegalArgumentException e) {
            err.println("strata segment write: " + schemaPath + ": " + e.getMessage());
            return 1;
        }
        if (compression != null) {
            schema = schema.toBuilder().compression(SchemaJson.compression(compression)).build();
        }
        Block block;
        try (Reader r = Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8)) {
            block = new CsvBlockReader(r, schema).readAll();
        } catch (IllegalArgumentException e) {
            err.println("strata segment write: " + input + ": " + e.getMessage());
            return 1;
        }
        Block sorted = sortByKey(block, schema);
        FileIO io = LocalFileIO.INSTANCE;
        SegmentInfo info;
        try (SegmentWriter w =
                new SegmentWriter(io, output, schema, SegmentWriterOptions.of(schema, 0))) {
            w.append(sorted);
            info = w.finish();
        }
        out.println(
                "wrote "
                        + info.path()
                        + ": "
                        + info.numRows()
                        + " rows, "
                        + info.fileSize()
                        + " bytes (data "
                        + info.dataBytes()
                        + ", index+footer "
                        + info.indexBytes()
                        + ", raw "
                        + info.rawDataBytes()
                        + ")");
        return 0;
    }

    /**
     * Rows sorted by the key columns (NULL first, stable). UNIQUE_KEYS keeps the last row of each
     * key (a later line replaces an earlier one, as a load would); DUP and AGG keep every row.
     */
    static Block sortByKey(Block b, TabletSchema schema) {
        int n = b.rowCount();
        int keys = schema.numKeyColumns();
        ColumnVector[] v = b.vectors();
        Integer[] perm = new Integer[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Arrays.sort(
                perm,
                (x, y) -> {
                    for (int k = 0; k < keys; k++) {
                        int c = v[k].compare(x, v[k], y);
                        if (c != 0) {
                            return c;
                        }
                    }
                    return 0;
                });
        int[] rows = new int[n];
        int m = 0;
        boolean unique = schema.keysType() == KeysType.UNIQUE_KEYS;
        for (int i = 0; i < n; i++) {
            if (unique && i + 1 < n && sameKey(v, keys, perm[i], perm[i + 1])) {
                continue; // a later row with the same key wins
            }
            rows[m++] = perm[i];
        }
        Block out = Block.create(schema.columns(), Math.max(m, 1));
        for (int c = 0; c < v.length; c++) {
            out.vector(c).appendRows(v[c], rows, 0, m);
        }
        return out;
    }

    private static boolean sameKey(ColumnVector[] v, int keys, int a, int b) {
        for (int k = 0; k < keys; k++) {
            if (v[k].compare(a, v[k], b) != 0) {
                return false;
            }
        }
        return true;
    }

    private int dump(String[] a, PrintStream out) throws Exception {
        String file = null;
        boolean pages = false;
        boolean json = false;
        int rows = 20;
        for (int i = 0; i < a.length; i++) {
            switch (a[i]) {
                case "--pages":
                    pages = true;
                    break;
                case "--json":
                    json = true;
                    break;
                case "--rows":
                    try {
                        rows = Integer.parseInt(need(a, ++i, "--rows"));
                    } catch (NumberFormatException e) {
                        throw new StrataCli.UsageException("--rows needs a number");
                    }
                    break;
                default:
                    if (a[i].startsWith("--") || file != null) {
                        throw new StrataCli.UsageException("unexpected argument '" + a[i] + "'");
                    }
                    file = a[i];
            }
        }
        if (file == null) {
            throw new StrataCli.UsageException("dump needs a segment file");
        }
        try (SegmentReader r = SegmentReader.open(LocalFileIO.INSTANCE, file)) {
            SegmentDump d = new SegmentDump(r, pages, rows);
            if (json) {
                out.println(d.toJson());
            } else {
                d.printText(out);
            }
        }
        return 0;
    }

    /** Byte breakdown of one or more segment files, summed column by column. */
    private int stats(String[] a, PrintStream out) throws Exception {
        if (a.length == 0) {
            throw new StrataCli.UsageException("stats needs at least one segment file");
        }
        List<SegmentStats.FileStats> all = new java.util.ArrayList<>();
        for (String f : a) {
            try (SegmentReader r = SegmentReader.open(LocalFileIO.INSTANCE, f)) {
                all.add(SegmentStats.of(r));
            }
        }
        StatsReport.print(SegmentStats.FileStats.sum(all), out);
        return 0;
    }

    private int verify(String[] a, PrintStream out, PrintStream err) throws Exception {
        if (a.length != 1) {
            throw new StrataCli.UsageException("verify needs exactly one segment file");
        }
        try (SegmentReader r = SegmentReader.open(LocalFileIO.INSTANCE, a[0])) {
            List<String> problems = SegmentVerifier.verify(r);
            if (problems.isEmpty()) {
                out.println(
                        "OK "
                                + a[0]
                                + ": "
                                + r.numRows()
                                + " rows, "
                                + r.schema().numColumns()
                                + " columns, all pages and indexes consistent");
                return 0;
            }
            for (String p : problems) {
                err.println("FAIL " + a[0] + ": " + p);
            }
            return 1;
        }
    }

    /** Collects what dump prints, in text or JSON. */
    static final class SegmentDump {
        private final SegmentReader r;
        private final boolean pages;
        private final int rows;

        SegmentDump(SegmentReader r, boolean pages, int rows) {
            this.r = r;
            this.pages = pages;
            this.rows = rows;
        }

        void printText(PrintStream out) throws Exception {
            SegmentFooterPB f = r.footer();
            out.println("segment " + r.path());
            out.println(
                    "  version "
                            + f.getVersion()
                            + ", rows "
                            + f.getNumRows()
                            + ", columns "
                            + f.getColumnsCount());
            if (f.hasShortKeyIndexPage()) {
                out.println(
                        "  short-key index "
                                + ptr(f.getShortKeyIndexPage())
                                + ", "
                                + r.shortKeyIndex().numEntries()
                                + " entries");
            }
            if (f.hasPrimaryKeyIndexMeta()) {
                var pk = f.getPrimaryKeyIndexMeta();
                out.println(
                        "  primary-key index: "
                                + pk.getPrimaryKeyIndex().getNumValues()
                                + " keys, min "
                                + hex(pk.getMinKey().toByteArray())
                                + ", max "
                                + hex(pk.getMaxKey().toByteArray()));
            }
            for (int c = 0; c < f.getColumnsCount(); c++) {
                ColumnMetaPB m = f.getColumns(c);
                ColumnReader cr = r.column(c);
                out.println(
                        "  column "
                                + c
                                + " "
                                + cr.column().name()
                                + " "
                                + cr.column().type()
                                + " unique_id "
                                + m.getUniqueId()
                                + ", "
                                + m.getEncoding()
                                + ", "
                                + m.getCompression()
                                + ", "
                                + (m.getIsNullable() ? "nullable" : "not null")
                                + ", rows "
                                + m.getNumRows()
                                + ", pages "
                                + cr.numPages()
                                + (m.hasDictPage() ? ", dict " + ptr(m.getDictPage()) : "")
                                + ", bytes "
                                + m.getCompressedDataBytes()
                                + "/"
                                + m.getUncompressedDataBytes()
                                + "/"
                                + m.getRawDataBytes());
                for (ColumnIndexMetaPB ix : m.getIndexesList()) {
                    out.println("    index " + ix.getType() + indexDetail(ix));
                }
                if (pages) {
                    for (int p = 0; p < cr.numPages(); p++) {
                        PageInfo pi = page(cr, p);
                        out.println(
                                "    page "
                                        + p
                                        + " offset "
                                        + cr.pageOffset(p)
                                        + " size "
                                        + cr.pageSize(p)
                                        + " rows ["
                                        + cr.pageFirstRow(p)
                                        + ", "
                                        + cr.pageEndRow(p)
                                        + ") uncompressed "
                                        + pi.uncompressed
                                        + (pi.compressed ? " compressed" : " raw")
                                        + " nullmap "
                                        + pi.nullmap);
                    }
                }
            }
            if (rows > 0) {
                out.println("  rows:");
                forEachRow((i, vals) -> out.println("    " + i + ": " + vals));
            }
        }

        private static String indexDetail(ColumnIndexMetaPB ix) {
            switch (ix.getType()) {
                case ORDINAL_INDEX:
                    {
                        var root = ix.getOrdinalIndex().getRootPage();
                        return " root "
                                + ptr(root.getRootPage())
                                + (root.getIsRootDataPage() ? " (data page)" : "");
                    }
                case ZONE_MAP_INDEX:
                    {
                        var z = ix.getZoneMapIndex().getSegmentZoneMap();
                        return " segment min '"
                                + z.getMin().toStringUtf8()
                                + "' max '"
                                + z.getMax().toStringUtf8()
                                + "' has_null "
                                + z.getHasNull()
                                + ", "
                                + ix.getZoneMapIndex().getPageZoneMaps().getNumValues()
                                + " page zone maps";
                    }
                case BLOOM_FILTER_INDEX:
                    return " "
                            + ix.getBloomFilterIndex().getBloomFilter().getNumValues()
                            + " page filters";
                case BITMAP_INDEX:
                    return " "
                            + ix.getBitmapIndex().getDictColumn().getNumValues()
                            + " distinct values, has_null "
                            + ix.getBitmapIndex().getHasNull();
                default:
                    return "";
            }
        }

        record PageInfo(int uncompressed, boolean compressed, int nullmap) {}

        private PageInfo page(ColumnReader cr, int p) throws Exception {
            SegmentFile.LoadedPage lp = readPage(cr, p);
            DataPageFooterPB df = lp.footer().getDataPageFooter();
            int stored = cr.pageSize(p) - 8 - lp.footer().getSerializedSize();
            return new PageInfo(
                    lp.footer().getUncompressedSize(),
                    stored != lp.footer().getUncompressedSize(),
                    df.getNullmapSize());
        }

        private SegmentFile.LoadedPage readPage(ColumnReader cr, int p) throws Exception {
            return cr.file()
                    .read(
                            PagePointerPB.newBuilder()
                                    .setOffset(cr.pageOffset(p))
                                    .setSize(cr.pageSize(p))
                                    .build(),
                            cr.meta().getCompression(),
                            PageTypePB.DATA_PAGE,
                            "page " + p);
        }

        interface RowSink {
            void row(int i, List<Object> values);
        }

        private void forEachRow(RowSink sink) throws Exception {
            int n = r.schema().numColumns();
            try (SegmentIterator it = r.newIterator(SegmentReadOptions.all(n))) {
                int i = 0;
                Block b;
                while (i < rows && (b = it.next()) != null) {
                    for (int k = 0; k < b.rowCount() && i < rows; k++, i++) {
                        sink.row(i, Arrays.asList(b.getRow(k)));
                    }
                }
            }
        }

        String toJson() throws Exception {
            SegmentFooterPB f = r.footer();
            StringBuilder s = new StringBuilder();
            s.append("{\"path\":").append(q(r.path()));
            s.append(",\"version\":").append(f.getVersion());
            s.append(",\"numRows\":").append(f.getNumRows());
            if (f.hasShortKeyIndexPage()) {
                s.append(",\"shortKeyIndex\":{\"offset\":")
                        .append(f.getShortKeyIndexPage().getOffset())
                        .append(",\"size\":")
                        .append(f.getShortKeyIndexPage().getSize())
                        .append(",\"entries\":")
                        .append(r.shortKeyIndex().numEntries())
                        .append('}');
            }
            if (f.hasPrimaryKeyIndexMeta()) {
                s.append(",\"primaryKeyIndex\":{\"keys\":")
                        .append(f.getPrimaryKeyIndexMeta().getPrimaryKeyIndex().getNumValues())
                        .append('}');
            }
            s.append(",\"columns\":[");
            for (int c = 0; c < f.getColumnsCount(); c++) {
                ColumnMetaPB m = f.getColumns(c);
                ColumnReader cr = r.column(c);
                if (c > 0) {
                    s.append(',');
                }
                s.append("{\"name\":")
                        .append(q(cr.column().name()))
                        .append(",\"type\":")
                        .append(q(cr.column().type().toString()))
                        .append(",\"uniqueId\":")
                        .append(m.getUniqueId())
                        .append(",\"encoding\":")
                        .append(q(m.getEncoding().name()))
                        .append(",\"compression\":")
                        .append(q(m.getCompression().name()))
                        .append(",\"nullable\":")
                        .append(m.getIsNullable())
                        .append(",\"rows\":")
                        .append(m.getNumRows())
                        .append(",\"indexes\":[");
                for (int k = 0; k < m.getIndexesCount(); k++) {
                    s.append(k > 0 ? "," : "").append(q(m.getIndexes(k).getType().name()));
                }
                s.append("]");
                if (pages) {
                    s.append(",\"pages\":[");
                    for (int p = 0; p < cr.numPages(); p++) {
                        PageInfo pi = page(cr, p);
                        s.append(p > 0 ? "," : "")
                                .append("{\"offset\":")
                                .append(cr.pageOffset(p))
                                .append(",\"size\":")
                                .append(cr.pageSize(p))
                                .append(",\"firstRow\":")
                                .append(cr.pageFirstRow(p))
                                .append(",\"rows\":")
                                .append(cr.pageEndRow(p) - cr.pageFirstRow(p))
                                .append(",\"uncompressedSize\":")
                                .append(pi.uncompressed)
                                .append(",\"compressed\":")
                                .append(pi.compressed)
                                .append(",\"nullmapSize\":")
                                .append(pi.nullmap)
                                .append('}');
                    }
                    s.append(']');
                }
                s.append('}');
            }
            s.append("],\"rows\":[");
            StringBuilder rs = new StringBuilder();
            forEachRow(
                    (i, vals) -> {
                        rs.append(i > 0 ? "," : "").append('[');
                        for (int k = 0; k < vals.size(); k++) {
                            Object v = vals.get(k);
                            rs.append(k > 0 ? "," : "");
                            if (v == null) {
                                rs.append("null");
                            } else if (v instanceof Number || v instanceof Boolean) {
                                String t = v.toString();
                                rs.append(t.equals("NaN") || t.contains("Infinity") ? q(t) : t);
                            } else {
                                rs.append(q(v.toString()));
                            }
                        }
                        rs.append(']');
                    });
            s.append(rs).append("]}");
            return s.toString();
        }

        private static String ptr(PagePointerPB p) {
            return "{offset " + p.getOffset() + ", size " + p.getSize() + "}";
        }

        private static String hex(byte[] b) {
            return HexFormat.of().formatHex(b);
        }

        static String q(String s) {
            return JsonText.quote(s);
        }
    }
}
