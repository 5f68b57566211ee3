package io.strata.engine.compaction;

import io.strata.engine.table.PublishResult;
import io.strata.engine.table.Table;
import io.strata.engine.table.TxnCommit;
import io.strata.engine.txn.TableState;
import io.strata.proto.strata.TabletRowsetsPB;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Compacts a whole table in the calling thread (the {@code bin/strata compact} command, tables
 * written with {@code sink.compaction = false}, tests): each round picks at most one task per
 * tablet at the latest version, runs them, and publishes all results in ONE version (label {@code
 * compaction-<uuid>}); results whose inputs changed meanwhile are dropped and their files deleted.
 * Loads and DELETEs may publish concurrently. Then old versions expire ({@link
 * Table#expireVersions()}).
 */
public final class TableCompactor {
    /** What {@link #run} did. */
    public record Summary(
            int rounds,
            int compactions,
            long bytesRead,
            long bytesWritten,
            long nanos,
            int maxRowsetsBefore,
            int maxRowsetsAfter) {}

    private final Table table;
    private final CompactionPolicy policy;

    public TableCompactor(Table table) {
        this(table, CompactionOptions.fromProperties(table.descriptor().properties()));
    }

    public TableCompactor(Table table, CompactionOptions options) {
        this.table = table;
        this.policy = new CompactionPolicy(options);
    }

    public CompactionPolicy policy() {
        return policy;
    }

    /** The highest rowset count over the tablets of {@code s}. */
    public static int maxRowsets(TableState s) {
        int m = 0;
        for (TableState.TabletState t : s.tablets().values()) {
            m = Math.max(m, t.rowsets().size());
        }
        return m;
    }

    /**
     * One round; returns the results that were published (empty when nothing needed compaction).
     * {@code full} forces base compaction of every tablet with two or more rowsets.
     */
    public List<CompactionResult> runOnce(boolean full) throws IOException {
        TableState s = table.state(table.latestVersion());
        List<CompactionResult> results = new ArrayList<>();
        try {
            for (TableState.TabletState t : s.tablets().values()) {
                Optional<CompactionTask> task =
                        full && t.rowsets().size() >= 2
                                ? Optional.of(
                                        new CompactionTask(
                                                CompactionTask.Type.BASE,
                                                t.tabletId(),
                                                t.partitionId(),
                                                t.bucket(),
                                                t.rowsets()))
                                : policy.pick(t);
                if (task.isPresent()) {
                    results.add(Compactor.compact(table, task.get(), policy.options()));
                }
            }
        } catch (IOException | RuntimeException e) {
            abort(results);
            throw e;
        }
        if (results.isEmpty()) {
            return results;
        }
        List<TabletRowsetsPB> entries = new ArrayList<>();
        for (CompactionResult r : results) {
            entries.add(r.commitEntry());
        }
        TxnCommit commit = TxnCommit.empty().withCompactions(entries);
        try {
            PublishResult pr = table.publish("compaction-" + UUID.randomUUID(), commit, null, -1);
            // Keep only results that made it into the version (the rest were deleted by publish).
            TableState after = table.state(pr.version());
            results.removeIf(
                    r -> !after.hasRowset(r.task().tabletId(), r.output().getRowsetIdV2()));
        } catch (IOException | RuntimeException e) {
            // The version may or may not exist (a failure after the write took effect): only
            // delete outputs that are not live; the orphan cleaner handles a crash here.
            try {
                TableState now = table.state(table.latestVersion());
                List<CompactionResult> dead = new ArrayList<>();
                for (CompactionResult r : results) {
                    if (!now.hasRowset(r.task().tabletId(), r.output().getRowsetIdV2())) {
                        dead.add(r);
                    }
                }
                abort(dead);
            } catch (IOException | RuntimeException e2) {
                e.addSuppressed(e2);
            }
            throw e;
        }
        return results;
    }

    /** Rounds until nothing is left to compact (at most {@code maxRounds}), then expires. */
    public Summary run(boolean full, int maxRounds) throws IOException {
        long start = System.nanoTime();
        int before = maxRowsets(table.state(table.latestVersion()));
        int rounds = 0;
        int n = 0;
        long in = 0;
        long out = 0;
        while (rounds < maxRounds) {
            List<CompactionResult> rs = runOnce(full && rounds == 0);
            if (rs.isEmpty()) {
                break;
            }
            rounds++;
            for (CompactionResult r : rs) {
                n++;
                in += r.bytesRead();
                out += r.bytesWritten();
            }
        }
        table.expireVersions();
        int after = maxRowsets(table.state(table.latestVersion()));
        return new Summary(rounds, n, in, out, System.nanoTime() - start, before, after);
    }

    static void abort(Table table, List<CompactionResult> results) {
        for (CompactionResult r : results) {
            try {
                table.deleteRowsetFiles(r.output());
            } catch (IOException e) {
                // left for OrphanCleaner
            }
        }
    }

    private void abort(List<CompactionResult> results) {
        abort(table, results);
    }
}
