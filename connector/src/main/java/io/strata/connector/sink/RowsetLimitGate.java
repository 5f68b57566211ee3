package io.strata.connector.sink;

import io.strata.engine.compaction.CompactionOptions;
import io.strata.engine.table.Table;
import io.strata.engine.table.TxnCommit;
import io.strata.engine.txn.TableState;
import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.strata.TabletRowsetsPB;
import io.strata.proto.strata.VersionPB;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rowset hard limit for a writer whose table is compacted externally ({@code sink.compaction =
 * false}): before a checkpoint's commit is handed on, every tablet it adds rowsets to must stay
 * within {@code compaction.max-rowsets-per-tablet} counting the published rowsets, this writer's
 * earlier commits not yet published, and the new ones. Otherwise the checkpoint waits (Doris fails
 * the load with -235; Strata waits): it polls the published state, logs a WARN naming the tablet,
 * and after {@code sink.compaction.wait-timeout} fails with an error naming the tablet, its rowset
 * count and the limit, and telling the user to run {@code bin/strata compact}. Earlier commits are
 * known published once a new version file adds their rowsets (versions are scanned once each).
 * Other writers of the same tablet in the same checkpoint are not counted (random distribution may
 * overshoot by parallelism − 1). Not thread-safe: one writer calls it.
 */
final class RowsetLimitGate {
    private static final Logger LOG = LoggerFactory.getLogger(RowsetLimitGate.class);

    private final Table table;
    private final String tablePath;
    private final int hardLimit;
    private final long timeoutMillis;
    private final long pollMillis;

    /** Rowsets this writer handed on that no scanned version has published yet, per tablet. */
    private final Map<Long, Set<String>> unpublished = new HashMap<>();

    /** Versions up to this one are scanned; -1 before the first check (nothing pending yet). */
    private long scannedVersion = -1;

    /** No I/O here: the writer's constructor must not fail after it acquired resources. */
    RowsetLimitGate(Table table, long timeoutMillis, long pollMillis) {
        this.table = table;
        this.tablePath = table.path();
        this.hardLimit =
                CompactionOptions.fromProperties(table.descriptor().properties()).hardLimit();
        this.timeoutMillis = timeoutMillis;
        this.pollMillis = pollMillis;
    }

    int hardLimit() {
        return hardLimit;
    }

    /**
     * Waits until {@code commit} fits under the hard limit of every tablet it writes, then records
     * its rowsets as pending publication.
     */
    void awaitRoom(TxnCommit commit) throws IOException {
        Map<Long, Integer> added = new TreeMap<>();
        for (TabletRowsetsPB t : commit.proto().getTabletsList()) {
            if (t.getAddedCount() > 0) {
                added.merge(t.getTabletId(), t.getAddedCount(), Integer::sum);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        Set<Long> warned = new HashSet<>();
        while (true) {
            TableState s = refresh();
            long worstTablet = -1;
            int worst = 0;
            for (Map.Entry<Long, Integer> e : added.entrySet()) {
                TableState.TabletState ts = s.tablets().get(e.getKey());
                Set<String> pending = unpublished.get(e.getKey());
                int published = ts == null ? 0 : ts.rowsets().size();
                int count = published + (pending == null ? 0 : pending.size()) + e.getValue();
                if (count > hardLimit && count > worst) {
                    worst = count;
                    worstTablet = e.getKey();
                }
            }
            if (worstTablet < 0) {
                break;
            }
            if (warned.add(worstTablet)) {
                LOG.warn(
                        "tablet {} of Strata table {} would hold {} rowsets, over the limit {} = {}"
                                + " (sink.compaction = false): the checkpoint waits up to {} ms"
                                + " for an external compaction (bin/strata compact {})",
                        worstTablet,
                        tablePath,
                        worst,
                        CompactionOptions.HARD_LIMIT,
                        hardLimit,
                        timeoutMillis,
                        tablePath);
            }
            if (System.currentTimeMillis() >= deadline) {
                throw new IOException(
                        "Strata table "
                                + tablePath
                                + ": tablet "
                                + worstTablet
                                + " would hold "
                                + worst
                                + " rowsets, over "
                                + CompactionOptions.HARD_LIMIT
                                + " = "
                                + hardLimit
                                + ", and no compaction made room within "
                                + timeoutMillis
                                + " ms. The job writes with sink.compaction = false: run"
                                + " 'bin/strata compact "
                                + tablePath
                                + "' (or StrataCompactionJob) regularly, or enable"
                                + " sink.compaction.");
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(
                        "interrupted while waiting for compaction of " + tablePath);
            }
        }
        for (TabletRowsetsPB t : commit.proto().getTabletsList()) {
            for (RowsetMetaPB r : t.getAddedList()) {
                unpublished
                        .computeIfAbsent(t.getTabletId(), k -> new HashSet<>())
                        .add(r.getRowsetIdV2());
            }
        }
    }

    /** Scans versions published since the last call, forgetting rowsets they published. */
    private TableState refresh() throws IOException {
        long latest = table.latestVersion();
        if (scannedVersion < 0) {
            scannedVersion = latest; // first check: this writer has handed nothing on yet
        }
        for (long v = scannedVersion + 1; v <= latest && !unpublished.isEmpty(); v++) {
            VersionPB pb;
            try {
                pb = table.versionLog().readVersion(v);
            } catch (FileNotFoundException e) {
                // Already expired: whatever it published is no longer countable; forget all
                // (under-counting only delays the wait, it never blocks forever).
                unpublished.clear();
                break;
            }
            for (TabletRowsetsPB t : pb.getTabletsList()) {
                Set<String> pending = unpublished.get(t.getTabletId());
                if (pending == null) {
                    continue;
                }
                for (RowsetMetaPB r : t.getAddedList()) {
                    pending.remove(r.getRowsetIdV2());
                }
                if (pending.isEmpty()) {
                    unpublished.remove(t.getTabletId());
                }
            }
        }
        scannedVersion = Math.max(scannedVersion, latest);
        return table.state(latest);
    }
}
