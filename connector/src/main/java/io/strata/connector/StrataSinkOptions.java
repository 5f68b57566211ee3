package io.strata.connector;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code sink.*} options of the Strata sink, parsed and validated once. Immutable and
 * serializable (it travels with the sink to the task managers). Unknown {@code sink.*} keys are
 * rejected so a typo never silently falls back to a default; other keys are ignored (the SQL
 * factory passes the whole table option map).
 *
 * <p>Sizes accept plain bytes or a unit suffix ({@code b, kb, mb, gb}, case-insensitive, binary
 * multiples: {@code 100mb} = 100 × 2^20).
 */
public final class StrataSinkOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String MEMTABLE_SIZE = "sink.memtable.size";
    public static final String MEMORY_BUDGET = "sink.memory.budget";
    public static final String FLUSH_THREADS = "sink.flush.threads";
    public static final String FLUSH_RUNNING_COUNT_LIMIT = "sink.flush.running-count-limit";
    public static final String BUFFER_ROWS = "sink.buffer-rows";
    public static final String STRICT = "sink.strict";
    public static final String MAX_FILTER_RATIO = "sink.max-filter-ratio";
    public static final String IGNORE_DELETE = "sink.ignore-delete";

    /**
     * Writers compact the tablets they own in the background, results publishing with the next
     * checkpoint (default true); off: run {@code bin/strata compact} instead.
     */
    public static final String COMPACTION = "sink.compaction";

    /**
     * With {@code sink.compaction = false}: how long a checkpoint waits for an external compaction
     * when a tablet would exceed {@code compaction.max-rowsets-per-tablet}, before the job fails.
     */
    public static final String COMPACTION_WAIT_TIMEOUT = "sink.compaction.wait-timeout";

    public static final java.time.Duration DEFAULT_COMPACTION_WAIT_TIMEOUT =
            java.time.Duration.ofMinutes(5);

    public static final long DEFAULT_MEMTABLE_SIZE = 100L << 20;

    /** Default process-wide memtable budget: a quarter of the max heap, at least 64 MB. */
    public static final long DEFAULT_MEMORY_BUDGET =
            Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 4);

    public static final int DEFAULT_FLUSH_THREADS = 2;
    public static final int DEFAULT_FLUSH_RUNNING_COUNT_LIMIT = 2;
    public static final int DEFAULT_BUFFER_ROWS = 4096;

    private static final java.util.Set<String> KNOWN =
            java.util.Set.of(
                    MEMTABLE_SIZE,
                    MEMORY_BUDGET,
                    FLUSH_THREADS,
                    FLUSH_RUNNING_COUNT_LIMIT,
                    BUFFER_ROWS,
                    STRICT,
                    MAX_FILTER_RATIO,
                    IGNORE_DELETE,
                    COMPACTION,
                    COMPACTION_WAIT_TIMEOUT);

    private final long memtableSizeBytes;
    private final long memoryBudgetBytes;
    private final int flushThreads;
    private final int flushRunningCountLimit;
    private final int bufferRows;
    private final boolean strict;
    private final double maxFilterRatio;
    private final boolean ignoreDelete;
    private final boolean compaction;
    private final java.time.Duration compactionWaitTimeout;
    private final Map<String, String> raw;

    private StrataSinkOptions(Map<String, String> options) {
        for (String k : options.keySet()) {
            if (k.startsWith("sink.") && !KNOWN.contains(k) && !k.startsWith("sink.parallelism")) {
                throw new IllegalArgumentException(
                        "unknown sink option '"
                                + k
                                + "'; known options: "
                                + new java.util.TreeSet<>(KNOWN));
            }
        }
        this.raw = Map.copyOf(options);
        this.memtableSizeBytes = size(options, MEMTABLE_SIZE, DEFAULT_MEMTABLE_SIZE);
        this.memoryBudgetBytes = size(options, MEMORY_BUDGET, DEFAULT_MEMORY_BUDGET);
        this.flushThreads = positiveInt(options, FLUSH_THREADS, DEFAULT_FLUSH_THREADS);
        this.flushRunningCountLimit =
                positiveInt(options, FLUSH_RUNNING_COUNT_LIMIT, DEFAULT_FLUSH_RUNNING_COUNT_LIMIT);
        this.bufferRows = positiveInt(options, BUFFER_ROWS, DEFAULT_BUFFER_ROWS);
        this.strict = bool(options, STRICT, true);
        this.ignoreDelete = bool(options, IGNORE_DELETE, false);
        this.compaction = bool(options, COMPACTION, true);
        this.compactionWaitTimeout =
                duration(options, COMPACTION_WAIT_TIMEOUT, DEFAULT_COMPACTION_WAIT_TIMEOUT);
        String r = options.get(MAX_FILTER_RATIO);
        double ratio = 0;
        if (r != null) {
            try {
                ratio = Double.parseDouble(r.trim());
            } catch (NumberFormatException e) {
                throw bad(MAX_FILTER_RATIO, r, "a number between 0 and 1");
            }
            if (!(ratio >= 0 && ratio <= 1)) {
                throw bad(MAX_FILTER_RATIO, r, "a number between 0 and 1");
            }
        }
        this.maxFilterRatio = ratio;
    }

    /** Parses and validates; throws {@link IllegalArgumentException} naming the key and value. */
    public static StrataSinkOptions fromMap(Map<String, String> options) {
        return new StrataSinkOptions(options == null ? Map.of() : options);
    }

    /** All defaults. */
    public static StrataSinkOptions defaults() {
        return fromMap(Map.of());
    }

    public long memtableSizeBytes() {
        return memtableSizeBytes;
    }

    public long memoryBudgetBytes() {
        return memoryBudgetBytes;
    }

    public int flushThreads() {
        return flushThreads;
    }

    public int flushRunningCountLimit() {
        return flushRunningCountLimit;
    }

    public int bufferRows() {
        return bufferRows;
    }

    public boolean strict() {
        return strict;
    }

    public double maxFilterRatio() {
        return maxFilterRatio;
    }

    public boolean ignoreDelete() {
        return ignoreDelete;
    }

    /** {@link #COMPACTION}. */
    public boolean compaction() {
        return compaction;
    }

    /** {@link #COMPACTION_WAIT_TIMEOUT}. */
    public java.time.Duration compactionWaitTimeout() {
        return compactionWaitTimeout;
    }

    /** The options as given (for diagnostics and for keys the sink passes through). */
    public Map<String, String> toMap() {
        return new HashMap<>(raw);
    }

    /** Parses {@code 123}, {@code 64kb}, {@code 100mb}, {@code 2gb} (binary multiples). */
    public static long parseSize(String key, String value) {
        String s = value.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        long mult = 1;
        String num = s;
        if (s.endsWith("kb") || s.endsWith("k")) {
            mult = 1L << 10;
            num = s.substring(0, s.length() - (s.endsWith("kb") ? 2 : 1));
        } else if (s.endsWith("mb") || s.endsWith("m")) {
            mult = 1L << 20;
            num = s.substring(0, s.length() - (s.endsWith("mb") ? 2 : 1));
        } else if (s.endsWith("gb") || s.endsWith("g")) {
            mult = 1L << 30;
            num = s.substring(0, s.length() - (s.endsWith("gb") ? 2 : 1));
        } else if (s.endsWith("b")) {
            num = s.substring(0, s.length() - 1);
        }
        try {
            long n = Long.parseLong(num);
            if (n <= 0 || n > Long.MAX_VALUE / mult) {
                throw bad(key, value, "a positive size such as 64mb");
            }
            return n * mult;
        } catch (NumberFormatException e) {
            throw bad(key, value, "a positive size such as 64mb");
        }
    }

    private static long size(Map<String, String> o, String key, long def) {
        String v = o.get(key);
        return v == null ? def : parseSize(key, v);
    }

    private static int positiveInt(Map<String, String> o, String key, int def) {
        String v = o.get(key);
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n <= 0) {
                throw bad(key, v, "a positive integer");
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(key, v, "a positive integer");
        }
    }

    private static java.time.Duration duration(
            Map<String, String> o, String key, java.time.Duration def) {
        String v = o.get(key);
        if (v == null) {
            return def;
        }
        java.time.Duration d;
        try {
            d = org.apache.flink.util.TimeUtils.parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw bad(key, v, "a positive duration such as 30 s or 5 min");
        }
        if (d.isNegative() || d.isZero()) {
            throw bad(key, v, "a positive duration such as 30 s or 5 min");
        }
        return d;
    }

    private static boolean bool(Map<String, String> o, String key, boolean def) {
        String v = o.get(key);
        if (v == null) {
            return def;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw bad(key, v, "true or false");
        }
    }

    private static IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException(
                "invalid value '" + value + "' for option '" + key + "': expected " + expected);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StrataSinkOptions && ((StrataSinkOptions) o).raw.equals(raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(raw);
    }

    @Override
    public String toString() {
        return "StrataSinkOptions" + raw;
    }
}
