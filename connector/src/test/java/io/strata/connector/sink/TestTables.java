package io.strata.connector.sink;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;
import io.strata.engine.util.CloseableIterator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Table definitions and read-back helpers shared by the sink tests. */
final class TestTables {
    private TestTables() {}

    static Column key(String n, FieldType t) {
        return Column.builder(n, DataType.of(t)).key(true).nullable(false).build();
    }

    static Column val(String n, DataType t, AggregationType agg) {
        return Column.builder(n, t).aggregation(agg).build();
    }

    /** DUP (k INT, p INT, v STRING) partitioned by p, distributed by k into 4 buckets. */
    static TableDescriptor dupPartitioned() {
        TabletSchema s =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(key("k", FieldType.INT))
                        .column(key("p", FieldType.INT))
                        .column(val("v", DataType.string(), AggregationType.NONE))
                        .build();
        return TableDescriptor.builder(s)
                .distribution(List.of("k"))
                .buckets(4)
                .partitionColumns(List.of("p"))
                .build();
    }

    /** DUP (k BIGINT, v STRING), RANDOM distribution, 4 buckets. */
    static TableDescriptor dupRandom() {
        TabletSchema s =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(key("k", FieldType.BIGINT))
                        .column(val("v", DataType.string(), AggregationType.NONE))
                        .build();
        return TableDescriptor.builder(s).distribution(List.of()).buckets(4).build();
    }

    /** UNIQUE (k INT, v BIGINT), distributed by k into 3 buckets. */
    static TableDescriptor unique() {
        TabletSchema s =
                TabletSchema.builder(KeysType.UNIQUE_KEYS)
                        .column(key("k", FieldType.INT))
                        .column(val("v", DataType.of(FieldType.BIGINT), AggregationType.REPLACE))
                        .build();
        return TableDescriptor.builder(s).distribution(List.of("k")).buckets(3).build();
    }

    /** UNIQUE (p INT, k INT, v BIGINT) partitioned by p, distributed by k into 3 buckets. */
    static TableDescriptor uniquePartitioned() {
        TabletSchema s =
                TabletSchema.builder(KeysType.UNIQUE_KEYS)
                        .column(key("p", FieldType.INT))
                        .column(key("k", FieldType.INT))
                        .column(val("v", DataType.of(FieldType.BIGINT), AggregationType.REPLACE))
                        .build();
        return TableDescriptor.builder(s)
                .distribution(List.of("k"))
                .buckets(3)
                .partitionColumns(List.of("p"))
                .build();
    }

    /** AGG (k INT, s BIGINT SUM, m BIGINT MAX), distributed by k into 2 buckets. */
    static TableDescriptor agg() {
        TabletSchema s =
                TabletSchema.builder(KeysType.AGG_KEYS)
                        .column(key("k", FieldType.INT))
                        .column(val("s", DataType.of(FieldType.BIGINT), AggregationType.SUM))
                        .column(val("m", DataType.of(FieldType.BIGINT), AggregationType.MAX))
                        .build();
        return TableDescriptor.builder(s).distribution(List.of("k")).buckets(2).build();
    }

    /** All visible rows of the latest version (hidden columns dropped). */
    static List<List<Object>> read(String path) throws IOException {
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            return read(t, -1);
        }
    }

    static List<List<Object>> read(Table t, long version) throws IOException {
        TabletSchema schema = t.schema();
        List<String> visible = new ArrayList<>();
        for (Column c : schema.columns()) {
            if (c.visible() && !c.isDeleteSign()) {
                visible.add(c.name());
            }
        }
        List<List<Object>> out = new ArrayList<>();
        var scan = t.newScan().project(visible);
        if (version >= 0) {
            scan = scan.version(version);
        }
        try (CloseableIterator<Block> it = scan.open()) {
            for (Block b = it.next(); b != null; b = it.next()) {
                for (List<Object> r : b.toRows()) {
                    out.add(new ArrayList<>(r));
                }
            }
        }
        return out;
    }

    static List<Object> row(Object... v) {
        return Arrays.asList(v);
    }
}
