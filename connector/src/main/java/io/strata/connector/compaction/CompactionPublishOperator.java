package io.strata.connector.compaction;

import io.strata.connector.fs.FlinkFileIO;
import io.strata.engine.compaction.TableCompactor;
import io.strata.engine.compaction.TabletCompaction;
import io.strata.engine.table.PublishResult;
import io.strata.engine.table.Table;
import io.strata.engine.table.TxnCommit;
import io.strata.engine.txn.TableState;
import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.strata.TabletRowsetsPB;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The single (parallelism 1) publisher of {@link io.strata.connector.StrataCompactionJob}: gathers
 * every subtask's per-tablet results and, at end of input, publishes them all in ONE table version
 * ({@code TxnCommit} compactions entries, the same commit path as writer-side compaction). A tablet
 * whose replaced rowsets changed meanwhile (another compaction, an overwrite) is dropped by publish
 * and its files deleted; loads and DELETEs published meanwhile stay. The label is fixed when the
 * job is built, so a re-run of this operator after a failure never publishes twice. Then old
 * versions expire and one {@link TableCompactor.Summary} is emitted (counting only results that
 * published).
 */
public class CompactionPublishOperator extends AbstractStreamOperator<TableCompactor.Summary>
        implements OneInputStreamOperator<CompactedTablet, TableCompactor.Summary>,
                BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CompactionPublishOperator.class);

    private final String tablePath;
    private final String label;
    private final long startMillis;
    private transient List<CompactedTablet> results;

    /**
     * @param label publish label (unique per job)
     * @param startMillis when the job was built, for the summary's duration
     */
    public CompactionPublishOperator(String tablePath, String label, long startMillis) {
        this.tablePath = tablePath;
        this.label = label;
        this.startMillis = startMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        results = new ArrayList<>();
    }

    @Override
    public void processElement(StreamRecord<CompactedTablet> element) {
        results.add(element.getValue());
    }

    @Override
    public void endInput() throws Exception {
        try (Table table = Table.open(FlinkFileIO.forPath(tablePath), tablePath)) {
            output.collect(new StreamRecord<>(publish(table, results, label, startMillis)));
        }
    }

    /** Publishes all results in one version labelled {@code label}; package-private for tests. */
    static TableCompactor.Summary publish(
            Table table, List<CompactedTablet> results, String label, long startMillis)
            throws IOException {
        String tablePath = table.path();
        int before = 0;
        List<TabletRowsetsPB> entries = new ArrayList<>();
        List<CompactedTablet> withEntry = new ArrayList<>();
        for (CompactedTablet r : results) {
            before = Math.max(before, r.rowsetsBefore);
            if (r.entry.length > 0) {
                entries.add(TabletRowsetsPB.parseFrom(r.entry));
                withEntry.add(r);
            }
        }
        int rounds = 0;
        int compactions = 0;
        long read = 0;
        long written = 0;
        if (!entries.isEmpty()) {
            TxnCommit commit = TxnCommit.empty().withCompactions(entries);
            PublishResult pr;
            try {
                pr = table.publish(label, commit, null, -1);
            } catch (IOException | RuntimeException e) {
                // The version may or may not exist: delete only outputs that are not live.
                try {
                    TableState now = table.state(table.latestVersion());
                    for (TabletRowsetsPB t : entries) {
                        if (!live(now, t)) {
                            TabletCompaction.abort(table, t);
                        }
                    }
                } catch (IOException | RuntimeException e2) {
                    e.addSuppressed(e2);
                }
                throw e;
            }
            TableState after = table.state(pr.version());
            int dropped = 0;
            for (int i = 0; i < entries.size(); i++) {
                CompactedTablet r = withEntry.get(i);
                if (live(after, entries.get(i))) {
                    rounds = Math.max(rounds, r.rounds);
                    compactions += r.compactions;
                    read += r.bytesRead;
                    written += r.bytesWritten;
                } else {
                    dropped++; // publish deleted its files
                }
            }
            LOG.info(
                    "published compaction of {} tablet(s) of {} as version {} ({}), {} dropped"
                            + " because their inputs changed",
                    entries.size() - dropped,
                    tablePath,
                    pr.version(),
                    label,
                    dropped);
        }
        table.expireVersions();
        int afterMax = TableCompactor.maxRowsets(table.state(table.latestVersion()));
        long nanos = (System.currentTimeMillis() - startMillis) * 1_000_000L;
        return new TableCompactor.Summary(
                rounds, compactions, read, written, nanos, before, afterMax);
    }

    /** True when every output of the entry is live (it published). */
    private static boolean live(TableState s, TabletRowsetsPB t) {
        for (RowsetMetaPB o : t.getAddedList()) {
            if (!s.hasRowset(t.getTabletId(), o.getRowsetIdV2())) {
                return false;
            }
        }
        return true;
    }
}
