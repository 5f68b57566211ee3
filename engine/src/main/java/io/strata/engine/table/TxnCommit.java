package io.strata.engine.table;

import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.strata.PartitionPB;
import io.strata.proto.strata.TabletRowsetsPB;
import io.strata.proto.strata.TxnCommitPB;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The committed-but-invisible part of a transaction (Doris "commit txn"): per tablet the rowsets
 * one or many channels closed, plus the partitions they created. Immutable and serializable ({@link
 * #toBytes()} is a versioned protobuf), so it can travel as a Flink committable and be merged
 * across subtasks.
 */
public final class TxnCommit {
    /**
     * Format version written into every serialized commit; readers reject newer ones. Version 2
     * adds compaction results; a commit without any is still written as version 1, so readers of
     * version 1 keep reading what they understand.
     */
    public static final int FORMAT_VERSION = 1;

    /** Format version of a commit that carries compaction results. */
    public static final int FORMAT_VERSION_COMPACTION = 2;

    /** Newest format version this code reads. */
    public static final int MAX_FORMAT_VERSION = FORMAT_VERSION_COMPACTION;

    private static final TxnCommit EMPTY =
            new TxnCommit(TxnCommitPB.newBuilder().setFormatVersion(FORMAT_VERSION).build());

    private final TxnCommitPB pb;

    private TxnCommit(TxnCommitPB pb) {
        this.pb = pb;
    }

    /** The empty commit. */
    public static TxnCommit empty() {
        return EMPTY;
    }

    /** Wraps a proto (engine-internal use). */
    public static TxnCommit of(TxnCommitPB pb) {
        return new TxnCommit(pb);
    }

    /** The underlying proto. */
    public TxnCommitPB proto() {
        return pb;
    }

    public byte[] toBytes() {
        return pb.toByteArray();
    }

    /** Parses {@link #toBytes()} output; rejects unknown format versions and malformed bytes. */
    public static TxnCommit fromBytes(byte[] b) throws IOException {
        TxnCommitPB pb;
        try {
            pb = TxnCommitPB.parseFrom(b);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IOException(
                    "malformed TxnCommit (" + b.length + " bytes): " + e.getMessage(), e);
        }
        if (pb.getFormatVersion() > MAX_FORMAT_VERSION) {
            throw new IOException(
                    "TxnCommit format version "
                            + pb.getFormatVersion()
                            + " is newer than supported "
                            + MAX_FORMAT_VERSION);
        }
        return new TxnCommit(pb);
    }

    /** One commit holding every rowset and partition of the parts (tablets merged by id). */
    public static TxnCommit merge(List<TxnCommit> parts) {
        Map<Long, TabletRowsetsPB.Builder> tablets = new LinkedHashMap<>();
        Map<Long, PartitionPB> partitions = new LinkedHashMap<>();
        List<TabletRowsetsPB> compactions = new ArrayList<>();
        for (TxnCommit p : parts) {
            compactions.addAll(p.pb.getCompactionsList());
            for (TabletRowsetsPB t : p.pb.getTabletsList()) {
                TabletRowsetsPB.Builder b = tablets.get(t.getTabletId());
                if (b == null) {
                    tablets.put(t.getTabletId(), t.toBuilder());
                } else {
                    b.addAllAdded(t.getAddedList());
                    b.addAllRemovedRowsetIds(t.getRemovedRowsetIdsList());
                }
            }
            for (PartitionPB pp : p.pb.getPartitionsList()) {
                partitions.putIfAbsent(pp.getPartitionId(), pp);
            }
        }
        TxnCommitPB.Builder out = TxnCommitPB.newBuilder().setFormatVersion(FORMAT_VERSION);
        for (TabletRowsetsPB.Builder b : tablets.values()) {
            out.addTablets(b);
        }
        out.addAllPartitions(partitions.values());
        if (!compactions.isEmpty()) {
            out.setFormatVersion(FORMAT_VERSION_COMPACTION).addAllCompactions(compactions);
        }
        return new TxnCommit(out.build());
    }

    /**
     * This commit plus compaction results (each: one tablet, {@code added} = the output rowset with
     * its version range set, {@code removed_rowset_ids} = the inputs). Published in the same
     * version as the commit's rowsets; a result whose inputs are no longer all live is skipped.
     */
    public TxnCommit withCompactions(List<TabletRowsetsPB> results) {
        if (results.isEmpty()) {
            return this;
        }
        return new TxnCommit(
                pb.toBuilder()
                        .setFormatVersion(FORMAT_VERSION_COMPACTION)
                        .addAllCompactions(results)
                        .build());
    }

    /** The compaction results carried by this commit. */
    public List<TabletRowsetsPB> compactions() {
        return pb.getCompactionsList();
    }

    /** Output rowsets of the carried compaction results. */
    public List<RowsetMetaPB> compactionOutputs() {
        List<RowsetMetaPB> out = new ArrayList<>();
        for (TabletRowsetsPB t : pb.getCompactionsList()) {
            out.addAll(t.getAddedList());
        }
        return out;
    }

    /** True when no rowset was written and no compaction result is carried. */
    public boolean isEmpty() {
        return numRowsets() == 0 && pb.getCompactionsCount() == 0;
    }

    /** Rows over all rowsets. */
    public long numRows() {
        long n = 0;
        for (TabletRowsetsPB t : pb.getTabletsList()) {
            for (RowsetMetaPB r : t.getAddedList()) {
                n += r.getNumRows();
            }
        }
        return n;
    }

    public int numRowsets() {
        int n = 0;
        for (TabletRowsetsPB t : pb.getTabletsList()) {
            n += t.getAddedCount();
        }
        return n;
    }

    /** Every rowset of the commit. */
    public List<RowsetMetaPB> rowsets() {
        List<RowsetMetaPB> out = new ArrayList<>();
        for (TabletRowsetsPB t : pb.getTabletsList()) {
            out.addAll(t.getAddedList());
        }
        return out;
    }

    @Override
    public String toString() {
        return "TxnCommit{tablets="
                + pb.getTabletsCount()
                + ", rowsets="
                + numRowsets()
                + ", rows="
                + numRows()
                + ", compactions="
                + pb.getCompactionsCount()
                + "}";
    }
}
