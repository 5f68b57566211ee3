package io.strata.engine.memtable;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * One writer's handle on the flush pool (Doris {@code FlushToken}): counts flushes submitted but
 * not finished, lets the writer wait below a limit (backpressure), runs tasks serially if asked,
 * and keeps the first failure, which every later call rethrows. Thread-safe.
 */
public final class FlushToken {
    /** A unit of flush work. */
    @FunctionalInterface
    public interface Task {
        void run() throws IOException;
    }

    private final Executor pool;
    private final boolean serial;
    private final ArrayDeque<Task> queue = new ArrayDeque<>();
    private boolean draining;
    private int running;
    private long flushCount;
    private long flushNanos;
    private IOException error;

    FlushToken(Executor pool, boolean serial) {
        this.pool = pool;
        this.serial = serial;
    }

    /** Submits a task; fails fast if an earlier task failed. */
    public synchronized void submit(Task task) throws IOException {
        checkError();
        running++;
        if (serial) {
            queue.add(task);
            if (!draining) {
                draining = true;
                pool.execute(this::drain);
            }
        } else {
            pool.execute(() -> runOne(task));
        }
    }

    private void drain() {
        while (true) {
            Task t;
            synchronized (this) {
                t = queue.poll();
                if (t == null) {
                    draining = false;
                    return;
                }
            }
            runOne(t);
        }
    }

    private void runOne(Task t) {
        long start = System.nanoTime();
        IOException failure = null;
        try {
            synchronized (this) {
                if (error != null) {
                    // An earlier flush failed: the rowset is lost anyway; skip the work.
                    failure = error;
                }
            }
            if (failure == null) {
                t.run();
            }
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException | Error e) {
            failure = new IOException("flush failed: " + e, e);
        }
        synchronized (this) {
            if (failure != null && error == null) {
                error = failure;
            }
            running--;
            flushCount++;
            flushNanos += System.nanoTime() - start;
            notifyAll();
        }
    }

    /** Flushes submitted and not yet finished. */
    public synchronized int running() {
        return running;
    }

    public synchronized long flushCount() {
        return flushCount;
    }

    public synchronized long flushNanos() {
        return flushNanos;
    }

    /** Blocks while {@code running() >= limit}; rethrows a flush failure. */
    public synchronized void awaitBelow(int limit) throws IOException {
        while (running >= limit && error == null) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for flushes");
            }
        }
        checkError();
    }

    /** Waits for every submitted task; rethrows a flush failure. */
    public void awaitAll() throws IOException {
        awaitIdle();
        checkError();
    }

    /** Waits for every submitted task, ignoring failures (used when cancelling). */
    public synchronized void awaitIdle() throws InterruptedIOException {
        while (running > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for flushes");
            }
        }
    }

    /** Rethrows the first flush failure, if any. */
    public synchronized void checkError() throws IOException {
        if (error != null) {
            throw new IOException("an earlier memtable flush failed: " + error.getMessage(), error);
        }
    }
}
