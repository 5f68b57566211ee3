package io.strata.engine.table;

import io.strata.engine.memtable.FlushExecutor;
import io.strata.engine.memtable.MemoryLimiter;

/**
 * The per-process engine: one flush thread pool and one memory budget shared by every {@link
 * TabletsChannel} of the process (Doris's MemtableFlushExecutor + MemTableMemoryLimiter). Thread-
 * safe. Closing it stops the pool; channels must be closed first.
 */
public final class StorageEngine implements AutoCloseable {
    public static final long DEFAULT_MEMORY_BUDGET = 1L << 30;

    private final FlushExecutor flushExecutor;
    private final MemoryLimiter memoryLimiter;
    private final int compactionThreads;
    private java.util.concurrent.ExecutorService compactionPool;

    private StorageEngine(Builder b) {
        this.flushExecutor = new FlushExecutor(b.flushThreads);
        this.memoryLimiter = new MemoryLimiter(b.memoryBudgetBytes);
        this.compactionThreads = b.compactionThreads;
    }

    /**
     * The shared compaction pool (daemon threads, created on first use), separate from the flush
     * pool so compaction never delays memtable flushes.
     */
    public synchronized java.util.concurrent.ExecutorService compactionExecutor() {
        if (compactionPool == null) {
            java.util.concurrent.atomic.AtomicInteger n =
                    new java.util.concurrent.atomic.AtomicInteger();
            compactionPool =
                    java.util.concurrent.Executors.newFixedThreadPool(
                            compactionThreads,
                            r -> {
                                Thread t =
                                        new Thread(r, "strata-compaction-" + n.incrementAndGet());
                                t.setDaemon(true);
                                return t;
                            });
        }
        return compactionPool;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The shared flush pool. */
    public FlushExecutor flushExecutor() {
        return flushExecutor;
    }

    /** The shared memtable memory budget. */
    public MemoryLimiter memoryLimiter() {
        return memoryLimiter;
    }

    @Override
    public void close() {
        flushExecutor.close();
        synchronized (this) {
            if (compactionPool != null) {
                compactionPool.shutdownNow();
            }
        }
    }

    /** Builder of {@link StorageEngine}. */
    public static final class Builder {
        private int flushThreads =
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private long memoryBudgetBytes = DEFAULT_MEMORY_BUDGET;
        private int compactionThreads = 1;

        /** Threads of the compaction pool (default 1). */
        public Builder compactionThreads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("compactionThreads must be >= 1: " + n);
            }
            this.compactionThreads = n;
            return this;
        }

        /** Threads of the flush pool (default min(4, cores)). */
        public Builder flushThreads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("flushThreads must be >= 1: " + n);
            }
            this.flushThreads = n;
            return this;
        }

        /** Budget for all memtables of the process, in bytes (default 1 GiB). */
        public Builder memoryBudgetBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("memoryBudgetBytes must be > 0: " + bytes);
            }
            this.memoryBudgetBytes = bytes;
            return this;
        }

        public StorageEngine build() {
            return new StorageEngine(this);
        }
    }
}
