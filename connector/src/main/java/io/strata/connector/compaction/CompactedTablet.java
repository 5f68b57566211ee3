package io.strata.connector.compaction;

import io.strata.engine.compaction.TabletCompaction;

/**
 * What a compaction subtask of {@link io.strata.connector.StrataCompactionJob} did to one tablet,
 * on its way to the single publishing operator: the serialized commit entry ({@code
 * TabletRowsetsPB}, empty when nothing qualified) and the counters of the summary. A Flink POJO
 * (public fields, no-arg constructor), so it needs no Kryo.
 */
public class CompactedTablet {
    public long tabletId;

    /** Serialized {@code TabletRowsetsPB}; empty: nothing to publish for this tablet. */
    public byte[] entry = new byte[0];

    public int rounds;
    public int compactions;
    public long bytesRead;
    public long bytesWritten;
    public int rowsetsBefore;

    public CompactedTablet() {}

    /** From the engine's outcome for one tablet. */
    public static CompactedTablet of(TabletCompaction.Outcome o) {
        CompactedTablet c = new CompactedTablet();
        c.tabletId = o.tabletId();
        c.entry = o.entry() == null ? new byte[0] : o.entry().toByteArray();
        c.rounds = o.rounds();
        c.compactions = o.compactions();
        c.bytesRead = o.bytesRead();
        c.bytesWritten = o.bytesWritten();
        c.rowsetsBefore = o.rowsetsBefore();
        return c;
    }
}
