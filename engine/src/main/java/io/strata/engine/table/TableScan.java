package io.strata.engine.table;

import io.strata.engine.block.Block;
import io.strata.engine.read.ColumnPredicate;
import io.strata.engine.read.TabletReader;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.ReadStats;
import io.strata.engine.segment.SegmentReadOptions;
import io.strata.engine.tablet.RowFilter;
import io.strata.engine.txn.TableState;
import io.strata.engine.util.CloseableIterator;
import io.strata.proto.olap.RowsetMetaPB;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A read of a table at one version: optional projection (column names), filter (AND of predicates)
 * and stats sink. {@link #planSplits()} gives one {@link TabletSplit} per non-empty tablet for
 * parallel readers; {@link #open()} reads all tablets in tablet-id order. Keyed tables return each
 * tablet's rows in key order. A block returned by an iterator may be reused by its next call: copy
 * what must outlive it. Not thread-safe (a builder); the iterators it opens are independent.
 */
public final class TableScan {
    private final Table table;
    private long version = -1;
    private List<String> projection;
    private List<ColumnPredicate> filter = List.of();
    private ReadStats stats = new ReadStats();
    private int batchSize = SegmentReadOptions.DEFAULT_BATCH_SIZE;

    TableScan(Table table) {
        this.table = table;
    }

    /** Reads version {@code v} (default: the latest at planning time). */
    public TableScan version(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("version must be >= 0: " + v);
        }
        this.version = v;
        return this;
    }

    /** Columns to return, in this order (default: all). */
    public TableScan project(List<String> columns) {
        this.projection = List.copyOf(columns);
        return this;
    }

    /** Rows must satisfy every predicate. */
    public TableScan filter(List<ColumnPredicate> predicates) {
        this.filter = List.copyOf(predicates);
        return this;
    }

    public TableScan stats(ReadStats s) {
        this.stats = s;
        return this;
    }

    public TableScan batchSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("batch size must be >= 1");
        }
        this.batchSize = n;
        return this;
    }

    /** The version this scan reads (resolving "latest" now if not set). */
    public long resolvedVersion() throws IOException {
        if (version < 0) {
            version = table.latestVersion();
        }
        return version;
    }

    /** Schema indexes of the projected columns. */
    public int[] projectionIndexes() {
        TabletSchema s = table.schema();
        if (projection == null) {
            int[] all = new int[s.numColumns()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[projection.size()];
        for (int i = 0; i < out.length; i++) {
            int c = s.indexOf(projection.get(i));
            if (c < 0) {
                throw new IllegalArgumentException(
                        "no column named '" + projection.get(i) + "' in " + table.path());
            }
            out[i] = c;
        }
        return out;
    }

    /** One split per tablet holding rowsets at the version. */
    public List<TabletSplit> planSplits() throws IOException {
        long v = resolvedVersion();
        if (v > table.latestVersion()) {
            throw new IllegalArgumentException(
                    "version "
                            + v
                            + " is not published yet (latest "
                            + table.latestVersion()
                            + ")");
        }
        TableState s = table.state(v);
        List<TabletSplit> out = new ArrayList<>();
        for (TableState.TabletState t : s.tablets().values()) {
            if (t.rowsets().isEmpty()) {
                continue;
            }
            List<String> ids = new ArrayList<>();
            for (RowsetMetaPB r : t.rowsets()) {
                ids.add(r.getRowsetIdV2());
            }
            out.add(new TabletSplit(v, t.tabletId(), t.partitionId(), ids));
        }
        return out;
    }

    /** Reads every tablet at the version, tablet after tablet. */
    public CloseableIterator<Block> open() throws IOException {
        List<TabletSplit> splits = planSplits();
        RowFilter.bind(table.schema(), filter); // fail fast on bad predicates
        return new CloseableIterator<>() {
            private int i;
            private CloseableIterator<Block> cur;

            @Override
            public Block next() throws IOException {
                while (true) {
                    if (cur == null) {
                        if (i >= splits.size()) {
                            return null;
                        }
                        cur = open(splits.get(i++));
                    }
                    Block b = cur.next();
                    if (b != null) {
                        return b;
                    }
                    cur.close();
                    cur = null;
                }
            }

            @Override
            public void close() throws IOException {
                if (cur != null) {
                    cur.close();
                    cur = null;
                }
                i = splits.size();
            }
        };
    }

    /** Reads one split (its rowsets, resolved at the split's version). */
    public CloseableIterator<Block> open(TabletSplit split) throws IOException {
        TableState s = table.state(split.version());
        TableState.TabletState t = s.tablets().get(split.tabletId());
        Map<String, RowsetMetaPB> byId = new HashMap<>();
        if (t != null) {
            for (RowsetMetaPB r : t.rowsets()) {
                byId.put(r.getRowsetIdV2(), r);
            }
        }
        List<RowsetMetaPB> rowsets = new ArrayList<>();
        for (String id : split.rowsetIds()) {
            RowsetMetaPB r = byId.get(id);
            if (r == null) {
                throw new IOException(
                        "rowset "
                                + id
                                + " of tablet "
                                + split.tabletId()
                                + " is not live at version "
                                + split.version());
            }
            rowsets.add(r);
        }
        return TabletReader.open(
                table.tabletContext(), rowsets, projectionIndexes(), filter, stats, batchSize);
    }
}
