package io.strata.engine.compaction;

import io.strata.engine.table.Table;
import io.strata.engine.table.TxnCommit;
import io.strata.engine.txn.TableState;
import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.strata.TabletRowsetsPB;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Compaction of the tablets one writer owns, on a shared thread pool, driven by the writer's
 * checkpoints. {@link #onCheckpoint} hands back the results finished since the last call (they
 * travel with the checkpoint's commit and publish atomically with it), and schedules new work for
 * owned tablets at the latest version. It never waits for a running compaction, except for a tablet
 * whose rowset count (published, minus what handed results replace, plus this checkpoint's new
 * rowsets) would reach the hard limit: then it waits for (or runs) a compaction of that tablet, so
 * the write stalls instead of failing. While a tablet has a compaction running or handed but not
 * yet published, no other is started for it (no self-conflicts). Not thread-safe: one writer calls
 * it.
 *
 * <p>The hard limit holds for the published count, not only this writer's view of it:
 *
 * <ul>
 *   <li>rowsets this writer handed at earlier checkpoints that are not yet published (the committer
 *       publishes asynchronously, so checkpoint N+1 may be prepared before N is visible) still
 *       count until they appear ({@link #onCheckpoint(TxnCommit)} tracks them by rowset id);
 *   <li>{@code otherWriters} other writers may each add a rowset to an owned tablet in the same
 *       checkpoint (they publish in the same version, and only this writer compacts the tablet):
 *       that many rowsets of headroom are kept per checkpoint that may still publish together;
 *   <li>while earlier commits are unpublished, a result handed now is still unpublished at the next
 *       checkpoint, which then cannot compact the tablet again: the limit is checked one checkpoint
 *       ahead.
 * </ul>
 *
 * <p>Even so, with commits lagging by L checkpoints and A rowsets added to a tablet per checkpoint,
 * the limit must exceed about (L + 2) × A + 1 to be attainable.
 */
public final class BackgroundCompactor implements AutoCloseable {
    private final Table table;
    private final CompactionPolicy policy;
    private final ExecutorService pool;
    private final Predicate<TableState.TabletState> ownsTablet;
    private final int maxRunning;
    private final Map<Long, Future<CompactionResult>> running = new HashMap<>();
    private final Map<Long, CompactionResult> handed = new HashMap<>();
    private final Map<Long, java.util.concurrent.atomic.AtomicBoolean> claims = new HashMap<>();
    private final int otherWriters;

    /** Rowsets this writer's commits added that are not yet seen published, per tablet. */
    private final Map<Long, List<PendingAdd>> unpublished = new HashMap<>();

    private long checkpoints;

    /** A rowset added by the commit of checkpoint call {@code seq}, not yet seen published. */
    private record PendingAdd(String rowsetId, long seq) {}

    /**
     * Checkpoints after which an added rowset that never showed up is forgotten (it was published
     * and compacted away by someone else in between): keeps a lost entry from counting forever.
     */
    private static final int FORGET_AFTER = 16;

    private final AtomicLong bytesCompacted = new AtomicLong();
    private final AtomicLong compactionNanos = new AtomicLong();
    private final AtomicLong compactions = new AtomicLong();
    private volatile long maxScore;
    private volatile int maxRowsets;

    /**
     * @param ownsTablet which tablets this writer compacts (disjoint across writers)
     * @param maxRunning compactions of this writer running at once
     */
    public BackgroundCompactor(
            Table table,
            CompactionOptions options,
            ExecutorService pool,
            Predicate<TableState.TabletState> ownsTablet,
            int maxRunning) {
        this(table, options, pool, ownsTablet, maxRunning, 0);
    }

    /**
     * @param ownsTablet which tablets this writer compacts (disjoint across writers)
     * @param maxRunning compactions of this writer running at once
     * @param otherWriters how many other writers may add a rowset to a tablet this one owns in the
     *     same checkpoint (0 when every owned tablet is written only by this writer, e.g. {@code
     *     parallelism - 1} when rows of any tablet may reach any writer)
     */
    public BackgroundCompactor(
            Table table,
            CompactionOptions options,
            ExecutorService pool,
            Predicate<TableState.TabletState> ownsTablet,
            int maxRunning,
            int otherWriters) {
        if (otherWriters < 0) {
            throw new IllegalArgumentException("otherWriters must be >= 0: " + otherWriters);
        }
        this.otherWriters = otherWriters;
        this.table = table;
        this.policy = new CompactionPolicy(options);
        this.pool = pool;
        this.ownsTablet = ownsTablet;
        this.maxRunning = Math.max(1, maxRunning);
    }

    /**
     * At a checkpoint whose (not yet published) data commit is {@code dataCommit}: returns the
     * commit entries of finished compactions to publish with it. The commit's added rowsets count
     * against the hard limit until they are seen published.
     */
    public List<TabletRowsetsPB> onCheckpoint(TxnCommit dataCommit) throws IOException {
        Map<Long, Integer> added = new HashMap<>();
        List<TabletRowsetsPB> tablets = dataCommit.proto().getTabletsList();
        for (TabletRowsetsPB t : tablets) {
            added.merge(t.getTabletId(), t.getAddedCount(), Integer::sum);
        }
        List<TabletRowsetsPB> out = onCheckpoint(added);
        long seq = checkpoints; // onCheckpoint(Map) counted this call
        for (TabletRowsetsPB t : tablets) {
            for (RowsetMetaPB r : t.getAddedList()) {
                unpublished
                        .computeIfAbsent(t.getTabletId(), k -> new ArrayList<>())
                        .add(new PendingAdd(r.getRowsetIdV2(), seq));
            }
        }
        return out;
    }

    /**
     * At a checkpoint: returns the commit entries of finished compactions to publish with it.
     *
     * @param addedRowsets per tablet, rowsets this checkpoint's commit adds (for the hard limit)
     */
    public List<TabletRowsetsPB> onCheckpoint(Map<Long, Integer> addedRowsets) throws IOException {
        checkpoints++;
        TableState s = table.state(table.latestVersion());
        forgetSettled(s);
        // Earlier checkpoints whose data may still publish together with this one: each may carry
        // a rowset of every other writer too.
        long lagging = forgetPublished(s);
        int headroom = (int) Math.min(Integer.MAX_VALUE / 2, otherWriters * (1 + lagging));
        List<CompactionResult> ready = new ArrayList<>();
        collectFinished(ready, false);
        int hard = policy.options().hardLimit();
        long score = 0;
        int maxRs = 0;
        for (TableState.TabletState t : s.tablets().values()) {
            if (!ownsTablet.test(t)) {
                continue;
            }
            int added = addedRowsets.getOrDefault(t.tabletId(), 0);
            int extra = added + unpublished.getOrDefault(t.tabletId(), List.of()).size() + headroom;
            int count = effectiveCount(t, ready) + extra;
            // While commits lag, a result handed now is still unpublished at the next checkpoint,
            // which then cannot compact this tablet again: compact one checkpoint's worth early.
            int lookahead = lagging > 0 ? added + otherWriters : 0;
            if (count + lookahead >= hard) {
                CompactionResult r = waitOrRun(t);
                if (r != null) {
                    ready.add(r);
                    count = effectiveCount(t, ready) + extra;
                }
            }
            maxRs = Math.max(maxRs, count);
            score = Math.max(score, policy.score(t));
        }
        maxScore = score;
        maxRowsets = maxRs;
        schedule(s, ready);
        List<TabletRowsetsPB> out = new ArrayList<>();
        for (CompactionResult r : ready) {
            handed.put(r.task().tabletId(), r);
            out.add(r.commitEntry());
        }
        return out;
    }

    /** Rowsets of {@code t} once handed and ready results are published. */
    private int effectiveCount(TableState.TabletState t, List<CompactionResult> ready) {
        int n = t.rowsets().size();
        CompactionResult h = handed.get(t.tabletId());
        if (h != null) {
            n -= h.task().inputs().size() - 1;
        }
        for (CompactionResult r : ready) {
            if (r.task().tabletId() == t.tabletId()) {
                n -= r.task().inputs().size() - 1;
            }
        }
        return n;
    }

    /**
     * Drops added rowsets that are published (or too old to track); returns how many earlier
     * checkpoints still have unpublished rowsets.
     */
    private long forgetPublished(TableState s) {
        java.util.Set<Long> lagging = new java.util.HashSet<>();
        Iterator<Map.Entry<Long, List<PendingAdd>>> it = unpublished.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, List<PendingAdd>> e = it.next();
            long tablet = e.getKey();
            e.getValue()
                    .removeIf(
                            p ->
                                    s.hasRowset(tablet, p.rowsetId())
                                            || checkpoints - p.seq() > FORGET_AFTER);
            if (e.getValue().isEmpty()) {
                it.remove();
            } else {
                for (PendingAdd p : e.getValue()) {
                    lagging.add(p.seq());
                }
            }
        }
        return lagging.size();
    }

    /** Drops handed results that are published (output live) or lost (an input gone). */
    private void forgetSettled(TableState s) {
        Iterator<CompactionResult> it = handed.values().iterator();
        while (it.hasNext()) {
            CompactionResult r = it.next();
            long tablet = r.task().tabletId();
            boolean settled = s.hasRowset(tablet, r.output().getRowsetIdV2());
            for (RowsetMetaPB in : r.task().inputs()) {
                settled |= !s.hasRowset(tablet, in.getRowsetIdV2());
            }
            if (settled) {
                it.remove();
            }
        }
    }

    private void collectFinished(List<CompactionResult> into, boolean all) throws IOException {
        Iterator<Map.Entry<Long, Future<CompactionResult>>> it = running.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Future<CompactionResult>> e = it.next();
            Future<CompactionResult> f = e.getValue();
            if (!all && !f.isDone()) {
                continue;
            }
            it.remove();
            claims.remove(e.getKey());
            CompactionResult r = get(f);
            if (r != null) {
                record(r);
                into.add(r);
            }
        }
    }

    private void record(CompactionResult r) {
        compactions.incrementAndGet();
        bytesCompacted.addAndGet(r.bytesRead());
        compactionNanos.addAndGet(r.nanos());
    }

    /** The result, or null when the compaction failed (it deleted its files; retried later). */
    private static CompactionResult get(Future<CompactionResult> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for compaction");
        } catch (ExecutionException | CancellationException e) {
            return null;
        }
    }

    /** Hard limit reached: the running compaction of {@code t}, or one run right here. */
    private CompactionResult waitOrRun(TableState.TabletState t) throws IOException {
        Future<CompactionResult> f = running.remove(t.tabletId());
        java.util.concurrent.atomic.AtomicBoolean claim = claims.remove(t.tabletId());
        if (f != null && claim != null && claim.compareAndSet(false, true)) {
            f = null; // not started: run it here instead of waiting for the pool
        }
        if (f != null) {
            CompactionResult r = get(f);
            if (r != null) {
                record(r);
                return r;
            }
        }
        if (handed.containsKey(t.tabletId())) {
            // Its result publishes with an earlier checkpoint; the count already counts it.
            return null;
        }
        Optional<CompactionTask> task = policy.pick(t, true);
        if (task.isEmpty()) {
            return null;
        }
        CompactionResult r = Compactor.compact(table, task.get(), policy.options());
        record(r);
        return r;
    }

    private void schedule(TableState s, List<CompactionResult> ready) {
        List<TableState.TabletState> candidates = new ArrayList<>();
        for (TableState.TabletState t : s.tablets().values()) {
            long id = t.tabletId();
            if (ownsTablet.test(t)
                    && !running.containsKey(id)
                    && !handed.containsKey(id)
                    && ready.stream().noneMatch(r -> r.task().tabletId() == id)) {
                candidates.add(t);
            }
        }
        candidates.sort(Comparator.comparingLong((TableState.TabletState t) -> -policy.score(t)));
        for (TableState.TabletState t : candidates) {
            if (running.size() >= maxRunning) {
                break;
            }
            Optional<CompactionTask> task = policy.pick(t);
            if (task.isPresent()) {
                CompactionTask k = task.get();
                java.util.concurrent.atomic.AtomicBoolean claim =
                        new java.util.concurrent.atomic.AtomicBoolean();
                claims.put(t.tabletId(), claim);
                running.put(
                        t.tabletId(),
                        pool.submit(
                                () ->
                                        // Whoever claims first runs it: the pool, or a checkpoint
                                        // at the hard limit that cannot wait for a busy pool.
                                        claim.compareAndSet(false, true)
                                                ? Compactor.compact(table, k, policy.options())
                                                : null));
            }
        }
    }

    /** Highest compaction score over owned tablets at the last checkpoint. */
    public long maxScore() {
        return maxScore;
    }

    /** Highest (effective) rowset count of an owned tablet at the last checkpoint. */
    public int maxRowsetsPerTablet() {
        return maxRowsets;
    }

    /** Input bytes of finished compactions. */
    public long bytesCompacted() {
        return bytesCompacted.get();
    }

    /** Time spent in finished compactions, in nanoseconds. */
    public long compactionNanos() {
        return compactionNanos.get();
    }

    /** Finished compactions. */
    public long compactions() {
        return compactions.get();
    }

    /**
     * Stops without waiting: cancels pending and running compactions and deletes the outputs of
     * finished ones not yet handed out (never published). Handed results belong to their
     * checkpoint's commit.
     */
    @Override
    public void close() {
        List<CompactionResult> left = new ArrayList<>();
        for (Future<CompactionResult> f : running.values()) {
            // Not yet started: never runs. Running: interrupted; a failing compaction deletes
            // its own output, anything a crash leaves is the orphan cleaner's.
            f.cancel(true);
        }
        try {
            collectFinished(left, false);
        } catch (IOException e) {
            // interrupted: left for the orphan cleaner
        }
        running.clear();
        claims.clear();
        TableCompactor.abort(table, left);
    }
}
