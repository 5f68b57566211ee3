package io.strata.engine.memtable;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide memtable flush pool (Doris {@code MemTableFlushExecutor}): a fixed number of
 * daemon threads; writers submit work through their own {@link FlushToken}. Thread-safe.
 */
public final class FlushExecutor implements AutoCloseable {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final ExecutorService pool;
    private final int threads;

    public FlushExecutor(int threads) {
        this.threads = threads;
        int poolId = POOL_IDS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.pool =
                new ThreadPoolExecutor(
                        threads,
                        threads,
                        60,
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        r -> {
                            Thread t =
                                    new Thread(
                                            r,
                                            "strata-flush-" + poolId + "-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
    }

    public int threads() {
        return threads;
    }

    /**
     * A new token. A serial token runs its flushes one at a time in submission order (keyed tables:
     * a later segment must hold later data); a parallel one lets them run concurrently.
     */
    public FlushToken newToken(boolean serial) {
        return new FlushToken(pool, serial);
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
