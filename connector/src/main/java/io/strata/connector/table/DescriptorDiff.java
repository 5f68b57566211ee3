package io.strata.connector.table;

import io.strata.engine.schema.Column;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.table.TableDescriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lists the differences between the table a DDL describes and the table found on storage, in words
 * a user can act on ("column 'x': DDL INT, table BIGINT"). Hidden columns (the delete sign) and
 * column unique ids are ignored: they are storage details, not part of the DDL.
 */
public final class DescriptorDiff {
    private DescriptorDiff() {}

    /** Empty when the DDL matches the stored table. */
    public static List<String> diff(TableDescriptor ddl, TableDescriptor stored) {
        List<String> out = new ArrayList<>();
        TabletSchema a = ddl.schema();
        TabletSchema b = stored.schema();
        // Only properties the DDL sets are compared: a DDL that leaves them out takes the table's.
        for (Map.Entry<String, String> e : ddl.properties().entrySet()) {
            String have = stored.properties().get(e.getKey());
            if (!e.getValue().equals(have)) {
                out.add(
                        "table property '"
                                + e.getKey()
                                + "': DDL "
                                + e.getValue()
                                + ", table "
                                + (have == null ? "(unset)" : have));
            }
        }
        if (a.keysType() != b.keysType()) {
            out.add("keys type: DDL " + a.keysType() + ", table " + b.keysType());
        }
        List<Column> ca = visible(a);
        List<Column> cb = visible(b);
        List<String> na = names(ca);
        List<String> nb = names(cb);
        if (!na.equals(nb)) {
            out.add("columns (storage order, keys first): DDL " + na + ", table " + nb);
        } else {
            for (int i = 0; i < ca.size(); i++) {
                Column x = ca.get(i);
                Column y = cb.get(i);
                String n = x.name();
                if (!x.type().equals(y.type())) {
                    out.add("column '" + n + "': DDL type " + x.type() + ", table " + y.type());
                }
                if (x.nullable() != y.nullable()) {
                    out.add(
                            "column '"
                                    + n
                                    + "': DDL "
                                    + (x.nullable() ? "NULL" : "NOT NULL")
                                    + ", table "
                                    + (y.nullable() ? "NULL" : "NOT NULL"));
                }
                if (x.isKey() != y.isKey()) {
                    out.add(
                            "column '"
                                    + n
                                    + "': DDL "
                                    + (x.isKey() ? "key" : "value")
                                    + ", table "
                                    + (y.isKey() ? "key" : "value"));
                }
                if (a.keysType() == io.strata.engine.schema.KeysType.AGG_KEYS
                        && x.aggregation() != y.aggregation()) {
                    out.add(
                            "column '"
                                    + n
                                    + "': DDL aggregate "
                                    + x.aggregation()
                                    + ", table "
                                    + y.aggregation());
                }
                if (x.hasBloomFilter() != y.hasBloomFilter()) {
                    out.add(
                            "column '"
                                    + n
                                    + "': bloom filter DDL "
                                    + x.hasBloomFilter()
                                    + ", table "
                                    + y.hasBloomFilter());
                }
                if (x.hasBitmapIndex() != y.hasBitmapIndex()) {
                    out.add(
                            "column '"
                                    + n
                                    + "': bitmap index DDL "
                                    + x.hasBitmapIndex()
                                    + ", table "
                                    + y.hasBitmapIndex());
                }
            }
        }
        String sa = a.sequenceColumnIndex() < 0 ? null : a.column(a.sequenceColumnIndex()).name();
        String sb = b.sequenceColumnIndex() < 0 ? null : b.column(b.sequenceColumnIndex()).name();
        if (sa == null ? sb != null : !sa.equalsIgnoreCase(String.valueOf(sb))) {
            out.add("sequence column: DDL " + sa + ", table " + sb);
        }
        if (a.compression() != b.compression()) {
            out.add("compression: DDL " + a.compression() + ", table " + b.compression());
        }
        if (!lower(ddl.distributionColumns()).equals(lower(stored.distributionColumns()))) {
            out.add(
                    "distribution: DDL "
                            + dist(ddl.distributionColumns())
                            + ", table "
                            + dist(stored.distributionColumns()));
        }
        if (ddl.buckets() != stored.buckets()) {
            out.add("buckets: DDL " + ddl.buckets() + ", table " + stored.buckets());
        }
        if (!lower(ddl.partitionColumns()).equals(lower(stored.partitionColumns()))) {
            out.add(
                    "partition columns: DDL "
                            + ddl.partitionColumns()
                            + ", table "
                            + stored.partitionColumns());
        }
        return out;
    }

    private static String dist(List<String> cols) {
        return cols.isEmpty() ? "RANDOM" : "HASH" + cols;
    }

    private static List<Column> visible(TabletSchema s) {
        List<Column> out = new ArrayList<>();
        for (Column c : s.columns()) {
            if (c.visible() && !c.isDeleteSign()) {
                out.add(c);
            }
        }
        return out;
    }

    private static List<String> names(List<Column> cs) {
        List<String> out = new ArrayList<>();
        for (Column c : cs) {
            out.add(c.name().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static List<String> lower(List<String> l) {
        List<String> out = new ArrayList<>();
        for (String s : l) {
            out.add(s.toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
