package io.strata.engine.compaction;

import io.strata.engine.txn.TableState;
import io.strata.proto.olap.RowsetMetaPB;

import java.util.List;
import java.util.Optional;

/**
 * Chooses what to compact in one tablet, in Doris's manner. The tablet's oldest rowset is its base.
 * A DELETE predicate rowset above the base triggers base compaction of the prefix ending at it (the
 * predicate then applies to every older row, and deleted data leaves the disk). Cumulative
 * compaction merges a run of consecutive small rowsets above the base (no DELETE predicate rowset
 * inside: a predicate must keep hiding older rowsets outside the run), skipping leading rowsets
 * that already outweigh the rest of the run (outputs of earlier cumulative compactions, so data is
 * not rewritten on every round). When no such run exists, base compaction folds every rowset into
 * the base once enough of them (count, or bytes relative to the base) have piled up. At the soft
 * limit any run of two rowsets qualifies. Stateless and thread-safe.
 */
public final class CompactionPolicy {
    private final CompactionOptions options;

    public CompactionPolicy(CompactionOptions options) {
        this.options = options;
    }

    public CompactionOptions options() {
        return options;
    }

    /**
     * The tablet's compaction score (Doris: the rowsets a read has to merge), raised by the
     * tablet's rowset count once it reaches the soft limit so such tablets go first.
     */
    public long score(TableState.TabletState t) {
        int n = t.rowsets().size();
        return n >= options.softLimit() ? (long) n * 2 : n;
    }

    /** The compaction to run on {@code t}, if any. */
    public Optional<CompactionTask> pick(TableState.TabletState t) {
        return pick(t, false);
    }

    /**
     * {@link #pick(TableState.TabletState)}; {@code urgent} (the tablet is at its hard limit)
     * accepts any run of two rowsets and falls back to base compaction.
     */
    public Optional<CompactionTask> pick(TableState.TabletState t, boolean urgent) {
        List<RowsetMetaPB> rs = t.rowsets();
        int n = rs.size();
        if (n < 2) {
            return Optional.empty();
        }
        // A DELETE predicate above the base: fold everything up to it into the base, so the
        // predicate is applied and leaves the disk (cumulative compaction never may apply it).
        for (int k = n - 1; k >= 1; k--) {
            if (rs.get(k).hasDeletePredicate()) {
                return Optional.of(task(CompactionTask.Type.BASE, t, rs.subList(0, k + 1)));
            }
        }
        boolean pressed = urgent || n >= options.softLimit();
        int minRun = pressed ? 2 : options.cumulativeMinRowsets();
        int i = 1;
        while (i < n) {
            if (!small(rs.get(i))) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && small(rs.get(j)) && j - i < options.cumulativeMaxRowsets()) {
                j++;
            }
            int from = i;
            if (!pressed) {
                // Skip heads that outweigh everything after them in the run.
                long rest = 0;
                for (int k = from + 1; k < j; k++) {
                    rest += bytes(rs.get(k));
                }
                while (from < j - 1 && bytes(rs.get(from)) > rest) {
                    from++;
                    rest -= bytes(rs.get(from));
                }
            }
            if (j - from >= minRun) {
                return Optional.of(task(CompactionTask.Type.CUMULATIVE, t, rs.subList(from, j)));
            }
            i = j == i ? i + 1 : j;
        }
        int others = n - 1;
        long otherBytes = 0;
        for (int k = 1; k < n; k++) {
            otherBytes += bytes(rs.get(k));
        }
        boolean base =
                others >= options.baseMinRowsets()
                        || (others >= 2 && otherBytes >= options.baseSizeRatio() * bytes(rs.get(0)))
                        || pressed;
        if (base) {
            return Optional.of(task(CompactionTask.Type.BASE, t, rs));
        }
        return Optional.empty();
    }

    /** Cumulative candidates: below the promotion size and no DELETE predicate. */
    private boolean small(RowsetMetaPB r) {
        return !r.hasDeletePredicate() && bytes(r) < options.promotionBytes();
    }

    private static long bytes(RowsetMetaPB r) {
        return r.getTotalDiskSize();
    }

    private static CompactionTask task(
            CompactionTask.Type type, TableState.TabletState t, List<RowsetMetaPB> in) {
        return new CompactionTask(type, t.tabletId(), t.partitionId(), t.bucket(), in);
    }
}
