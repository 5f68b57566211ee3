package io.strata.engine.compaction;

import java.util.Map;

/**
 * Compaction settings of a table, read from its {@code compaction.*} properties (Doris's
 * cumulative/base compaction knobs). Immutable; every value is validated when parsed, a bad one is
 * an error naming the property and the value.
 *
 * @param cumulativeMinRowsets a run of at least this many small rowsets triggers cumulative
 *     compaction ({@code compaction.cumulative.min-rowsets}, default 5)
 * @param cumulativeMaxRowsets at most this many rowsets per cumulative compaction ({@code
 *     compaction.cumulative.max-rowsets}, default 200)
 * @param promotionBytes rowsets at least this large are not merged by cumulative compaction any
 *     more, only by base compaction ({@code compaction.cumulative.promotion-bytes}, default 64 MiB)
 * @param baseMinRowsets base compaction runs when at least this many rowsets sit on top of the base
 *     rowset ({@code compaction.base.min-rowsets}, default 5)
 * @param baseSizeRatio ... or when they hold at least this fraction of the base rowset's bytes
 *     ({@code compaction.base.size-ratio}, default 0.3)
 * @param softLimit rowsets per tablet from which compaction takes any run of two or more rowsets
 *     and the tablet goes first ({@code compaction.soft-limit}, default 500)
 * @param hardLimit rowsets per tablet at which writes to the tablet wait for compaction ({@code
 *     compaction.max-rowsets-per-tablet}, default 2000)
 * @param maxSegmentBytes segment size cut of compaction output ({@code compaction.segment-bytes},
 *     default 256 MiB)
 */
public record CompactionOptions(
        int cumulativeMinRowsets,
        int cumulativeMaxRowsets,
        long promotionBytes,
        int baseMinRowsets,
        double baseSizeRatio,
        int softLimit,
        int hardLimit,
        long maxSegmentBytes) {
    public static final String CUMULATIVE_MIN_ROWSETS = "compaction.cumulative.min-rowsets";
    public static final String CUMULATIVE_MAX_ROWSETS = "compaction.cumulative.max-rowsets";
    public static final String PROMOTION_BYTES = "compaction.cumulative.promotion-bytes";
    public static final String BASE_MIN_ROWSETS = "compaction.base.min-rowsets";
    public static final String BASE_SIZE_RATIO = "compaction.base.size-ratio";
    public static final String SOFT_LIMIT = "compaction.soft-limit";
    public static final String HARD_LIMIT = "compaction.max-rowsets-per-tablet";
    public static final String SEGMENT_BYTES = "compaction.segment-bytes";

    public CompactionOptions {
        if (cumulativeMinRowsets < 2) {
            throw new IllegalArgumentException(
                    CUMULATIVE_MIN_ROWSETS + " must be >= 2: " + cumulativeMinRowsets);
        }
        if (cumulativeMaxRowsets < cumulativeMinRowsets) {
            throw new IllegalArgumentException(
                    CUMULATIVE_MAX_ROWSETS
                            + " must be >= "
                            + CUMULATIVE_MIN_ROWSETS
                            + ": "
                            + cumulativeMaxRowsets);
        }
        if (baseMinRowsets < 1) {
            throw new IllegalArgumentException(
                    BASE_MIN_ROWSETS + " must be >= 1: " + baseMinRowsets);
        }
        if (hardLimit < 3) {
            throw new IllegalArgumentException(HARD_LIMIT + " must be >= 3: " + hardLimit);
        }
        if (softLimit < 2 || softLimit > hardLimit) {
            throw new IllegalArgumentException(
                    SOFT_LIMIT + " must be in [2, " + HARD_LIMIT + "]: " + softLimit);
        }
        if (promotionBytes < 1 || maxSegmentBytes < 1 || !(baseSizeRatio > 0)) {
            throw new IllegalArgumentException(
                    PROMOTION_BYTES
                            + ", "
                            + SEGMENT_BYTES
                            + " and "
                            + BASE_SIZE_RATIO
                            + " must be > 0");
        }
    }

    /** The defaults. */
    public static CompactionOptions defaults() {
        return fromProperties(Map.of());
    }

    /** Parses the {@code compaction.*} entries of table properties (others are ignored). */
    public static CompactionOptions fromProperties(Map<String, String> p) {
        int hard = intProp(p, HARD_LIMIT, 2000);
        return new CompactionOptions(
                intProp(p, CUMULATIVE_MIN_ROWSETS, 5),
                intProp(p, CUMULATIVE_MAX_ROWSETS, 200),
                longProp(p, PROMOTION_BYTES, 64L << 20),
                intProp(p, BASE_MIN_ROWSETS, 5),
                doubleProp(p, BASE_SIZE_RATIO, 0.3),
                intProp(p, SOFT_LIMIT, Math.min(500, Math.max(2, hard / 2))),
                hard,
                longProp(p, SEGMENT_BYTES, 256L << 20));
    }

    private static int intProp(Map<String, String> p, String name, int def) {
        long v = longProp(p, name, def);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " is too large: " + v);
        }
        return (int) v;
    }

    private static long longProp(Map<String, String> p, String name, long def) {
        String v = p.get(name);
        if (v == null) {
            return def;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "table property " + name + " must be an integer: '" + v + "'");
        }
    }

    private static double doubleProp(Map<String, String> p, String name, double def) {
        String v = p.get(name);
        if (v == null) {
            return def;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "table property " + name + " must be a number: '" + v + "'");
        }
    }
}
