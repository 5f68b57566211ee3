package io.strata.connector.source;

import io.strata.engine.schema.KeysType;
import io.strata.engine.table.Table;
import io.strata.engine.table.TabletSplit;
import io.strata.engine.txn.TableState;
import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.strata.PartitionPB;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans the splits of a read: one per non-empty tablet, and for DUP_KEYS tables one per group of
 * rowsets of about {@code targetRows} rows (each group carries the tablet's DELETE rowsets too, so
 * delete predicates still apply), so a large tablet reads in parallel. UNIQUE/AGG tablets stay
 * whole: their rowsets must be merged by key. Partition pruning drops tablets of partitions not in
 * the allowed set.
 */
public final class SplitPlanner {
    /** Partition value text Flink uses for a NULL partition value. */
    public static final String NULL_PARTITION = "__DEFAULT_PARTITION__";

    private SplitPlanner() {}

    /** Every partition of the table at the version, as column name → value text. */
    public static List<Map<String, String>> partitions(Table table, long version)
            throws IOException {
        List<String> cols = table.descriptor().partitionColumns();
        List<Map<String, String>> out = new ArrayList<>();
        if (cols.isEmpty() || version == 0) {
            return out;
        }
        for (PartitionPB p : table.state(version).partitions().values()) {
            out.add(spec(cols, p));
        }
        return out;
    }

    static Map<String, String> spec(List<String> cols, PartitionPB p) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < cols.size(); i++) {
            boolean isNull = i < p.getIsNullCount() && p.getIsNull(i);
            m.put(cols.get(i), isNull || i >= p.getValuesCount() ? NULL_PARTITION : p.getValues(i));
        }
        return m;
    }

    /**
     * The splits of {@code table} at {@code version}; {@code allowedPartitions} null = all. Split
     * ids are unique within the plan.
     */
    public static List<StrataSourceSplit> plan(
            Table table, long version, List<Map<String, String>> allowedPartitions, long targetRows)
            throws IOException {
        List<StrataSourceSplit> out = new ArrayList<>();
        if (version == 0) {
            return out;
        }
        TableState state = table.state(version);
        Set<Long> allowed = null;
        if (allowedPartitions != null && !table.descriptor().partitionColumns().isEmpty()) {
            Set<Map<String, String>> want = new HashSet<>(allowedPartitions);
            allowed = new HashSet<>();
            List<String> cols = table.descriptor().partitionColumns();
            for (PartitionPB p : state.partitions().values()) {
                if (want.contains(spec(cols, p))) {
                    allowed.add(p.getPartitionId());
                }
            }
        }
        boolean dup = table.schema().keysType() == KeysType.DUP_KEYS;
        for (TableState.TabletState t : state.tablets().values()) {
            if (allowed != null && !allowed.contains(t.partitionId())) {
                continue;
            }
            List<RowsetMetaPB> data = new ArrayList<>();
            List<String> deletes = new ArrayList<>();
            for (RowsetMetaPB r : t.rowsets()) {
                if (r.getNumSegments() > 0) {
                    data.add(r);
                }
                if (r.getDeleteFlag()) {
                    deletes.add(r.getRowsetIdV2());
                }
            }
            if (data.isEmpty()) {
                continue;
            }
            if (!dup) {
                List<String> ids = new ArrayList<>();
                for (RowsetMetaPB r : t.rowsets()) {
                    ids.add(r.getRowsetIdV2());
                }
                add(out, version, t, ids);
                continue;
            }
            List<String> group = new ArrayList<>();
            long rows = 0;
            for (RowsetMetaPB r : data) {
                group.add(r.getRowsetIdV2());
                rows += r.getNumRows();
                if (rows >= targetRows) {
                    add(out, version, t, withDeletes(group, deletes));
                    group = new ArrayList<>();
                    rows = 0;
                }
            }
            if (!group.isEmpty()) {
                add(out, version, t, withDeletes(group, deletes));
            }
        }
        return out;
    }

    private static List<String> withDeletes(List<String> group, List<String> deletes) {
        List<String> ids = new ArrayList<>(group);
        for (String d : deletes) {
            if (!ids.contains(d)) {
                ids.add(d);
            }
        }
        return ids;
    }

    private static void add(
            List<StrataSourceSplit> out, long version, TableState.TabletState t, List<String> ids) {
        String id = t.tabletId() + "-" + version + "-" + out.size();
        out.add(
                new StrataSourceSplit(
                        id, new TabletSplit(version, t.tabletId(), t.partitionId(), ids), 0));
    }
}
