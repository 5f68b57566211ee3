package io.strata.engine.rowset;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Doris rowset id v2: 48 hex digits {@code hi mi lo}, {@code hi = 0x02 << 56 | counter} and {@code
 * mi, lo} a random id drawn once per process. Unique across concurrent writers (different random
 * ids) and restarts (a new random id), and sortable by creation within a process.
 */
public final class RowsetId {
    private static final long MI;
    private static final long LO;
    private static final AtomicLong COUNTER = new AtomicLong();

    static {
        SecureRandom r = new SecureRandom();
        MI = r.nextLong();
        LO = r.nextLong();
    }

    private RowsetId() {}

    /** A new unique rowset id (48 lowercase hex digits starting with "02"). */
    public static String next() {
        long hi = (2L << 56) | (COUNTER.incrementAndGet() & ((1L << 56) - 1));
        return hex(hi) + hex(MI) + hex(LO);
    }

    /** True when {@code s} has the rowset id v2 form. */
    public static boolean isValid(String s) {
        if (s == null || s.length() != 48 || !s.startsWith("02")) {
            return false;
        }
        for (int i = 0; i < 48; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static String hex(long v) {
        String h = Long.toHexString(v);
        return "0".repeat(16 - h.length()) + h;
    }
}
