package io.strata.cli;

import io.strata.engine.block.Block;
import io.strata.engine.block.ByteVector;
import io.strata.engine.block.ColumnVector;
import io.strata.engine.compaction.TableCompactor;
import io.strata.engine.io.FileIO;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.rowset.SegmentFormat;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.SegmentReader;
import io.strata.engine.segment.SegmentStats;
import io.strata.engine.table.ChannelOptions;
import io.strata.engine.table.OrphanCleaner;
import io.strata.engine.table.PublishResult;
import io.strata.engine.table.StorageEngine;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;
import io.strata.engine.table.TabletsChannel;
import io.strata.engine.table.TxnCommit;
import io.strata.engine.table.VersionInfo;
import io.strata.engine.tablet.LiteralText;
import io.strata.engine.txn.TableState;
import io.strata.engine.util.CloseableIterator;
import io.strata.engine.util.Durations;
import io.strata.proto.olap.RowsetMetaPB;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code bin/strata} table commands: {@code table create}, {@code load}, {@code delete}, {@code
 * scan}, {@code info}, {@code verify}, {@code clean}, {@code compact}, {@code stats}. Exit codes: 0
 * success, 1 failure or a check that did not hold, 2 usage error.
 */
public final class TableCommand implements Command {
    private static final FileIO IO = LocalFileIO.INSTANCE;

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0) {
            throw new StrataCli.UsageException(
                    "expected create|load|delete|scan|info|verify|clean|compact|stats and a table path");
        }
        String cmd = args[0];
        Map<String, String> opts = new HashMap<>();
        List<String> pos = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                if (name.equals("json")
                        || name.equals("dry-run")
                        || name.equals("full")
                        || name.equals("flink")) {
                    opts.put(name, "true");
                } else {
                    if (i + 1 >= args.length) {
                        throw new StrataCli.UsageException("option " + a + " needs a value");
                    }
                    opts.put(name, args[++i]);
                }
            } else {
                pos.add(a);
            }
        }
        if (pos.size() != 1) {
            throw new StrataCli.UsageException(cmd + " takes exactly one table PATH");
        }
        String path = pos.get(0);
        switch (cmd) {
            case "create":
                return create(path, opts, out);
            case "load":
                return load(path, opts, out);
            case "delete":
                return delete(path, opts, out);
            case "scan":
                return scan(path, opts, out);
            case "info":
                return info(path, opts, out);
            case "verify":
                return verify(path, out, err);
            case "clean":
                return clean(path, opts, out);
            case "compact":
                return compact(path, opts, out);
            case "stats":
                return stats(path, opts, out);
            default:
                throw new StrataCli.UsageException("unknown table command '" + cmd + "'");
        }
    }

    private static void allow(Map<String, String> opts, String... names) {
        List<String> ok = Arrays.asList(names);
        for (String k : opts.keySet()) {
            if (!ok.contains(k)) {
                throw new StrataCli.UsageException("unknown option --" + k);
            }
        }
    }

    private static List<String> list(String s) {
        List<String> out = new ArrayList<>();
        if (s == null || s.isBlank()) {
            return out;
        }
        for (String p : s.split(",")) {
            if (!p.isBlank()) {
                out.add(p.trim());
            }
        }
        return out;
    }

    // ---- create -----------------------------------------------------------------------------

    private int create(String path, Map<String, String> opts, PrintStream out) throws Exception {
        allow(opts, "schema", "buckets", "distribution", "partition-by");
        String schemaFile = opts.get("schema");
        if (schemaFile == null) {
            throw new StrataCli.UsageException("create needs --schema SCHEMA.json");
        }
        TabletSchema schema =
                SchemaJson.parse(Files.readString(Path.of(schemaFile), StandardCharsets.UTF_8));
        if (schema.keysType() == KeysType.UNIQUE_KEYS && schema.deleteSignIndex() < 0) {
            // Doris adds the hidden delete-sign column to every UNIQUE table.
            schema =
                    schema.toBuilder()
                            .column(
                                    Column.builder(
                                                    Column.DELETE_SIGN,
                                                    DataType.of(FieldType.TINYINT))
                                            .nullable(false)
                                            .aggregation(
                                                    io.strata.engine.schema.AggregationType.REPLACE)
                                            .visible(false)
                                            .build())
                            .build();
        }
        List<String> dist = list(opts.get("distribution"));
        if (dist.isEmpty() && schema.keysType() != KeysType.DUP_KEYS) {
            for (int i = 0; i < schema.numKeyColumns(); i++) {
                dist.add(schema.column(i).name());
            }
        }
        int buckets;
        try {
            buckets = Integer.parseInt(opts.getOrDefault("buckets", "1"));
        } catch (NumberFormatException e) {
            throw new StrataCli.UsageException("--buckets must be an integer");
        }
        TableDescriptor d =
                TableDescriptor.builder(schema)
                        .distribution(dist)
                        .buckets(buckets)
                        .partitionColumns(list(opts.get("partition-by")))
                        .build();
        try (Table t = Table.create(IO, path, d)) {
            out.println("created table " + path + ": " + d);
        }
        return 0;
    }

    // ---- load -------------------------------------------------------------------------------

    private int load(String path, Map<String, String> opts, PrintStream out) throws Exception {
        allow(opts, "csv", "label");
        String csv = opts.get("csv");
        if (csv == null) {
            throw new StrataCli.UsageException("load needs --csv FILE");
        }
        String label = opts.getOrDefault("label", "cli-" + UUID.randomUUID());
        try (Table t = Table.open(IO, path)) {
            TableState s = t.state(t.latestVersion());
            if (s.labelVersion(label).isPresent()) {
                out.println(
                        "label "
                                + label
                                + " is already published as version "
                                + s.labelVersion(label).getAsLong()
                                + "; nothing loaded");
                return 0;
            }
            TabletSchema schema = t.schema();
            int ds = schema.deleteSignIndex();
            // The delete-sign column is optional in CSV: read it as nullable, NULL → 0.
            TabletSchema readSchema = schema;
            if (ds >= 0) {
                List<Column> cols = new ArrayList<>(schema.columns());
                cols.set(ds, cols.get(ds).toBuilder().nullable(true).build());
                TabletSchema.Builder rb =
                        TabletSchema.builder(schema.keysType())
                                .columns(cols)
                                .mergeOnWrite(schema.mergeOnWrite())
                                .compression(schema.compression());
                if (schema.sequenceColumnIndex() >= 0) {
                    rb.sequenceColumn(schema.column(schema.sequenceColumnIndex()).name());
                }
                readSchema = rb.build();
            }
            Block block;
            try (Reader r = Files.newBufferedReader(Path.of(csv), StandardCharsets.UTF_8)) {
                block = new CsvBlockReader(r, readSchema).readAll();
            }
            ColumnVector[] vs = block.vectors().clone();
            if (ds >= 0) {
                ByteVector src = (ByteVector) vs[ds];
                ByteVector fixed = new ByteVector(Math.max(1, src.size()));
                for (int i = 0; i < src.size(); i++) {
                    byte b = src.isNull(i) ? 0 : src.get(i);
                    if (b != 0 && b != 1) {
                        throw new IllegalArgumentException(
                                "column '"
                                        + Column.DELETE_SIGN
                                        + "': value "
                                        + b
                                        + " is not 0 or 1");
                    }
                    fixed.append(b);
                }
                vs[ds] = fixed;
            }
            Block rows = new Block(schema.columns(), vs);
            TxnCommit commit;
            try (StorageEngine engine = StorageEngine.builder().build();
                    TabletsChannel ch = t.openChannel(engine, ChannelOptions.defaults())) {
                ch.write(rows);
                commit = ch.prepareCommit();
            }
            PublishResult r = t.publish(label, commit, null, -1);
            if (r.alreadyPublished()) {
                t.abort(commit);
                out.println(
                        "label "
                                + label
                                + " is already published as version "
                                + r.version()
                                + "; nothing loaded");
            } else {
                out.println(
                        "loaded "
                                + commit.numRows()
                                + " rows ("
                                + rows.rowCount()
                                + " read) into "
                                + commit.numRowsets()
                                + " rowsets as version "
                                + r.version()
                                + " (label "
                                + label
                                + ")");
            }
        }
        return 0;
    }

    // ---- delete -----------------------------------------------------------------------------

    private int delete(String path, Map<String, String> opts, PrintStream out) throws Exception {
        allow(opts, "where", "label");
        String where = opts.get("where");
        if (where == null) {
            throw new StrataCli.UsageException("delete needs --where CONDITION");
        }
        String label = opts.getOrDefault("label", "cli-delete-" + UUID.randomUUID());
        try (Table t = Table.open(IO, path)) {
            List<ColumnPredicate> preds = WhereParser.parse(where, t.schema());
            PublishResult r = t.deleteWhere(label, preds);
            out.println(
                    (r.alreadyPublished() ? "label " + label + " already published: " : "")
                            + "delete "
                            + preds
                            + " published as version "
                            + r.version());
        }
        return 0;
    }

    // ---- scan -------------------------------------------------------------------------------

    private int scan(String path, Map<String, String> opts, PrintStream out) throws Exception {
        allow(opts, "version", "columns", "where", "format");
        String format = opts.getOrDefault("format", "csv").toLowerCase(Locale.ROOT);
        if (!format.equals("csv") && !format.equals("json")) {
            throw new StrataCli.UsageException("--format must be csv or json");
        }
        try (Table t = Table.open(IO, path)) {
            TabletSchema schema = t.schema();
            List<String> cols = list(opts.get("columns"));
            if (cols.isEmpty()) {
                for (Column c : schema.columns()) {
                    if (c.visible()) {
                        cols.add(c.name());
                    }
                }
            }
            List<Column> outCols = new ArrayList<>();
            for (String c : cols) {
                int i = schema.indexOf(c);
                if (i < 0) {
                    throw new IllegalArgumentException("no column named '" + c + "'");
                }
                outCols.add(schema.column(i));
            }
            // Tablets are each in key order; for keyed tables the output must be in key order
            // across tablets too, so key columns are read as well and rows are sorted by them.
            boolean keyed = schema.keysType() != KeysType.DUP_KEYS;
            List<String> readCols = new ArrayList<>(cols);
            int[] keyPos = new int[keyed ? schema.numKeyColumns() : 0];
            for (int k = 0; k < keyPos.length; k++) {
                String name = schema.column(k).name();
                int at = -1;
                for (int j = 0; j < readCols.size(); j++) {
                    if (readCols.get(j).equalsIgnoreCase(name)) {
                        at = j;
                    }
                }
                if (at < 0) {
                    readCols.add(name);
                    at = readCols.size() - 1;
                }
                keyPos[k] = at;
            }
            var scan = t.newScan().project(readCols);
            if (opts.containsKey("version")) {
                scan.version(Long.parseLong(opts.get("version")));
            }
            if (opts.containsKey("where")) {
                scan.filter(WhereParser.parse(opts.get("where"), schema));
            }
            if (format.equals("csv")) {
                out.println(String.join(",", outCols.stream().map(Column::name).toList()));
            }
            List<Object[]> sorted = keyed ? new ArrayList<>() : null;
            StringBuilder sb = new StringBuilder();
            try (CloseableIterator<Block> it = scan.open()) {
                Block b;
                while ((b = it.next()) != null) {
                    int n = b.rowCount();
                    for (int r = 0; r < n; r++) {
                        Object[] row = new Object[readCols.size()];
                        for (int c = 0; c < row.length; c++) {
                            int si = schema.indexOf(readCols.get(c));
                            row[c] = b.vector(c).getObject(schema.column(si).type(), r);
                        }
                        if (keyed) {
                            sorted.add(row);
                        } else {
                            printRow(row, outCols, format, sb, out);
                        }
                    }
                }
            }
            if (keyed) {
                sorted.sort((x, y) -> compareKeys(x, y, keyPos));
                for (Object[] row : sorted) {
                    printRow(row, outCols, format, sb, out);
                }
            }
        }
        return 0;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(Object[] x, Object[] y, int[] keyPos) {
        for (int p : keyPos) {
            Object a = x[p];
            Object b = y[p];
            int c;
            if (a == null || b == null) {
                c = a == b ? 0 : (a == null ? -1 : 1);
            } else if (a instanceof String) {
                // Storage order is unsigned UTF-8 bytes, not UTF-16 code units.
                byte[] ab = ((String) a).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] bb = ((String) b).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                c = java.util.Arrays.compareUnsigned(ab, bb);
            } else {
                c = ((Comparable) a).compareTo(b);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static void printRow(
            Object[] row, List<Column> outCols, String format, StringBuilder sb, PrintStream out) {
        sb.setLength(0);
        if (format.equals("json")) {
            sb.append('{');
        }
        for (int c = 0; c < outCols.size(); c++) {
            Column col = outCols.get(c);
            Object v = row[c];
            if (c > 0) {
                sb.append(',');
            }
            if (format.equals("json")) {
                sb.append(jsonString(col.name())).append(':');
                sb.append(jsonValue(col.type(), v));
            } else {
                sb.append(csvValue(col.type(), v));
            }
        }
        if (format.equals("json")) {
            sb.append('}');
        }
        out.println(sb);
    }

    private static String csvValue(DataType t, Object v) {
        if (v == null) {
            return "";
        }
        String s = LiteralText.format(t, v);
        if (t.fieldType().isString()
                && (s.isEmpty()
                        || s.contains(",")
                        || s.contains("\"")
                        || s.contains("\n")
                        || s.contains("\r"))) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private static String jsonValue(DataType t, Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number && !(v instanceof BigDecimal)) {
            if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
                return jsonString(v.toString());
            }
            if (v instanceof Float f && (f.isNaN() || f.isInfinite())) {
                return jsonString(v.toString());
            }
            return v.toString();
        }
        if (v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        return jsonString(LiteralText.format(t, v));
    }

    static String jsonString(String s) {
        return JsonText.quote(s);
    }

    // ---- info -------------------------------------------------------------------------------

    private int info(String path, Map<String, String> opts, PrintStream out) throws Exception {
        allow(opts, "json");
        try (Table t = Table.open(IO, path)) {
            long v = t.latestVersion();
            TableState s = t.state(v);
            TableDescriptor d = t.descriptor();
            int rowsets = 0;
            long rows = 0;
            long bytes = 0;
            int segments = 0;
            for (TableState.TabletState ts : s.tablets().values()) {
                for (RowsetMetaPB r : ts.rowsets()) {
                    rowsets++;
                    rows += r.getNumRows();
                    bytes += r.getTotalDiskSize();
                    segments += (int) r.getNumSegments();
                }
            }
            List<VersionInfo> versions = t.versions();
            if (opts.containsKey("json")) {
                StringBuilder b = new StringBuilder("{");
                b.append("\"path\":").append(jsonString(path));
                b.append(",\"keysType\":").append(jsonString(d.schema().keysType().name()));
                b.append(",\"columns\":[");
                for (int i = 0; i < d.schema().numColumns(); i++) {
                    Column c = d.schema().column(i);
                    b.append(i > 0 ? "," : "")
                            .append("{\"name\":")
                            .append(jsonString(c.name()))
                            .append(",\"type\":")
                            .append(jsonString(c.type().toString()))
                            .append(",\"key\":")
                            .append(c.isKey())
                            .append(",\"nullable\":")
                            .append(c.nullable())
                            .append(",\"aggregation\":")
                            .append(jsonString(c.aggregation().name()))
                            .append('}');
                }
                b.append("],\"distribution\":[");
                b.append(
                        String.join(
                                ",",
                                d.distributionColumns().stream()
                                        .map(TableCommand::jsonString)
                                        .toList()));
                b.append("],\"buckets\":").append(d.buckets());
                b.append(",\"partitionColumns\":[");
                b.append(
                        String.join(
                                ",",
                                d.partitionColumns().stream()
                                        .map(TableCommand::jsonString)
                                        .toList()));
                b.append("],\"latestVersion\":").append(v);
                b.append(",\"partitions\":").append(s.partitions().size());
                b.append(",\"tablets\":").append(s.tablets().size());
                b.append(",\"rowsets\":").append(rowsets);
                b.append(",\"segments\":").append(segments);
                b.append(",\"rows\":").append(rows);
                b.append(",\"bytes\":").append(bytes);
                b.append(",\"versions\":[");
                for (int i = 0; i < versions.size(); i++) {
                    VersionInfo vi = versions.get(i);
                    b.append(i > 0 ? "," : "")
                            .append("{\"version\":")
                            .append(vi.version())
                            .append(",\"label\":")
                            .append(vi.label() == null ? "null" : jsonString(vi.label()))
                            .append(",\"rows\":")
                            .append(vi.numRows())
                            .append(",\"delete\":")
                            .append(vi.isDelete())
                            .append(",\"timestampMs\":")
                            .append(vi.timestampMillis())
                            .append('}');
                }
                b.append("]}");
                out.println(b);
                return 0;
            }
            out.println("table      " + path);
            out.println("schema     " + d.schema());
            out.println(
                    "distribution "
                            + (d.isRandomDistribution()
                                    ? "RANDOM"
                                    : "HASH" + d.distributionColumns())
                            + " BUCKETS "
                            + d.buckets());
            out.println("partitions " + d.partitionColumns() + ": " + s.partitions().size());
            out.println("version    " + v);
            out.println(
                    "tablets    "
                            + s.tablets().size()
                            + ", rowsets "
                            + rowsets
                            + ", segments "
                            + segments
                            + ", rows (before merge) "
                            + rows
                            + ", bytes "
                            + bytes);
            for (VersionInfo vi : versions) {
                out.println(
                        "  v"
                                + vi.version()
                                + "  "
                                + (vi.isDelete() ? "DELETE " : "")
                                + "label="
                                + vi.label()
                                + " rows="
                                + vi.numRows()
                                + (vi.commitUser() != null
                                        ? " commitUser="
                                                + vi.commitUser()
                                                + " checkpoint="
                                                + vi.checkpointId()
                                        : ""));
            }
        }
        return 0;
    }

    // ---- verify -----------------------------------------------------------------------------

    // ---- stats ------------------------------------------------------------------------------

    /** Where the bytes of the segments live at the latest version go (per column, per index). */
    private int stats(String path, Map<String, String> opts, PrintStream out) throws Exception {
        allow(opts);
        try (Table t = Table.open(IO, path)) {
            long v = t.latestVersion();
            TableState s = t.state(v);
            List<SegmentStats.FileStats> all = new ArrayList<>();
            for (TableState.TabletState ts : s.tablets().values()) {
                for (RowsetMetaPB r : ts.rowsets()) {
                    for (int seg = 0; seg < r.getNumSegments(); seg++) {
                        try (SegmentReader rd =
                                SegmentReader.open(t.io(), t.segmentPath(r, seg), t.schema())) {
                            all.add(SegmentStats.of(rd));
                        }
                    }
                }
            }
            out.println("table " + path + " at version " + v);
            StatsReport.print(SegmentStats.FileStats.sum(all), out);
        }
        return 0;
    }

    private int verify(String path, PrintStream out, PrintStream err) throws Exception {
        int problems = 0;
        try (Table t = Table.open(IO, path)) {
            List<Long> versions = t.versionLog().versions();
            // Expired versions leave a snapshot at the oldest retained one; from there on the
            // log must be contiguous.
            long first = versions.isEmpty() ? 1 : versions.get(0);
            if (first > 1 && !t.io().exists(t.versionLog().snapshotPath(first))) {
                err.println("oldest version " + first + " has no snapshot (expired log)");
                problems++;
            }
            for (int i = 0; i < versions.size(); i++) {
                if (versions.get(i) != first + i) {
                    err.println("version log has a gap before version " + versions.get(i));
                    problems++;
                    break;
                }
            }
            long v = t.latestVersion();
            TableState s;
            try {
                s = t.state(v);
            } catch (IOException e) {
                err.println("cannot load version " + v + ": " + e.getMessage());
                return 1;
            }
            int files = 0;
            for (TableState.TabletState ts : s.tablets().values()) {
                for (RowsetMetaPB r : ts.rowsets()) {
                    for (int seg = 0; seg < r.getNumSegments(); seg++) {
                        String p = t.segmentPath(r, seg);
                        files++;
                        try (SegmentFormat.Reader rd =
                                t.segmentFormat().open(t.io(), p, t.schema())) {
                            long expectRows =
                                    seg < r.getNumSegmentRowsCount()
                                            ? r.getNumSegmentRows(seg)
                                            : -1;
                            if (expectRows >= 0 && rd.numRows() != expectRows) {
                                err.println(
                                        p
                                                + ": "
                                                + rd.numRows()
                                                + " rows, rowset meta says "
                                                + expectRows);
                                problems++;
                            }
                            // Decode every page: checksums and encodings are checked on read.
                            int[] all = new int[t.schema().numColumns()];
                            for (int c = 0; c < all.length; c++) {
                                all[c] = c;
                            }
                            long n = 0;
                            try (var it =
                                    rd.newIterator(
                                            io.strata.engine.segment.SegmentReadOptions.all(
                                                    all.length))) {
                                Block b;
                                while ((b = it.next()) != null) {
                                    n += b.rowCount();
                                }
                            }
                            if (n != rd.numRows()) {
                                err.println(p + ": scanned " + n + " rows of " + rd.numRows());
                                problems++;
                            }
                        } catch (IOException | RuntimeException e) {
                            err.println(p + ": " + e.getMessage());
                            problems++;
                        }
                    }
                }
            }
            // Every version must be readable (checksummed metadata).
            for (long x : versions) {
                try {
                    t.versionLog().readVersion(x);
                } catch (IOException e) {
                    err.println(e.getMessage());
                    problems++;
                }
            }
            if (problems == 0) {
                out.println(
                        "OK: "
                                + versions.size()
                                + " versions, "
                                + s.tablets().size()
                                + " tablets, "
                                + files
                                + " segment files verified");
                return 0;
            }
            err.println(problems + " problem(s) found");
            return 1;
        }
    }

    // ---- clean ------------------------------------------------------------------------------

    private int clean(String path, Map<String, String> opts, PrintStream out) throws Exception {
        allow(opts, "min-age-seconds", "older-than", "dry-run", "retain");
        long minAge = OrphanCleaner.DEFAULT_MIN_AGE_MILLIS;
        if (opts.containsKey("older-than")) {
            minAge = durationMillis(opts.get("older-than"));
        } else if (opts.containsKey("min-age-seconds")) {
            minAge = Long.parseLong(opts.get("min-age-seconds")) * 1000;
        }
        boolean dry = opts.containsKey("dry-run");
        try (Table t = Table.open(IO, path)) {
            if (!dry) {
                // Versions beyond the retention expire first; their replaced files go with them.
                int retain =
                        opts.containsKey("retain")
                                ? Integer.parseInt(opts.get("retain"))
                                : t.retainedVersions();
                // The table's age retention (snapshot.time-retained) holds whatever --retain says.
                Table.ExpireResult e =
                        t.expireVersions(
                                retain, t.timeRetainedMillis(), System.currentTimeMillis());
                out.println(
                        "expired "
                                + e.versionFilesDeleted()
                                + " version(s), "
                                + e.rowsetsDeleted()
                                + " replaced rowset(s), "
                                + e.bytesDeleted()
                                + " bytes; oldest readable version "
                                + e.oldestRetained());
            }
            OrphanCleaner.Result r = OrphanCleaner.clean(t, minAge, dry);
            for (String p : r.deleted()) {
                out.println((dry ? "would delete " : "deleted ") + p);
            }
            out.println(
                    r.deleted().size()
                            + " orphan file(s), "
                            + r.bytesDeleted()
                            + " bytes, of "
                            + r.filesScanned()
                            + " data files");
        }
        return 0;
    }

    /** "90s", "30m", "1h", "2d" or plain seconds. */
    static long durationMillis(String s) {
        try {
            return Durations.parseMillis(s, 1000);
        } catch (IllegalArgumentException e) {
            throw new StrataCli.UsageException(
                    "--older-than needs a duration like 90s, 30m, 1h or 2d: '" + s + "'");
        }
    }

    // ---- compact ----------------------------------------------------------------------------

    private int compact(String path, Map<String, String> opts, PrintStream out) throws Exception {
        allow(opts, "full", "max-rounds", "flink", "parallelism");
        int rounds =
                opts.containsKey("max-rounds") ? Integer.parseInt(opts.get("max-rounds")) : 100;
        boolean full = opts.containsKey("full");
        if (opts.containsKey("parallelism") && !opts.containsKey("flink")) {
            throw new StrataCli.UsageException("--parallelism needs --flink");
        }
        TableCompactor.Summary s;
        if (opts.containsKey("flink")) {
            int p = opts.containsKey("parallelism") ? Integer.parseInt(opts.get("parallelism")) : 2;
            if (p < 1) {
                throw new StrataCli.UsageException("--parallelism must be >= 1: " + p);
            }
            if (!Table.exists(IO, path)) {
                throw new io.strata.engine.table.TableNotFoundException(path);
            }
            s = FlinkCompaction.run(path, full, rounds, p);
        } else {
            try (Table t = Table.open(IO, path)) {
                s = new TableCompactor(t).run(full, rounds);
            }
        }
        try (Table t = Table.open(IO, path)) {
            out.println(
                    "compacted: "
                            + s.compactions()
                            + " compaction(s) in "
                            + s.rounds()
                            + " round(s), "
                            + s.bytesRead()
                            + " bytes read, "
                            + s.bytesWritten()
                            + " bytes written, "
                            + s.nanos() / 1_000_000
                            + " ms; max rowsets per tablet "
                            + s.maxRowsetsBefore()
                            + " -> "
                            + s.maxRowsetsAfter()
                            + "; now version "
                            + t.latestVersion());
        }
        return 0;
    }
}
