package io.strata.engine.compaction;

import io.strata.engine.table.Table;
import io.strata.engine.txn.TableState;
import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.strata.TabletRowsetsPB;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compacts ONE tablet in rounds without publishing anything (the unit of work of a dedicated
 * compaction job that publishes many tablets at once). Each round asks the {@link CompactionPolicy}
 * about the tablet as it would look with the earlier rounds' outputs in place of their inputs, so
 * later rounds may merge earlier outputs (cumulative compactions, then a base compaction). The
 * rounds collapse into one commit entry: it adds the outputs that are still needed and removes the
 * published rowsets they replace, so it publishes all-or-nothing (dropped as a whole when any of
 * those rowsets changed meanwhile). Intermediate outputs that a later round consumed were never
 * published and are deleted right away; on failure every output of this run is deleted.
 */
public final class TabletCompaction {
    /**
     * What {@link #run} produced for one tablet.
     *
     * @param entry the commit entry (for {@code TxnCommit.withCompactions}), or null when nothing
     *     qualified
     * @param rowsetsBefore live rowsets of the tablet in the state it started from
     * @param rowsetsAfter rowsets the tablet holds once the entry publishes (ignoring concurrent
     *     loads)
     */
    public record Outcome(
            long tabletId,
            TabletRowsetsPB entry,
            int rounds,
            int compactions,
            long bytesRead,
            long bytesWritten,
            int rowsetsBefore,
            int rowsetsAfter) {}

    private TabletCompaction() {}

    /**
     * Runs rounds until the policy finds nothing to do or {@code maxRounds} ran.
     *
     * @param full first round: base compaction of the whole tablet when it has two or more rowsets
     */
    public static Outcome run(
            Table table,
            TableState.TabletState tablet,
            CompactionPolicy policy,
            boolean full,
            int maxRounds)
            throws IOException {
        List<RowsetMetaPB> live = new ArrayList<>(tablet.rowsets());
        Set<String> published = new HashSet<>();
        for (RowsetMetaPB r : live) {
            published.add(r.getRowsetIdV2());
        }
        List<String> replaced = new ArrayList<>();
        List<RowsetMetaPB> outputs = new ArrayList<>();
        int rounds = 0;
        int compactions = 0;
        long read = 0;
        long written = 0;
        try {
            while (rounds < maxRounds) {
                TableState.TabletState view =
                        new TableState.TabletState(
                                tablet.tabletId(),
                                tablet.partitionId(),
                                tablet.bucket(),
                                List.copyOf(live));
                Optional<CompactionTask> task =
                        full && rounds == 0 && live.size() >= 2
                                ? Optional.of(
                                        new CompactionTask(
                                                CompactionTask.Type.BASE,
                                                tablet.tabletId(),
                                                tablet.partitionId(),
                                                tablet.bucket(),
                                                live))
                                : policy.pick(view);
                if (task.isEmpty()) {
                    break;
                }
                CompactionResult r = Compactor.compact(table, task.get(), policy.options());
                rounds++;
                compactions++;
                read += r.bytesRead();
                written += r.bytesWritten();
                Set<String> in = new HashSet<>();
                for (RowsetMetaPB i : task.get().inputs()) {
                    in.add(i.getRowsetIdV2());
                }
                live.removeIf(x -> in.contains(x.getRowsetIdV2()));
                live.add(r.output());
                // Age order, as TableState keeps it: an output never sorts after newer data.
                live.sort(Comparator.comparingLong(RowsetMetaPB::getStartVersion));
                // Record the output before deleting intermediates: a failure below still
                // finds every file of this run in `outputs`.
                outputs.add(r.output());
                for (RowsetMetaPB i : task.get().inputs()) {
                    if (published.contains(i.getRowsetIdV2())) {
                        replaced.add(i.getRowsetIdV2());
                    } else {
                        // An earlier round's output, never published: nobody else can see it.
                        outputs.removeIf(o -> o.getRowsetIdV2().equals(i.getRowsetIdV2()));
                        deleteQuietly(table, i);
                    }
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            for (RowsetMetaPB o : outputs) {
                deleteQuietly(table, o);
            }
            throw e;
        }
        TabletRowsetsPB entry = null;
        if (!outputs.isEmpty()) {
            entry =
                    TabletRowsetsPB.newBuilder()
                            .setTabletId(tablet.tabletId())
                            .setPartitionId(tablet.partitionId())
                            .setBucket(tablet.bucket())
                            .addAllAdded(outputs)
                            .addAllRemovedRowsetIds(replaced)
                            .build();
        }
        return new Outcome(
                tablet.tabletId(),
                entry,
                rounds,
                compactions,
                read,
                written,
                tablet.rowsets().size(),
                live.size());
    }

    /** Deletes the files of outputs that will never be published (best effort). */
    public static void abort(Table table, TabletRowsetsPB entry) {
        for (RowsetMetaPB o : entry.getAddedList()) {
            deleteQuietly(table, o);
        }
    }

    private static void deleteQuietly(Table table, RowsetMetaPB r) {
        try {
            table.deleteRowsetFiles(r);
        } catch (IOException e) {
            // left for OrphanCleaner
        }
    }
}
