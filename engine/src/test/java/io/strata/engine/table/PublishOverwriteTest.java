package io.strata.engine.table;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.util.CloseableIterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Table#publishOverwrite}: whole table, static partition, dynamic partitions, idempotence.
 */
class PublishOverwriteTest {
    @TempDir Path dir;

    private static final TabletSchema SCHEMA =
            TabletSchema.builder(KeysType.DUP_KEYS)
                    .column(Column.builder("p", DataType.of(FieldType.INT)).key(true).build())
                    .column(Column.builder("k", DataType.of(FieldType.BIGINT)).key(true).build())
                    .build();

    private static Block rows(long... pk) {
        Block b = Block.create(SCHEMA.columns(), pk.length / 2);
        for (int i = 0; i < pk.length; i += 2) {
            b.appendRow((int) pk[i], pk[i + 1]);
        }
        return b;
    }

    private static TxnCommit write(Table t, StorageEngine e, Block b) throws Exception {
        try (TabletsChannel ch = t.openChannel(e, ChannelOptions.builder().build())) {
            ch.write(b);
            return ch.prepareCommit();
        }
    }

    private static List<String> scan(Table t) throws Exception {
        List<String> out = new ArrayList<>();
        try (CloseableIterator<Block> it = t.newScan().open()) {
            Block b;
            while ((b = it.next()) != null) {
                for (int r = 0; r < b.rowCount(); r++) {
                    out.add(Arrays.toString(b.getRow(r)));
                }
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void overwritesStaticDynamicAndWholeTable() throws Exception {
        TableDescriptor partitioned =
                TableDescriptor.builder(SCHEMA)
                        .distribution(List.of("k"))
                        .buckets(2)
                        .partitionColumns(List.of("p"))
                        .build();
        try (StorageEngine e = StorageEngine.builder().flushThreads(1).build();
                Table t =
                        Table.create(
                                LocalFileIO.INSTANCE,
                                dir.resolve("t").toString(),
                                partitioned,
                                TableModelTest.format())) {
            t.publish("load", write(t, e, rows(1, 1, 1, 2, 2, 3, 3, 4)), null, -1);
            // Static partition p=2 replaced by one row.
            PublishResult r =
                    t.publishOverwrite("ow1", write(t, e, rows(2, 30)), null, -1, Map.of("p", "2"));
            assertThat(scan(t)).containsExactly("[1, 1]", "[1, 2]", "[2, 30]", "[3, 4]");
            // Same label again: nothing changes.
            assertThat(
                            t.publishOverwrite(
                                    "ow1", write(t, e, rows(2, 99)), null, -1, Map.of("p", "2")))
                    .isEqualTo(new PublishResult(r.version(), true));
            assertThat(scan(t)).containsExactly("[1, 1]", "[1, 2]", "[2, 30]", "[3, 4]");
            // Static partition with an empty commit clears it.
            t.publishOverwrite("ow2", TxnCommit.empty(), null, -1, Map.of("P", "3"));
            assertThat(scan(t)).containsExactly("[1, 1]", "[1, 2]", "[2, 30]");
            // Dynamic: only partition 1 (written) is replaced.
            t.publishOverwrite("ow3", write(t, e, rows(1, 10)), null, -1, Map.of());
            assertThat(scan(t)).containsExactly("[1, 10]", "[2, 30]");
            // The old version still reads the old rows.
            assertThat(t.newScan().version(1).planSplits()).isNotEmpty();
        }
        TableDescriptor plain = TableDescriptor.builder(SCHEMA).build();
        try (StorageEngine e = StorageEngine.builder().flushThreads(1).build();
                Table t =
                        Table.create(
                                LocalFileIO.INSTANCE,
                                dir.resolve("u").toString(),
                                plain,
                                TableModelTest.format())) {
            t.publish("load", write(t, e, rows(1, 1, 2, 2)), null, -1);
            t.publishOverwrite("ow", write(t, e, rows(5, 5)), null, -1, Map.of());
            assertThat(scan(t)).containsExactly("[5, 5]");
        }
    }
}
