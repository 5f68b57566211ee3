package io.strata.connector.sink;

import io.strata.connector.fs.FlinkFileIO;
import io.strata.engine.table.PublishResult;
import io.strata.engine.table.Table;
import io.strata.engine.table.TxnCommit;

import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkCommitterMetricGroup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * Publishes each checkpoint's {@link StrataCommittable} as one table version (Doris publish
 * version). Idempotent: a committable whose checkpoint is ≤ the table's last committed checkpoint
 * of its commit user, or whose label is already published, is signalled already committed, so
 * replays after a failover (restored committer state, batch committer restarts) never publish
 * twice. Requests are committed oldest checkpoint first. A failing publish is retried a few times
 * with a short pause, then fails the job (the committables stay in state and are retried after
 * restore).
 *
 * <p>Metrics: {@code versionsPublished}, {@code lastCommitDurationMs}, {@code
 * elapsedSecondsSinceLastSuccessfulCommit}.
 */
public final class StrataCommitter implements Committer<StrataCommittable> {
    private static final Logger LOG = LoggerFactory.getLogger(StrataCommitter.class);
    static final int MAX_RETRIES = 3;

    /**
     * Test hook run after a successful publish and before the request is marked done; a test sets
     * it to throw once to exercise the re-commit path. Null in production.
     */
    static volatile AfterPublishHook afterPublishHook;

    private final String tablePath;
    private Table table;
    private final Counter versionsPublished;
    private volatile long lastCommitDurationMs;
    private volatile long lastSuccessMillis = System.currentTimeMillis();

    /** INSERT OVERWRITE static partition spec; null = plain append publishes. */
    private final java.util.Map<String, String> overwritePartition;

    public StrataCommitter(String tablePath, SinkCommitterMetricGroup metrics) {
        this(tablePath, metrics, null);
    }

    public StrataCommitter(
            String tablePath,
            SinkCommitterMetricGroup metrics,
            java.util.Map<String, String> overwritePartition) {
        this.overwritePartition = overwritePartition;
        this.tablePath = tablePath;
        this.versionsPublished = metrics.counter("versionsPublished");
        metrics.gauge("lastCommitDurationMs", () -> lastCommitDurationMs);
        metrics.gauge(
                "elapsedSecondsSinceLastSuccessfulCommit",
                () -> (System.currentTimeMillis() - lastSuccessMillis) / 1000L);
    }

    private Table table() throws IOException {
        if (table == null) {
            table = Table.open(FlinkFileIO.forPath(tablePath), tablePath);
        }
        return table;
    }

    @Override
    public void commit(Collection<CommitRequest<StrataCommittable>> requests)
            throws IOException, InterruptedException {
        List<CommitRequest<StrataCommittable>> sorted = new ArrayList<>(requests);
        sorted.sort(Comparator.comparingLong(r -> r.getCommittable().checkpointId()));
        for (CommitRequest<StrataCommittable> r : sorted) {
            StrataCommittable c = r.getCommittable();
            try {
                commitOne(r, c);
            } catch (IOException e) {
                if (r.getNumberOfRetries() < MAX_RETRIES) {
                    LOG.warn("publish of {} to {} failed, retrying", c.label(), tablePath, e);
                    closeTable(); // re-open: the failure may have left a stale view
                    Thread.sleep(200L * (r.getNumberOfRetries() + 1));
                    r.retryLater();
                } else {
                    r.signalFailedWithUnknownReason(
                            new IOException(
                                    "cannot publish " + c.label() + " to Strata table " + tablePath,
                                    e));
                }
            }
        }
    }

    private void commitOne(CommitRequest<StrataCommittable> r, StrataCommittable c)
            throws IOException {
        long start = System.currentTimeMillis();
        Table t = table();
        OptionalLong last = t.lastCommittedCheckpoint(c.commitUser());
        if (last.isPresent() && c.checkpointId() <= last.getAsLong()) {
            LOG.info(
                    "{} already published to {} (last checkpoint of {} is {})",
                    c.label(),
                    tablePath,
                    c.commitUser(),
                    last.getAsLong());
            r.signalAlreadyCommitted();
            return;
        }
        TxnCommit commit = TxnCommit.fromBytes(c.txnCommit());
        PublishResult result =
                overwritePartition == null
                        ? t.publish(c.label(), commit, c.commitUser(), c.checkpointId())
                        : t.publishOverwrite(
                                c.label(),
                                commit,
                                c.commitUser(),
                                c.checkpointId(),
                                overwritePartition);
        AfterPublishHook hook = afterPublishHook;
        if (hook != null) {
            hook.afterPublish(c);
        }
        lastCommitDurationMs = System.currentTimeMillis() - start;
        lastSuccessMillis = System.currentTimeMillis();
        if (result.alreadyPublished()) {
            r.signalAlreadyCommitted();
        } else {
            versionsPublished.inc();
            LOG.info("published {} as version {} of {}", c.label(), result.version(), tablePath);
            if (!commit.compactions().isEmpty()) {
                // Compaction replaced files: expire versions beyond the retention so they go.
                try {
                    t.expireVersions();
                } catch (IOException | RuntimeException e) {
                    LOG.warn("expiring old versions of {} failed", tablePath, e);
                }
            }
        }
    }

    private void closeTable() {
        if (table != null) {
            try {
                table.close();
            } catch (Exception e) {
                LOG.debug("closing {} failed", tablePath, e);
            }
            table = null;
        }
    }

    @Override
    public void close() {
        closeTable();
    }

    /** See {@link #afterPublishHook}. */
    @FunctionalInterface
    interface AfterPublishHook {
        void afterPublish(StrataCommittable c);
    }
}
