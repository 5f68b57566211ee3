package io.strata.engine.segment;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one scan: what indexes pruned and what was actually read. Thread-safe. */
public final class ReadStats {
    public final AtomicLong segmentsTotal = new AtomicLong();
    public final AtomicLong segmentsPruned = new AtomicLong();
    public final AtomicLong pagesTotal = new AtomicLong();

    /** Data pages decoded (all projected and predicate columns). */
    public final AtomicLong pagesRead = new AtomicLong();

    public final AtomicLong pagesPruned = new AtomicLong();
    public final AtomicLong rowsScanned = new AtomicLong();
    public final AtomicLong rowsReturned = new AtomicLong();
    public final AtomicLong bytesRead = new AtomicLong();

    /**
     * Most rows a key-ordered merge gathered in one round (its working set besides the buffered
     * blocks): bounded by sources × batch size, never by the tablet's size.
     */
    public final AtomicLong mergePeakRows = new AtomicLong();

    @Override
    public String toString() {
        return "segments "
                + segmentsPruned
                + "/"
                + segmentsTotal
                + " pruned, pages read "
                + pagesRead
                + " pruned "
                + pagesPruned
                + " of "
                + pagesTotal
                + ", rows scanned "
                + rowsScanned
                + " returned "
                + rowsReturned
                + ", bytes read "
                + bytesRead;
    }
}
