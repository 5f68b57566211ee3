package io.strata.connector.sink;

import io.strata.connector.fs.FlinkFileIO;
import io.strata.engine.io.FileIO;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableAlreadyExistsException;
import io.strata.engine.table.TableDescriptor;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds (or creates) the sink's table on a task manager. Serializable: it travels with the sink.
 * When a descriptor is given and the table exists, the stored descriptor must match it (keys type,
 * columns with types, nullability, key flags and aggregations, distribution, buckets, partition
 * columns); a mismatch is an error listing the differences. Concurrent creators are fine: a lost
 * create race opens the winner's table and checks it the same way.
 */
public final class TableResolver implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String tablePath;
    private final DescriptorSpec descriptor;
    private final boolean createIfMissing;

    public TableResolver(String tablePath, DescriptorSpec descriptor, boolean createIfMissing) {
        this.tablePath = tablePath;
        this.descriptor = descriptor;
        this.createIfMissing = createIfMissing;
    }

    public String tablePath() {
        return tablePath;
    }

    /** Opens the table, creating it if allowed and absent. The caller closes it. */
    public Table resolve() throws IOException {
        return resolve(FlinkFileIO.forPath(tablePath));
    }

    /** As {@link #resolve()}, over a given FileIO (tests). */
    public Table resolve(FileIO io) throws IOException {
        if (!Table.exists(io, tablePath)) {
            if (!createIfMissing) {
                throw new FileNotFoundException(
                        "Strata table "
                                + tablePath
                                + " does not exist (set createIfMissing to create it)");
            }
            try {
                return Table.create(io, tablePath, descriptor.toDescriptor());
            } catch (TableAlreadyExistsException e) {
                // Another subtask created it first: fall through to open and check.
            }
        }
        Table t = Table.open(io, tablePath);
        if (descriptor != null) {
            List<String> diff = differences(descriptor.toDescriptor(), t.descriptor());
            if (!diff.isEmpty()) {
                t.close();
                throw new IOException(
                        "Strata table "
                                + tablePath
                                + " exists with a different definition than the sink's: "
                                + String.join("; ", diff));
            }
        }
        return t;
    }

    /** The descriptor used for routing: the given one, else the stored one. */
    public TableDescriptor routingDescriptor() throws IOException {
        if (descriptor != null) {
            return descriptor.toDescriptor();
        }
        return openExisting(FlinkFileIO.forPath(tablePath), tablePath);
    }

    /** Reads the descriptor of an existing table. */
    public static TableDescriptor openExisting(FileIO io, String path) throws IOException {
        try (Table t = Table.open(io, path)) {
            return t.descriptor();
        }
    }

    /** Human-readable differences between an expected and an actual descriptor (empty: match). */
    public static List<String> differences(TableDescriptor expected, TableDescriptor actual) {
        List<String> out = new ArrayList<>();
        TabletSchema e = expected.schema();
        TabletSchema a = actual.schema();
        if (e.keysType() != a.keysType()) {
            out.add("keys type " + a.keysType() + " (expected " + e.keysType() + ")");
        }
        if (e.numColumns() != a.numColumns()) {
            out.add("columns " + names(a) + " (expected " + names(e) + ")");
        } else {
            for (int i = 0; i < e.numColumns(); i++) {
                Column ec = e.column(i);
                Column ac = a.column(i);
                if (!ec.name().equalsIgnoreCase(ac.name())
                        || !ec.type().equals(ac.type())
                        || ec.nullable() != ac.nullable()
                        || ec.isKey() != ac.isKey()
                        || ec.aggregation() != ac.aggregation()) {
                    out.add("column " + i + " is " + ac + " (expected " + ec + ")");
                }
            }
        }
        if (!lower(expected.distributionColumns()).equals(lower(actual.distributionColumns()))) {
            out.add(
                    "distribution "
                            + actual.distributionColumns()
                            + " (expected "
                            + expected.distributionColumns()
                            + ")");
        }
        if (expected.buckets() != actual.buckets()) {
            out.add("buckets " + actual.buckets() + " (expected " + expected.buckets() + ")");
        }
        if (!lower(expected.partitionColumns()).equals(lower(actual.partitionColumns()))) {
            out.add(
                    "partition columns "
                            + actual.partitionColumns()
                            + " (expected "
                            + expected.partitionColumns()
                            + ")");
        }
        return out;
    }

    private static List<String> names(TabletSchema s) {
        List<String> n = new ArrayList<>();
        for (Column c : s.columns()) {
            n.add(c.name());
        }
        return n;
    }

    private static List<String> lower(List<String> l) {
        List<String> r = new ArrayList<>();
        for (String s : l) {
            r.add(s.toLowerCase(Locale.ROOT));
        }
        return r;
    }
}
