package io.strata.connector.source;

import io.strata.engine.block.Block;
import io.strata.engine.block.IntVector;
import io.strata.engine.block.LongVector;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.table.ChannelOptions;
import io.strata.engine.table.StorageEngine;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;
import io.strata.engine.table.TabletsChannel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Engine-written tables for the source tests. */
final class SourceTestTables {
    private SourceTestTables() {}

    /** DUP (k BIGINT key, v INT), one bucket. */
    static Table createDup(Path dir) throws IOException {
        TabletSchema s =
                TabletSchema.builder(KeysType.DUP_KEYS)
                        .column(
                                Column.builder("k", DataType.of(FieldType.BIGINT))
                                        .key(true)
                                        .nullable(false)
                                        .build())
                        .column(
                                Column.builder("v", DataType.of(FieldType.INT))
                                        .aggregation(AggregationType.NONE)
                                        .build())
                        .build();
        return Table.create(
                LocalFileIO.INSTANCE,
                dir.toString(),
                TableDescriptor.builder(s).distribution(List.of()).buckets(1).build());
    }

    /** Writes rows k in [from, to) with v = k % 1000 as one published version. */
    static void writeRange(Table t, StorageEngine e, long from, long to, String label)
            throws IOException {
        try (TabletsChannel ch = t.openChannel(e, ChannelOptions.defaults())) {
            int batch = 65536;
            for (long start = from; start < to; start += batch) {
                int n = (int) Math.min(batch, to - start);
                Block b = Block.create(t.schema().columns(), n);
                LongVector k = (LongVector) b.vector(0);
                IntVector v = (IntVector) b.vector(1);
                for (int i = 0; i < n; i++) {
                    k.append(start + i);
                    v.append((int) ((start + i) % 1000));
                }
                ch.write(b);
            }
            t.publish(label, ch.prepareCommit(), null, -1);
        }
    }
}
