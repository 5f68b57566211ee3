package io.strata.engine.table;

/**
 * Knobs of one {@link TabletsChannel}. Immutable; defaults follow Doris: 100 MB memtables, 2
 * flushes in flight per writer, ~241.6 MB segments.
 */
public final class ChannelOptions {
    public static final long DEFAULT_MEMTABLE_SIZE = 100L << 20;
    public static final int DEFAULT_FLUSH_RUNNING_COUNT_LIMIT = 2;
    public static final long DEFAULT_MAX_SEGMENT_BYTES = (long) (241.6 * 1024 * 1024);

    private final long memtableSizeBytes;
    private final int flushRunningCountLimit;
    private final long maxSegmentBytes;
    private final int channelIndex;
    private final int numChannels;
    private final boolean strict;

    private ChannelOptions(Builder b) {
        if (b.memtableSizeBytes <= 0) {
            throw new IllegalArgumentException("memtableSizeBytes must be > 0");
        }
        if (b.flushRunningCountLimit < 1) {
            throw new IllegalArgumentException("flushRunningCountLimit must be >= 1");
        }
        if (b.maxSegmentBytes <= 0) {
            throw new IllegalArgumentException("maxSegmentBytes must be > 0");
        }
        if (b.numChannels < 1 || b.channelIndex < 0 || b.channelIndex >= b.numChannels) {
            throw new IllegalArgumentException(
                    "channelIndex " + b.channelIndex + " not in [0, " + b.numChannels + ")");
        }
        this.memtableSizeBytes = b.memtableSizeBytes;
        this.flushRunningCountLimit = b.flushRunningCountLimit;
        this.maxSegmentBytes = b.maxSegmentBytes;
        this.channelIndex = b.channelIndex;
        this.numChannels = b.numChannels;
        this.strict = b.strict;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ChannelOptions defaults() {
        return builder().build();
    }

    /** A memtable is handed to the flush pool once its data reaches this many bytes. */
    public long memtableSizeBytes() {
        return memtableSizeBytes;
    }

    /** Per writer: write() blocks while this many flushes are running (backpressure). */
    public int flushRunningCountLimit() {
        return flushRunningCountLimit;
    }

    /** A flush starts a new segment once the current one reaches about this size. */
    public long maxSegmentBytes() {
        return maxSegmentBytes;
    }

    /** This channel's index among {@link #numChannels()} (RANDOM distribution bucket ownership). */
    public int channelIndex() {
        return channelIndex;
    }

    public int numChannels() {
        return numChannels;
    }

    /** Strict mode: reject bad rows instead of filtering them (conversion layers honour it). */
    public boolean strict() {
        return strict;
    }

    /** Builder of {@link ChannelOptions}. */
    public static final class Builder {
        private long memtableSizeBytes = DEFAULT_MEMTABLE_SIZE;
        private int flushRunningCountLimit = DEFAULT_FLUSH_RUNNING_COUNT_LIMIT;
        private long maxSegmentBytes = DEFAULT_MAX_SEGMENT_BYTES;
        private int channelIndex = 0;
        private int numChannels = 1;
        private boolean strict = true;

        public Builder memtableSizeBytes(long v) {
            this.memtableSizeBytes = v;
            return this;
        }

        public Builder flushRunningCountLimit(int v) {
            this.flushRunningCountLimit = v;
            return this;
        }

        public Builder maxSegmentBytes(long v) {
            this.maxSegmentBytes = v;
            return this;
        }

        public Builder channelIndex(int v) {
            this.channelIndex = v;
            return this;
        }

        public Builder numChannels(int v) {
            this.numChannels = v;
            return this;
        }

        public Builder strict(boolean v) {
            this.strict = v;
            return this;
        }

        public ChannelOptions build() {
            return new ChannelOptions(this);
        }
    }
}
