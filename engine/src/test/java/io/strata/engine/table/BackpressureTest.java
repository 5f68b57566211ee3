package io.strata.engine.table;

import io.strata.engine.block.Block;
import io.strata.engine.io.FileIO;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.rowset.SegmentFormat;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.SegmentInfo;
import io.strata.engine.segment.SegmentWriterOptions;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A delta writer never has more flushes in flight than flushRunningCountLimit. */
class BackpressureTest {
    @TempDir Path dir;

    /** Slow segment writes that record how many run at once. */
    static final class SlowFormat implements SegmentFormat {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        @Override
        public Writer create(FileIO io, String path, TabletSchema schema, SegmentWriterOptions o)
                throws IOException {
            Writer w = SimpleSegmentFormat.INSTANCE.create(io, path, schema, o);
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return new Writer() {
                @Override
                public void append(Block block, int start, int len) throws IOException {
                    w.append(block, start, len);
                }

                @Override
                public long estimatedFileSize() {
                    return w.estimatedFileSize();
                }

                @Override
                public SegmentInfo finish() throws IOException {
                    try {
                        Thread.sleep(30);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    inFlight.decrementAndGet();
                    return w.finish();
                }

                @Override
                public void close() throws IOException {
                    w.close();
                }
            };
        }

        @Override
        public Reader open(FileIO io, String path, TabletSchema schema) throws IOException {
            return SimpleSegmentFormat.INSTANCE.open(io, path, schema);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void flushesInFlightNeverExceedTheLimit(int limit) throws Exception {
        TabletSchema s = ChannelTest.DUP;
        SlowFormat fmt = new SlowFormat();
        TableDescriptor d =
                TableDescriptor.builder(s).distribution(List.of("k")).buckets(1).build();
        try (StorageEngine e = StorageEngine.builder().flushThreads(4).build();
                Table t = Table.create(LocalFileIO.INSTANCE, dir.resolve("t").toString(), d, fmt);
                TabletsChannel ch =
                        t.openChannel(
                                e,
                                ChannelOptions.builder()
                                        .memtableSizeBytes(50)
                                        .flushRunningCountLimit(limit)
                                        .build())) {
            for (int b = 0; b < 12; b++) {
                ch.write(ChannelTest.rows(b * 10, b * 10 + 10)); // each block fills a memtable
            }
            TxnCommit c = ch.prepareCommit();
            assertThat(c.numRows()).isEqualTo(120);
            assertThat(c.rowsets().get(0).getNumSegments()).isEqualTo(12);
        }
        assertThat(fmt.maxInFlight.get()).isLessThanOrEqualTo(limit);
        if (limit > 1) {
            assertThat(fmt.maxInFlight.get()).isGreaterThan(1); // DUP flushes do run in parallel
        }
    }
}
