package io.strata.connector.sink;

import io.strata.connector.StrataSinkOptions;
import io.strata.engine.table.StorageEngine;

import java.util.HashMap;
import java.util.Map;

/**
 * One engine {@link StorageEngine} (flush pool + memory budget) per task manager JVM and
 * configuration, shared by all writer subtasks there, reference counted: the last {@link
 * Lease#close()} closes it. Keyed by (flush threads, memory budget) so sinks with different
 * settings get different engines.
 */
public final class SharedStorageEngines {
    private static final Map<String, Entry> ENGINES = new HashMap<>();

    private SharedStorageEngines() {}

    /** Acquires (creating if needed) the engine for these options. */
    public static synchronized Lease acquire(StrataSinkOptions options) {
        String key = options.flushThreads() + "/" + options.memoryBudgetBytes();
        Entry e = ENGINES.get(key);
        if (e == null) {
            StorageEngine engine =
                    StorageEngine.builder()
                            .flushThreads(options.flushThreads())
                            .memoryBudgetBytes(options.memoryBudgetBytes())
                            .build();
            e = new Entry(engine);
            ENGINES.put(key, e);
        }
        e.refs++;
        return new Lease(key, e.engine);
    }

    /** Number of live engines (tests). */
    static synchronized int liveEngines() {
        return ENGINES.size();
    }

    private static synchronized void release(String key, StorageEngine engine) {
        Entry e = ENGINES.get(key);
        if (e == null || e.engine != engine) {
            return;
        }
        if (--e.refs == 0) {
            ENGINES.remove(key);
            e.engine.close();
        }
    }

    private static final class Entry {
        final StorageEngine engine;
        int refs;

        Entry(StorageEngine engine) {
            this.engine = engine;
        }
    }

    /** A reference to a shared engine; close exactly once. */
    public static final class Lease implements AutoCloseable {
        private final String key;
        private final StorageEngine engine;
        private boolean closed;

        Lease(String key, StorageEngine engine) {
            this.key = key;
            this.engine = engine;
        }

        public StorageEngine engine() {
            return engine;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(key, engine);
            }
        }
    }
}
