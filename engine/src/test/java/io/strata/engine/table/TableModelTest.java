package io.strata.engine.table;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.rowset.SegmentFormat;
import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.util.CloseableIterator;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model-based test: random loads (inserts, upserts, delete-sign rows), DELETE predicates, aborted
 * transactions and re-published labels against an in-memory reference that applies the data model's
 * rules naively; every published version is scanned and compared.
 */
class TableModelTest {
    @TempDir Path dir;

    static final LocalDate[] DATES = {
        LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2), LocalDate.of(2024, 2, 1)
    };

    /** A row tagged with the version that published it and its position in the log. */
    record Tagged(long version, long seqNo, Object[] row) {}

    /** A published delete. */
    record Delete(long version, Predicate<Object[]> matches) {}

    static SegmentFormat format() {
        return SimpleSegmentFormat.INSTANCE;
    }

    static TabletSchema schema(String model) {
        switch (model) {
            case "DUP":
                return TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(key("k1", DataType.of(FieldType.INT)))
                        .column(key("dt", DataType.of(FieldType.DATEV2)))
                        .column(Column.builder("v1", DataType.of(FieldType.BIGINT)).build())
                        .column(Column.builder("s", DataType.varchar(20)).build())
                        .build();
            case "UNIQUE":
            case "UNIQUE_SEQ":
                {
                    TabletSchema.Builder b =
                            TabletSchema.builder(KeysType.UNIQUE_KEYS)
                                    .column(key("k1", DataType.of(FieldType.INT)))
                                    .column(key("dt", DataType.of(FieldType.DATEV2)))
                                    .column(val("v1", FieldType.BIGINT, AggregationType.REPLACE))
                                    .column(
                                            Column.builder("s", DataType.varchar(20))
                                                    .aggregation(AggregationType.REPLACE)
                                                    .build())
                                    .column(val("seq", FieldType.BIGINT, AggregationType.REPLACE))
                                    .column(
                                            Column.builder(
                                                            Column.DELETE_SIGN,
                                                            DataType.of(FieldType.TINYINT))
                                                    .nullable(false)
                                                    .aggregation(AggregationType.REPLACE)
                                                    .visible(false)
                                                    .build());
                    if (model.equals("UNIQUE_SEQ")) {
                        b.sequenceColumn("seq");
                    }
                    return b.build();
                }
            case "AGG":
                return TabletSchema.builder(KeysType.AGG_KEYS)
                        .column(key("k1", DataType.of(FieldType.INT)))
                        .column(key("dt", DataType.of(FieldType.DATEV2)))
                        .column(val("v1", FieldType.BIGINT, AggregationType.SUM))
                        .column(
                                Column.builder("s", DataType.varchar(20))
                                        .aggregation(AggregationType.REPLACE_IF_NOT_NULL)
                                        .build())
                        .column(val("mx", FieldType.INT, AggregationType.MAX))
                        .column(val("mn", FieldType.INT, AggregationType.MIN))
                        .column(val("rp", FieldType.INT, AggregationType.REPLACE))
                        .build();
            default:
                throw new IllegalArgumentException(model);
        }
    }

    static Column key(String n, DataType t) {
        return Column.builder(n, t).key(true).nullable(false).build();
    }

    static Column val(String n, FieldType t, AggregationType a) {
        return Column.builder(n, DataType.of(t)).aggregation(a).build();
    }

    @ParameterizedTest
    @CsvSource({
        "DUP,1,SIMPLE",
        "UNIQUE_SEQ,5,SIMPLE",
        "AGG,6,SIMPLE",
        "DUP,12,DORIS",
        "UNIQUE,13,DORIS",
        "AGG,16,DORIS"
    })
    void randomHistoryMatchesModel(String model, long seed, String formatName) throws IOException {
        SegmentFormat format =
                formatName.equals("DORIS") ? SegmentFormat.DORIS : SimpleSegmentFormat.INSTANCE;
        TabletSchema schema = schema(model);
        Random rnd = new Random(seed);
        TableDescriptor d =
                TableDescriptor.builder(schema)
                        .distribution(
                                model.equals("DUP") && seed % 2 == 0 ? List.of() : List.of("k1"))
                        .buckets(3)
                        .partitionColumns(List.of("dt"))
                        .property("snapshot.interval", "4")
                        .build();
        String path = dir.resolve("t").toString();
        List<Tagged> log = new ArrayList<>();
        List<Delete> deletes = new ArrayList<>();
        long seqNo = 0;
        try (StorageEngine engine = StorageEngine.builder().flushThreads(2).build();
                Table table = Table.create(LocalFileIO.INSTANCE, path, d, format)) {
            int ops = 20;
            for (int op = 0; op < ops; op++) {
                int kind = rnd.nextInt(10);
                if (kind < 6) {
                    // a load, maybe over several small memtables
                    ChannelOptions opts =
                            ChannelOptions.builder()
                                    .memtableSizeBytes(rnd.nextBoolean() ? 300 : 1 << 20)
                                    .build();
                    List<Object[]> rows = new ArrayList<>();
                    int n = rnd.nextInt(40);
                    for (int i = 0; i < n; i++) {
                        rows.add(randomRow(model, rnd));
                    }
                    // One or two channels (writer subtasks) per transaction; with two, each row
                    // goes to the channel owning its bucket, as the Flink pre-write shuffle does
                    // (RANDOM: a channel writes only its own buckets, rows split arbitrarily).
                    int nch = rnd.nextBoolean() ? 1 : 2;
                    List<TxnCommit> parts = new ArrayList<>();
                    TabletRouter router = new TabletRouter(d);
                    for (int c = 0; c < nch; c++) {
                        ChannelOptions co =
                                ChannelOptions.builder()
                                        .memtableSizeBytes(opts.memtableSizeBytes())
                                        .channelIndex(c)
                                        .numChannels(nch)
                                        .build();
                        try (TabletsChannel ch = table.openChannel(engine, co)) {
                            int pos = 0;
                            while (pos < rows.size()) {
                                int len = Math.min(rows.size() - pos, 1 + rnd.nextInt(15));
                                Block b = Block.create(schema.columns(), len);
                                for (int i = pos; i < pos + len; i++) {
                                    Block one = Block.create(schema.columns(), 1);
                                    one.appendRow(rows.get(i));
                                    int owner =
                                            d.isRandomDistribution()
                                                    ? i % nch
                                                    : router.bucketOfRow(one, 0) % nch;
                                    if (owner == c) {
                                        b.appendRow(rows.get(i));
                                    }
                                }
                                ch.write(b);
                                pos += len;
                            }
                            parts.add(TxnCommit.fromBytes(ch.prepareCommit().toBytes()));
                        }
                    }
                    TxnCommit commit = TxnCommit.merge(parts);
                    assertThat(commit.numRows()).isLessThanOrEqualTo(rows.size());
                    String label = "load-" + op;
                    PublishResult r = table.publish(label, commit, "user", op);
                    assertThat(r.alreadyPublished()).isFalse();
                    assertThat(r.version()).isEqualTo(table.latestVersion());
                    for (Object[] row : rows) {
                        log.add(new Tagged(r.version(), seqNo++, row));
                    }
                    if (rnd.nextInt(4) == 0) {
                        PublishResult again = table.publish(label, commit, "user", op);
                        assertThat(again).isEqualTo(new PublishResult(r.version(), true));
                    }
                    assertThat(table.lastCommittedCheckpoint("user")).hasValue(op);
                } else if (kind < 8) {
                    int k = rnd.nextInt(20);
                    LocalDate dt = DATES[rnd.nextInt(DATES.length)];
                    List<ColumnPredicate> where;
                    Predicate<Object[]> m;
                    switch (rnd.nextInt(3)) {
                        case 0:
                            where = List.of(ColumnPredicate.eq("k1", k));
                            m = row -> (Integer) row[0] == k;
                            break;
                        case 1:
                            where =
                                    List.of(
                                            ColumnPredicate.of("k1", ColumnPredicate.Op.LT, k),
                                            ColumnPredicate.eq("dt", dt));
                            m = row -> (Integer) row[0] < k && row[1].equals(dt);
                            break;
                        default:
                            where = List.of(ColumnPredicate.in("k1", List.of(k, k + 1, k + 5)));
                            m = row -> List.of(k, k + 1, k + 5).contains(row[0]);
                    }
                    PublishResult r = table.deleteWhere("del-" + op, where);
                    deletes.add(new Delete(r.version(), m));
                } else if (kind == 8) {
                    // aborted transaction: written, committed, never published
                    try (TabletsChannel ch = table.openChannel(engine, ChannelOptions.defaults())) {
                        Block b = Block.create(schema.columns(), 4);
                        for (int i = 0; i < 5; i++) {
                            b.appendRow(randomRow(model, rnd));
                        }
                        ch.write(b);
                        if (rnd.nextBoolean()) {
                            table.abort(ch.prepareCommit());
                        } else {
                            ch.abort();
                        }
                    }
                } else {
                    // a channel closed without commit discards its data
                    try (TabletsChannel ch = table.openChannel(engine, ChannelOptions.defaults())) {
                        Block b = Block.create(schema.columns(), 4);
                        b.appendRow(randomRow(model, rnd));
                        ch.write(b);
                    }
                }
            }
            long latest = table.latestVersion();
            assertThat(latest).isGreaterThan(0);
            // Reopen: every version must read the same through snapshots + version files.
            try (Table reopened = Table.open(LocalFileIO.INSTANCE, path, format)) {
                for (long v = 1; v <= latest; v++) {
                    List<List<Object>> expected = expected(schema, log, deletes, v);
                    assertThat(scan(reopened, v)).as("version %d", v).isEqualTo(expected);
                    assertThat(scan(table, v)).as("version %d (cached)", v).isEqualTo(expected);
                    // tiny batches: the keyed merge advances its watermark over many blocks
                    assertThat(scanSmallBatches(reopened, v))
                            .as("version %d batch 2", v)
                            .isEqualTo(expected);
                    // projection + a value-column filter: for keyed tables the filter must apply
                    // after the merge (a pushed value filter could resurrect older rows)
                    List<List<Object>> filtered = new ArrayList<>();
                    for (List<Object> row : expected) {
                        if (row.get(2) != null && (Long) row.get(2) > 0) {
                            filtered.add(List.of(row.get(0), row.get(2)));
                        }
                    }
                    filtered.sort(ROW_ORDER);
                    assertThat(
                                    scan(
                                            reopened,
                                            v,
                                            List.of("k1", "v1"),
                                            List.of(
                                                    ColumnPredicate.of(
                                                            "v1", ColumnPredicate.Op.GT, 0L))))
                            .as("version %d filtered", v)
                            .isEqualTo(filtered);
                }
            }
        }
    }

    static Object[] randomRow(String model, Random rnd) {
        int k = rnd.nextInt(20);
        LocalDate dt = DATES[rnd.nextInt(DATES.length)];
        Long v1 = rnd.nextInt(5) == 0 ? null : (long) rnd.nextInt(1000) - 500;
        String s = rnd.nextInt(5) == 0 ? null : "s" + rnd.nextInt(50);
        switch (model) {
            case "DUP":
                return new Object[] {k, dt, v1, s};
            case "UNIQUE":
            case "UNIQUE_SEQ":
                return new Object[] {
                    k,
                    dt,
                    v1,
                    s,
                    rnd.nextInt(6) == 0 ? null : (long) rnd.nextInt(5),
                    (byte) (rnd.nextInt(5) == 0 ? 1 : 0)
                };
            default:
                Integer x = rnd.nextInt(4) == 0 ? null : rnd.nextInt(100);
                return new Object[] {k, dt, v1, s, x, x, x};
        }
    }

    static List<List<Object>> scanSmallBatches(Table t, long v) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        try (CloseableIterator<Block> it = t.newScan().version(v).batchSize(2).open()) {
            Block b;
            while ((b = it.next()) != null) {
                rows.addAll(b.toRows());
            }
        }
        rows.sort(ROW_ORDER);
        return rows;
    }

    static List<List<Object>> scan(Table t, long v) throws IOException {
        return scan(t, v, null, List.of());
    }

    static List<List<Object>> scan(
            Table t, long v, List<String> columns, List<ColumnPredicate> filter)
            throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        TableScan s = t.newScan().version(v).filter(filter);
        if (columns != null) {
            s.project(columns);
        }
        try (CloseableIterator<Block> it = s.open()) {
            Block b;
            while ((b = it.next()) != null) {
                rows.addAll(b.toRows());
            }
        }
        rows.sort(ROW_ORDER);
        return rows;
    }

    static final Comparator<List<Object>> ROW_ORDER = Comparator.comparing(Object::toString);

    /** The reference: visible rows at version v, by the data model's rules applied naively. */
    static List<List<Object>> expected(
            TabletSchema schema, List<Tagged> log, List<Delete> deletes, long v) {
        List<Tagged> live = new ArrayList<>();
        for (Tagged t : log) {
            if (t.version > v) {
                continue;
            }
            boolean deleted = false;
            for (Delete d : deletes) {
                if (d.version > t.version && d.version <= v && d.matches.test(t.row)) {
                    deleted = true;
                }
            }
            if (!deleted) {
                live.add(t);
            }
        }
        List<List<Object>> out = new ArrayList<>();
        if (schema.keysType() == KeysType.DUP_KEYS) {
            for (Tagged t : live) {
                out.add(Arrays.asList(t.row));
            }
        } else {
            // group by key in log order
            java.util.LinkedHashMap<List<Object>, List<Object[]>> groups =
                    new java.util.LinkedHashMap<>();
            for (Tagged t : live) {
                groups.computeIfAbsent(List.of(t.row[0], t.row[1]), x -> new ArrayList<>())
                        .add(t.row);
            }
            for (List<Object[]> g : groups.values()) {
                Object[] r = schema.keysType() == KeysType.UNIQUE_KEYS ? unique(schema, g) : agg(g);
                if (r != null) {
                    out.add(Arrays.asList(r));
                }
            }
        }
        out.sort(ROW_ORDER);
        return out;
    }

    static Object[] unique(TabletSchema schema, List<Object[]> g) {
        Object[] best = null;
        int seq = schema.sequenceColumnIndex();
        for (Object[] r : g) {
            if (best == null || seq < 0 || cmpNullFirst((Long) r[seq], (Long) best[seq]) >= 0) {
                best = r;
            }
        }
        return ((Byte) best[5]) != 0 ? null : best;
    }

    static int cmpNullFirst(Long a, Long b) {
        if (a == null || b == null) {
            return a == b ? 0 : (a == null ? -1 : 1);
        }
        return Long.compare(a, b);
    }

    static Object[] agg(List<Object[]> g) {
        Object[] out = g.get(0).clone();
        Long sum = null;
        String rin = null;
        Integer mx = null;
        Integer mn = null;
        Integer rp = null;
        for (Object[] r : g) {
            if (r[2] != null) {
                sum = (sum == null ? 0 : sum) + (Long) r[2];
            }
            if (r[3] != null) {
                rin = (String) r[3];
            }
            if (r[4] != null) {
                mx = mx == null ? (Integer) r[4] : Math.max(mx, (Integer) r[4]);
            }
            if (r[5] != null) {
                mn = mn == null ? (Integer) r[5] : Math.min(mn, (Integer) r[5]);
            }
            rp = (Integer) r[6];
        }
        out[2] = sum;
        out[3] = rin;
        out[4] = mx;
        out[5] = mn;
        out[6] = rp;
        return out;
    }

    static boolean eq(Object a, Object b) {
        return Objects.equals(a, b);
    }
}
