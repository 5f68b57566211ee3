package io.strata.engine.memtable;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process-wide memtable budget (Doris {@code MemTableMemoryLimiter}). Consumers (delta writers)
 * report bytes as they insert and release them when a flush finishes. After each block a channel
 * calls {@link #enforce()}: while the total is over budget it asks the consumer with the largest
 * active memtable to flush, and waits for flushes to free memory. So usage exceeds the budget by at
 * most the block written since the last check. Thread-safe.
 */
public final class MemoryLimiter {
    /** What the limiter can see and ask of a writer. */
    public interface Consumer {
        /** Bytes of the memtable currently taking writes. */
        long activeBytes();

        /** Hands the active memtable to the flush pool (no backpressure wait). */
        void flushActive() throws IOException;
    }

    private final long budget;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong flushing = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong forcedFlushes = new AtomicLong();
    private final Set<Consumer> consumers = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();

    public MemoryLimiter(long budgetBytes) {
        this.budget = budgetBytes;
    }

    public long budget() {
        return budget;
    }

    /** Bytes held by all memtables (active and flushing). */
    public long used() {
        return used.get();
    }

    /** Highest {@link #used()} observed. */
    public long peak() {
        return peak.get();
    }

    /** Flushes forced by the budget. */
    public long forcedFlushes() {
        return forcedFlushes.get();
    }

    public void register(Consumer c) {
        consumers.add(c);
    }

    public void unregister(Consumer c) {
        consumers.remove(c);
    }

    /** Bytes of memtables handed to the flush pool and not yet released. */
    public long flushing() {
        return flushing.get();
    }

    /** A memtable grew by {@code bytes}. */
    public void add(long bytes) {
        long now = used.addAndGet(bytes);
        peak.accumulateAndGet(now, Math::max);
    }

    /** A memtable of {@code bytes} was handed to the flush pool. */
    public void flushStarted(long bytes) {
        flushing.addAndGet(bytes);
    }

    /** A flush (or a discard) released a memtable of {@code bytes}. */
    public void release(long bytes, boolean wasFlushing) {
        if (wasFlushing) {
            flushing.addAndGet(-bytes);
        }
        used.addAndGet(-bytes);
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /**
     * Brings usage back under budget: flushes the largest active memtable first, then waits for
     * running flushes. Must not be called while holding a consumer's lock.
     */
    public void enforce() throws IOException {
        while (used.get() > budget) {
            if (flushing.get() >= used.get() - budget) {
                // Flushes in flight will bring usage under budget: wait instead of flushing more.
                waitForRelease();
                continue;
            }
            Consumer largest = null;
            long largestBytes = 0;
            for (Consumer c : consumers) {
                long b = c.activeBytes();
                if (b > largestBytes) {
                    largestBytes = b;
                    largest = c;
                }
            }
            if (largest != null) {
                forcedFlushes.incrementAndGet();
                largest.flushActive();
                continue;
            }
            if (flushing.get() == 0) {
                // Nothing active and nothing flushing: the remaining bytes are not memtables we
                // can free (e.g. writers being closed); waiting would never end.
                return;
            }
            waitForRelease();
        }
    }

    private void waitForRelease() throws InterruptedIOException {
        synchronized (lock) {
            if (used.get() > budget) {
                try {
                    lock.wait(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for memory");
                }
            }
        }
    }
}
