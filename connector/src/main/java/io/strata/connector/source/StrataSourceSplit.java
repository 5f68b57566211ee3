package io.strata.connector.source;

import io.strata.engine.table.TabletSplit;

import org.apache.flink.api.connector.source.SourceSplit;

import java.util.Objects;

/**
 * A Strata source split: a {@link TabletSplit} (tablet at a version, with the rowsets to read) and
 * how many rows of it were already emitted before the last checkpoint. A split's rows come out in a
 * deterministic order (rowset, segment, row order; key order for keyed tables), so skipping {@code
 * rowsToSkip} rows on restore resumes exactly where the failed reader stopped. Immutable.
 */
public final class StrataSourceSplit implements SourceSplit {
    private final String splitId;
    private final TabletSplit tabletSplit;
    private final long rowsToSkip;

    public StrataSourceSplit(String splitId, TabletSplit tabletSplit, long rowsToSkip) {
        if (rowsToSkip < 0) {
            throw new IllegalArgumentException("rowsToSkip must be >= 0: " + rowsToSkip);
        }
        this.splitId = Objects.requireNonNull(splitId);
        this.tabletSplit = Objects.requireNonNull(tabletSplit);
        this.rowsToSkip = rowsToSkip;
    }

    @Override
    public String splitId() {
        return splitId;
    }

    public TabletSplit tabletSplit() {
        return tabletSplit;
    }

    public long rowsToSkip() {
        return rowsToSkip;
    }

    /** This split, resumed after {@code emitted} rows. */
    public StrataSourceSplit withRowsToSkip(long emitted) {
        return new StrataSourceSplit(splitId, tabletSplit, emitted);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StrataSourceSplit)) {
            return false;
        }
        StrataSourceSplit s = (StrataSourceSplit) o;
        return splitId.equals(s.splitId)
                && tabletSplit.equals(s.tabletSplit)
                && rowsToSkip == s.rowsToSkip;
    }

    @Override
    public int hashCode() {
        return Objects.hash(splitId, tabletSplit, rowsToSkip);
    }

    @Override
    public String toString() {
        return "StrataSourceSplit{"
                + splitId
                + ", tablet "
                + tabletSplit.tabletId()
                + " @v"
                + tabletSplit.version()
                + ", rowsets "
                + tabletSplit.rowsetIds()
                + ", skip "
                + rowsToSkip
                + "}";
    }
}
