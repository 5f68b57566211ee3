package io.strata.engine.tablet;

import io.strata.engine.block.Block;
import io.strata.engine.memtable.FlushToken;
import io.strata.engine.memtable.MemTable;
import io.strata.engine.memtable.MemoryLimiter;
import io.strata.engine.rowset.RowsetWriter;
import io.strata.proto.olap.RowsetMetaPB;

import java.io.IOException;

/**
 * Writes one rowset of one tablet for one transaction (Doris {@code DeltaWriter}): initialises
 * lazily at the first row, appends rows to the active memtable, hands a full memtable to the flush
 * pool and blocks while {@code flushRunningCountLimit} flushes are in flight (that is the
 * backpressure). {@link #close()} flushes the rest and returns the COMMITTED rowset meta; {@link
 * #cancel()} discards everything and deletes the files.
 *
 * <p>{@link #write} and {@link #close} are called by the owning channel's thread; {@link
 * #flushActive()} may be called by the memory limiter from any thread.
 */
public final class DeltaWriter implements MemoryLimiter.Consumer {
    private static final int INITIAL_CAPACITY = 256;

    private final TabletContext ctx;
    private final long tabletId;
    private final long partitionId;
    private final long memtableSize;
    private final long maxSegmentBytes;
    private final int flushLimit;
    private final FlushToken token;
    private final MemoryLimiter limiter;

    private RowsetWriter rowsetWriter;
    private MemTable active;
    private volatile long activeBytes;
    private long rowsWritten;
    private boolean closed;

    public DeltaWriter(
            TabletContext ctx,
            long tabletId,
            long partitionId,
            long memtableSize,
            long maxSegmentBytes,
            int flushLimit,
            FlushToken token,
            MemoryLimiter limiter) {
        this.ctx = ctx;
        this.tabletId = tabletId;
        this.partitionId = partitionId;
        this.memtableSize = memtableSize;
        this.maxSegmentBytes = maxSegmentBytes;
        this.flushLimit = flushLimit;
        this.token = token;
        this.limiter = limiter;
    }

    public long tabletId() {
        return tabletId;
    }

    public long partitionId() {
        return partitionId;
    }

    private void init() {
        rowsetWriter =
                new RowsetWriter(
                        ctx.io(),
                        ctx.tablePath(),
                        ctx.format(),
                        ctx.schema(),
                        ctx.schemaHash(),
                        tabletId,
                        partitionId,
                        maxSegmentBytes);
        active = new MemTable(ctx.schema(), INITIAL_CAPACITY);
        limiter.add(active.memoryBytes());
        activeBytes = active.memoryBytes();
        limiter.register(this);
    }

    /** Appends rows {@code rows[off..off+len)} of {@code block}; may block (backpressure). */
    public void write(Block block, int[] rows, int off, int len) throws IOException {
        token.awaitBelow(flushLimit);
        synchronized (this) {
            ensureOpen();
            long delta = active.insert(block, rows, off, len);
            afterInsert(delta, len);
        }
    }

    /** Appends rows {@code [start, start+len)} of {@code block}; may block (backpressure). */
    public void writeRange(Block block, int start, int len) throws IOException {
        token.awaitBelow(flushLimit);
        synchronized (this) {
            ensureOpen();
            long delta = active.insertRange(block, start, len);
            afterInsert(delta, len);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("delta writer of tablet " + tabletId + " is closed");
        }
        if (rowsetWriter == null) {
            init();
        }
    }

    private void afterInsert(long delta, int len) throws IOException {
        limiter.add(delta);
        activeBytes = active.memoryBytes();
        rowsWritten += len;
        if (active.dataBytes() >= memtableSize) {
            // A memtable that filled up predicts the next one's size: pre-size it so that its
            // vectors do not grow (and copy) from a small capacity again.
            submitFlushLocked(active.rows());
        }
    }

    private void submitFlushLocked() throws IOException {
        submitFlushLocked(INITIAL_CAPACITY);
    }

    private void submitFlushLocked(int nextCapacity) throws IOException {
        MemTable m = active;
        if (m == null || m.isEmpty()) {
            return;
        }
        active = new MemTable(ctx.schema(), nextCapacity);
        long bytes = m.memoryBytes();
        limiter.add(active.memoryBytes());
        activeBytes = active.memoryBytes();
        limiter.flushStarted(bytes);
        RowsetWriter rw = rowsetWriter;
        token.submit(
                () -> {
                    try {
                        rw.flush(m.toSortedBlock());
                    } finally {
                        limiter.release(bytes, true);
                    }
                });
    }

    @Override
    public long activeBytes() {
        MemTable m = active;
        return m == null || m.isEmpty() ? 0 : activeBytes;
    }

    @Override
    public synchronized void flushActive() throws IOException {
        if (!closed && active != null) {
            submitFlushLocked();
        }
    }

    /** Rows appended so far. */
    public synchronized long rowsWritten() {
        return rowsWritten;
    }

    /**
     * Flushes the rest, waits for every flush, and returns the COMMITTED rowset meta (null when
     * nothing was written). Durable, not yet visible.
     */
    public RowsetMetaPB close(long txnId) throws IOException {
        startClose();
        return finishClose(txnId);
    }

    /**
     * First half of {@link #close}: hands the last memtable to the flush pool without waiting, so a
     * channel can close all its writers in parallel.
     */
    public synchronized void startClose() throws IOException {
        if (closed) {
            throw new IllegalStateException("delta writer closed twice");
        }
        closed = true;
        if (rowsetWriter != null) {
            submitFlushLocked();
        }
    }

    /** Second half of {@link #close}: waits for the flushes and builds the rowset meta. */
    public RowsetMetaPB finishClose(long txnId) throws IOException {
        synchronized (this) {
            if (rowsetWriter == null) {
                return null;
            }
        }
        try {
            token.awaitAll();
        } finally {
            releaseActive();
        }
        return rowsetWriter.build(txnId);
    }

    /** Discards buffered rows, waits for running flushes, deletes the rowset's files. */
    public void cancel() throws IOException {
        synchronized (this) {
            closed = true;
        }
        token.awaitIdle();
        releaseActive();
        if (rowsetWriter != null) {
            rowsetWriter.abort();
        }
    }

    private synchronized void releaseActive() {
        if (active != null) {
            limiter.release(active.memoryBytes(), false);
            active = null;
            activeBytes = 0;
            limiter.unregister(this);
        }
    }

    /** Files written so far (segments). */
    public synchronized int numSegments() {
        return rowsetWriter == null ? 0 : rowsetWriter.numSegments();
    }

    public FlushToken token() {
        return token;
    }
}
