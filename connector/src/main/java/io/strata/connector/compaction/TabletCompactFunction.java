package io.strata.connector.compaction;

import io.strata.connector.fs.FlinkFileIO;
import io.strata.engine.compaction.CompactionOptions;
import io.strata.engine.compaction.CompactionPolicy;
import io.strata.engine.compaction.TabletCompaction;
import io.strata.engine.table.Table;
import io.strata.engine.txn.TableState;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compaction subtask of {@link io.strata.connector.StrataCompactionJob}: for each tablet id it
 * receives, compacts the tablet as it is in the latest published version, in rounds ({@link
 * TabletCompaction}), and emits the unpublished result. Nothing becomes visible here: the single
 * publishing operator publishes all tablets' results in one version. Tablets that no longer exist
 * (or hold fewer than two rowsets) yield an empty result.
 */
public class TabletCompactFunction extends RichFlatMapFunction<Long, CompactedTablet> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TabletCompactFunction.class);

    private final String tablePath;
    private final boolean full;
    private final int maxRounds;
    private transient Table table;
    private transient CompactionPolicy policy;

    public TabletCompactFunction(String tablePath, boolean full, int maxRounds) {
        this.tablePath = tablePath;
        this.full = full;
        this.maxRounds = maxRounds;
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        table = Table.open(FlinkFileIO.forPath(tablePath), tablePath);
        policy =
                new CompactionPolicy(
                        CompactionOptions.fromProperties(table.descriptor().properties()));
    }

    @Override
    public void flatMap(Long tabletId, Collector<CompactedTablet> out) throws Exception {
        // The latest state when this tablet's turn comes: loads published since the job started
        // are compacted too; anything published after this read simply stays for later.
        TableState s = table.state(table.latestVersion());
        TableState.TabletState t = s.tablets().get(tabletId);
        if (t == null) {
            CompactedTablet none = new CompactedTablet();
            none.tabletId = tabletId;
            out.collect(none);
            return;
        }
        long start = System.nanoTime();
        TabletCompaction.Outcome o = TabletCompaction.run(table, t, policy, full, maxRounds);
        LOG.info(
                "tablet {} of {}: {} compaction(s), {} -> {} rowsets, {} bytes read, {} ms",
                tabletId,
                tablePath,
                o.compactions(),
                o.rowsetsBefore(),
                o.rowsetsAfter(),
                o.bytesRead(),
                (System.nanoTime() - start) / 1_000_000);
        out.collect(CompactedTablet.of(o));
    }

    @Override
    public void close() throws Exception {
        if (table != null) {
            table.close();
        }
    }
}
