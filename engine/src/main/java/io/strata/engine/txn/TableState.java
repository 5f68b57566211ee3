package io.strata.engine.txn;

import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.strata.CheckpointPB;
import io.strata.proto.strata.LabelPB;
import io.strata.proto.strata.PartitionPB;
import io.strata.proto.strata.SnapshotPB;
import io.strata.proto.strata.TabletRowsetsPB;
import io.strata.proto.strata.VersionPB;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * The table as of one published version: per tablet its live rowsets (oldest version first), per
 * commit user its highest published checkpoint, the recent labels, and the known partitions.
 * Immutable: {@link #apply} returns a new state.
 */
public final class TableState {
    /** Labels remembered for idempotent publish (Doris also expires labels). */
    public static final int MAX_LABELS = 10_000;

    /** One tablet's live rowsets. */
    public record TabletState(
            long tabletId, long partitionId, int bucket, List<RowsetMetaPB> rowsets) {}

    private final long version;
    private final Map<Long, TabletState> tablets;
    private final Map<String, Long> checkpoints;
    private final LinkedHashMap<String, Long> labels;
    private final Map<Long, PartitionPB> partitions;

    private TableState(
            long version,
            Map<Long, TabletState> tablets,
            Map<String, Long> checkpoints,
            LinkedHashMap<String, Long> labels,
            Map<Long, PartitionPB> partitions) {
        this.version = version;
        this.tablets = tablets;
        this.checkpoints = checkpoints;
        this.labels = labels;
        this.partitions = partitions;
    }

    /** Version 0: nothing published. */
    public static TableState empty() {
        return new TableState(
                0, new TreeMap<>(), new TreeMap<>(), new LinkedHashMap<>(), new TreeMap<>());
    }

    public static TableState fromSnapshot(SnapshotPB s) {
        Map<Long, TabletState> t = new TreeMap<>();
        for (TabletRowsetsPB tr : s.getTabletsList()) {
            t.put(
                    tr.getTabletId(),
                    new TabletState(
                            tr.getTabletId(),
                            tr.getPartitionId(),
                            tr.getBucket(),
                            List.copyOf(tr.getAddedList())));
        }
        Map<String, Long> cps = new TreeMap<>();
        for (CheckpointPB c : s.getCheckpointsList()) {
            cps.put(c.getCommitUser(), c.getCheckpointId());
        }
        LinkedHashMap<String, Long> labels = new LinkedHashMap<>();
        for (LabelPB l : s.getLabelsList()) {
            labels.put(l.getLabel(), l.getVersion());
        }
        Map<Long, PartitionPB> parts = new TreeMap<>();
        for (PartitionPB p : s.getPartitionsList()) {
            parts.put(p.getPartitionId(), p);
        }
        return new TableState(s.getVersion(), t, cps, labels, parts);
    }

    /** The state after publishing {@code v} (whose number must be {@code version() + 1}). */
    public TableState apply(VersionPB v) {
        if (v.getVersion() != version + 1) {
            throw new IllegalStateException(
                    "version " + v.getVersion() + " cannot follow version " + version);
        }
        Map<Long, TabletState> t = new TreeMap<>(tablets);
        for (TabletRowsetsPB tr : v.getTabletsList()) {
            TabletState old = t.get(tr.getTabletId());
            List<RowsetMetaPB> rs = old == null ? new ArrayList<>() : new ArrayList<>(old.rowsets);
            if (tr.getRemovedRowsetIdsCount() > 0) {
                Set<String> removed = new HashSet<>(tr.getRemovedRowsetIdsList());
                rs.removeIf(r -> removed.contains(r.getRowsetIdV2()));
            }
            rs.addAll(tr.getAddedList());
            // Merge order is age order: keep rowsets sorted by start version (stable), so that a
            // rowset replacing older ones (compaction) never sorts after newer data.
            rs.sort(java.util.Comparator.comparingLong(RowsetMetaPB::getStartVersion));
            t.put(
                    tr.getTabletId(),
                    new TabletState(
                            tr.getTabletId(),
                            tr.getPartitionId(),
                            tr.getBucket(),
                            Collections.unmodifiableList(rs)));
        }
        Map<String, Long> cps = new TreeMap<>(checkpoints);
        for (CheckpointPB c : v.getCheckpointsList()) {
            cps.merge(c.getCommitUser(), c.getCheckpointId(), Math::max);
        }
        LinkedHashMap<String, Long> l = new LinkedHashMap<>(labels);
        if (v.hasLabel()) {
            l.put(v.getLabel(), v.getVersion());
            while (l.size() > MAX_LABELS) {
                l.remove(l.keySet().iterator().next());
            }
        }
        Map<Long, PartitionPB> parts = new TreeMap<>(partitions);
        for (PartitionPB p : v.getNewPartitionsList()) {
            parts.putIfAbsent(p.getPartitionId(), p);
        }
        return new TableState(v.getVersion(), t, cps, l, parts);
    }

    public SnapshotPB toSnapshot(long timestampMillis) {
        SnapshotPB.Builder b =
                SnapshotPB.newBuilder()
                        .setFormatVersion(VersionLog.FORMAT_VERSION)
                        .setVersion(version)
                        .setTimestampMs(timestampMillis);
        for (TabletState ts : tablets.values()) {
            b.addTablets(
                    TabletRowsetsPB.newBuilder()
                            .setTabletId(ts.tabletId())
                            .setPartitionId(ts.partitionId())
                            .setBucket(ts.bucket())
                            .addAllAdded(ts.rowsets()));
        }
        checkpoints.forEach(
                (u, c) ->
                        b.addCheckpoints(
                                CheckpointPB.newBuilder().setCommitUser(u).setCheckpointId(c)));
        labels.forEach((l, v) -> b.addLabels(LabelPB.newBuilder().setLabel(l).setVersion(v)));
        b.addAllPartitions(partitions.values());
        return b.build();
    }

    public long version() {
        return version;
    }

    /** Tablets by id (ascending). */
    public Map<Long, TabletState> tablets() {
        return Collections.unmodifiableMap(tablets);
    }

    public Map<String, Long> checkpoints() {
        return Collections.unmodifiableMap(checkpoints);
    }

    public Map<Long, PartitionPB> partitions() {
        return Collections.unmodifiableMap(partitions);
    }

    /** The version that published {@code label}, if it is among the recent labels. */
    public OptionalLong labelVersion(String label) {
        Long v = labels.get(label);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** True when the tablet holds a live rowset with this id. */
    public boolean hasRowset(long tabletId, String rowsetId) {
        TabletState t = tablets.get(tabletId);
        if (t == null) {
            return false;
        }
        for (RowsetMetaPB r : t.rowsets()) {
            if (r.getRowsetIdV2().equals(rowsetId)) {
                return true;
            }
        }
        return false;
    }

    /** Rows over all live rowsets (before merging). */
    public long numRows() {
        long n = 0;
        for (TabletState t : tablets.values()) {
            for (RowsetMetaPB r : t.rowsets()) {
                n += r.getNumRows();
            }
        }
        return n;
    }
}
