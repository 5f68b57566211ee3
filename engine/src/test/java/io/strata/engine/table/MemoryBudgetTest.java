package io.strata.engine.table;

import io.strata.engine.block.Block;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.memtable.MemoryLimiter;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.util.CloseableIterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The process memory budget: flush the largest memtable first, stay within budget. */
class MemoryBudgetTest {
    @TempDir Path dir;

    /** A consumer with a fixed size that records when it was asked to flush. */
    static final class FakeConsumer implements MemoryLimiter.Consumer {
        final String name;
        long bytes;
        final MemoryLimiter limiter;
        final List<String> flushed;

        FakeConsumer(String name, long bytes, MemoryLimiter limiter, List<String> flushed) {
            this.name = name;
            this.bytes = bytes;
            this.limiter = limiter;
            this.flushed = flushed;
            limiter.add(bytes);
            limiter.register(this);
        }

        @Override
        public long activeBytes() {
            return bytes;
        }

        @Override
        public void flushActive() {
            flushed.add(name);
            long b = bytes;
            bytes = 0;
            // the flush completes at once
            limiter.flushStarted(b);
            limiter.release(b, true);
        }
    }

    @Test
    void flushesLargestFirstAndOnlyAsMuchAsNeeded() throws IOException {
        MemoryLimiter l = new MemoryLimiter(100);
        List<String> flushed = new ArrayList<>();
        new FakeConsumer("a", 30, l, flushed);
        new FakeConsumer("b", 50, l, flushed);
        new FakeConsumer("c", 40, l, flushed);
        new FakeConsumer("d", 10, l, flushed);
        l.enforce(); // 130 > 100: flushing b (50) is enough
        assertThat(flushed).containsExactly("b");
        assertThat(l.used()).isEqualTo(80);
        l.add(60); // attributed to nobody active: 140 > 100 → c (40) then a (30)
        l.enforce();
        assertThat(flushed).containsExactly("b", "c");
        assertThat(l.used()).isEqualTo(100);
    }

    @Test
    void twoHundredTabletsStayWithinBudget() throws IOException {
        TabletSchema schema =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.INT))
                                        .key(true)
                                        .nullable(false)
                                        .build())
                        .column(Column.builder("v", DataType.of(FieldType.BIGINT)).build())
                        .build();
        TableDescriptor d =
                TableDescriptor.builder(schema).distribution(List.of("k")).buckets(200).build();
        long budget = 1 << 20;
        int blockRows = 2000;
        int blocks = 150;
        Random rnd = new Random(7);
        try (StorageEngine engine =
                        StorageEngine.builder().flushThreads(2).memoryBudgetBytes(budget).build();
                Table t =
                        Table.create(
                                LocalFileIO.INSTANCE,
                                dir.resolve("t").toString(),
                                d,
                                TableModelTest.format());
                TabletsChannel ch = t.openChannel(engine, ChannelOptions.defaults())) {
            long maxBlockBytes = 0;
            long maxObserved = 0;
            for (int i = 0; i < blocks; i++) {
                Block b = Block.create(schema.columns(), blockRows);
                IntVector k = (IntVector) b.vector(0);
                LongVector v = (LongVector) b.vector(1);
                for (int r = 0; r < blockRows; r++) {
                    k.append(rnd.nextInt(100_000));
                    v.append(i * (long) blockRows + r);
                }
                maxBlockBytes = Math.max(maxBlockBytes, b.dataBytes() + 2L * blockRows);
                ch.write(b);
                maxObserved = Math.max(maxObserved, engine.memoryLimiter().used());
                assertThat(engine.memoryLimiter().used()).isLessThanOrEqualTo(budget);
                assertThat(ch.metrics().memtableBytes()).isLessThanOrEqualTo(budget);
            }
            // Between checks usage may exceed the budget by what one block adds.
            assertThat(engine.memoryLimiter().peak()).isLessThanOrEqualTo(budget + maxBlockBytes);
            assertThat(engine.memoryLimiter().forcedFlushes()).isGreaterThan(0);
            assertThat(ch.metrics().openWriters()).isEqualTo(200);
            t.publish("l", ch.prepareCommit(), null, -1);
            long rows = 0;
            try (CloseableIterator<Block> it = t.newScan().project(List.of("v")).open()) {
                Block b;
                while ((b = it.next()) != null) {
                    rows += b.rowCount();
                }
            }
            assertThat(rows).isEqualTo((long) blocks * blockRows);
            assertThat(engine.memoryLimiter().used()).isEqualTo(0);
        }
    }
}
