package io.strata.engine.segment.index;

import java.util.Arrays;

/**
 * Open-addressing set of 64-bit values (no boxing); used to count distinct value hashes per page.
 * Not thread-safe.
 */
final class LongHashSet {
    private long[] keys;
    private boolean hasZero;
    private int size;
    private int mask;

    LongHashSet(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        mask = cap - 1;
    }

    /** Adds v; returns true if it was not present. */
    boolean add(long v) {
        if (v == 0) {
            if (hasZero) {
                return false;
            }
            hasZero = true;
            size++;
            return true;
        }
        int i = mix(v) & mask;
        while (true) {
            long k = keys[i];
            if (k == 0) {
                keys[i] = v;
                size++;
                if (size * 2 > keys.length) {
                    grow();
                }
                return true;
            }
            if (k == v) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    private static int mix(long v) {
        long h = v * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private void grow() {
        long[] old = keys;
        keys = new long[old.length << 1];
        mask = keys.length - 1;
        for (long k : old) {
            if (k != 0) {
                int i = mix(k) & mask;
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
            }
        }
    }

    int size() {
        return size;
    }

    /** Calls the consumer for every element (order unspecified). */
    void forEach(java.util.function.LongConsumer c) {
        if (hasZero) {
            c.accept(0L);
        }
        for (long k : keys) {
            if (k != 0) {
                c.accept(k);
            }
        }
    }

    void clear() {
        Arrays.fill(keys, 0L);
        hasZero = false;
        size = 0;
    }
}
