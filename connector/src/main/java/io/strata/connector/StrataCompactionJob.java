package io.strata.connector;

import io.strata.connector.compaction.CompactedTablet;
import io.strata.connector.compaction.CompactionPublishOperator;
import io.strata.connector.compaction.TabletCompactFunction;
import io.strata.connector.fs.FlinkFileIO;
import io.strata.engine.compaction.TableCompactor;
import io.strata.engine.table.Table;
import io.strata.engine.txn.TableState;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Dedicated compaction of a Strata table as a Flink BATCH job, for tables written with {@code
 * sink.compaction = false} (the parallel counterpart of {@code bin/strata compact}, {@link
 * TableCompactor}).
 *
 * <p>Topology: the table's tablets (read when the job is built) are spread round-robin over {@code
 * parallelism} compaction subtasks; each compacts its tablets at the latest published version in
 * rounds (the table's {@code compaction.*} policy, until nothing qualifies; {@code full} starts
 * with a base compaction of every tablet) without publishing; ONE parallelism-1 operator then
 * publishes every result in a single version (label {@code compaction-<uuid>}), so readers see all
 * or none of the job's work, expires old versions and emits one {@link TableCompactor.Summary}.
 * Loads and DELETEs published by streaming jobs meanwhile are kept (a DELETE newer than a
 * compaction output still hides its rows); a tablet whose inputs another compaction replaced
 * meanwhile is dropped and its files deleted. All I/O goes through {@link FlinkFileIO}.
 */
public final class StrataCompactionJob {
    private final String tablePath;
    private final int parallelism;
    private final boolean full;
    private final int maxRounds;

    private StrataCompactionJob(Builder b) {
        this.tablePath = b.tablePath;
        this.parallelism = b.parallelism;
        this.full = b.full;
        this.maxRounds = b.maxRounds;
    }

    /** A builder for the table at {@code tablePath} (local path or Flink file system URI). */
    public static Builder builder(String tablePath) {
        return new Builder(tablePath);
    }

    /**
     * Adds the job to {@code env} (switching it to BATCH runtime mode) and returns the stream of
     * its one summary. The table must exist.
     */
    public DataStream<TableCompactor.Summary> build(StreamExecutionEnvironment env)
            throws IOException {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        List<Long> tablets = new ArrayList<>();
        try (Table t = Table.open(FlinkFileIO.forPath(tablePath), tablePath)) {
            TableState s = t.state(t.latestVersion());
            // Most rowsets first: round-robin then spreads the heavy tablets over the subtasks.
            s.tablets().values().stream()
                    .sorted((a, b) -> Integer.compare(b.rowsets().size(), a.rowsets().size()))
                    .forEach(ts -> tablets.add(ts.tabletId()));
        }
        int p = parallelism > 0 ? parallelism : env.getParallelism();
        long start = System.currentTimeMillis();
        String label = "compaction-" + UUID.randomUUID();
        if (tablets.isEmpty()) {
            tablets.add(-1L); // no such tablet: an empty result, so the publisher still runs
        }
        return env.fromData(tablets)
                .name("Strata tablets")
                .rebalance()
                .flatMap(new TabletCompactFunction(tablePath, full, maxRounds))
                .returns(TypeInformation.of(CompactedTablet.class))
                .name("Strata compaction")
                .setParallelism(Math.max(1, p))
                .global()
                .transform(
                        "Strata compaction publish",
                        TypeInformation.of(TableCompactor.Summary.class),
                        new CompactionPublishOperator(tablePath, label, start))
                .setParallelism(1)
                .setMaxParallelism(1);
    }

    /** Builds the job in {@code env}, runs it and returns its summary. */
    public TableCompactor.Summary run(StreamExecutionEnvironment env) throws Exception {
        DataStream<TableCompactor.Summary> s = build(env);
        try (CloseableIterator<TableCompactor.Summary> it =
                s.executeAndCollect("Strata compaction of " + tablePath)) {
            if (!it.hasNext()) {
                throw new IOException("compaction job of " + tablePath + " returned no summary");
            }
            return it.next();
        }
    }

    /** Settings of a {@link StrataCompactionJob}. */
    public static final class Builder {
        private final String tablePath;
        private int parallelism;
        private boolean full;
        private int maxRounds = 100;

        private Builder(String tablePath) {
            if (tablePath == null || tablePath.isEmpty()) {
                throw new IllegalArgumentException("tablePath must be set");
            }
            this.tablePath = tablePath;
        }

        /** Compaction subtasks (default: the environment's parallelism). */
        public Builder parallelism(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1: " + n);
            }
            this.parallelism = n;
            return this;
        }

        /** Start with a base compaction of every tablet holding two or more rowsets. */
        public Builder full(boolean full) {
            this.full = full;
            return this;
        }

        /** Most compaction rounds per tablet (default 100). */
        public Builder maxRounds(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxRounds must be >= 1: " + n);
            }
            this.maxRounds = n;
            return this;
        }

        public StrataCompactionJob build() {
            return new StrataCompactionJob(this);
        }
    }
}
