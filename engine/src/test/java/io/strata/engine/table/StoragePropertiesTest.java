package io.strata.engine.table;

import io.strata.engine.block.Block;
import io.strata.engine.io.LocalFileIO;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.segment.SegmentReader;
import io.strata.engine.segment.encoding.Dictionary;
import io.strata.engine.txn.TableState;
import io.strata.proto.olap.RowsetMetaPB;
import io.strata.proto.segment.CompressionTypePB;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Storage table properties reach the files: a table created with {@code storage_page_size} and
 * {@code storage.size-optimized} writes 1 MB pages and sorted dictionaries, also after reopening
 * (the properties are stored with the table); bad values name the key and the value.
 */
class StoragePropertiesTest {
    @TempDir Path dir;

    static final TabletSchema SCHEMA =
            TabletSchema.builder(KeysType.DUP_KEYS)
                    .column(Column.builder("k", DataType.of(FieldType.BIGINT)).key(true).build())
                    .column(Column.builder("s", DataType.varchar(16)).build())
                    .compression(CompressionTypePB.ZSTD)
                    .build();

    private List<SegmentReader> load(TableDescriptor d, String name, int rows) throws Exception {
        String path = dir.resolve(name).toString();
        try (StorageEngine e = StorageEngine.builder().build();
                Table t = Table.create(LocalFileIO.INSTANCE, path, d);
                TabletsChannel ch = t.openChannel(e, ChannelOptions.defaults())) {
            Block b = Block.create(SCHEMA.columns(), rows);
            for (int i = 0; i < rows; i++) {
                // words arrive in descending order, so a first-appearance dictionary is unsorted
                b.appendRow((long) i, String.format("w%05d", 99_999 - (i % 5000)));
            }
            ch.write(b);
            t.publish("l1", ch.prepareCommit(), null, -1);
        }
        List<SegmentReader> out = new ArrayList<>();
        try (Table t = Table.open(LocalFileIO.INSTANCE, path)) {
            TableState s = t.state(t.latestVersion());
            for (TableState.TabletState ts : s.tablets().values()) {
                for (RowsetMetaPB r : ts.rowsets()) {
                    for (int seg = 0; seg < r.getNumSegments(); seg++) {
                        out.add(
                                SegmentReader.open(
                                        LocalFileIO.INSTANCE, t.segmentPath(r, seg), t.schema()));
                    }
                }
            }
            assertThat(t.schema().storagePageSize()).isEqualTo(d.schema().storagePageSize());
            assertThat(t.schema().sizeOptimized()).isEqualTo(d.schema().sizeOptimized());
        }
        return out;
    }

    @Test
    void propertiesChangePagesAndDictionaryOrderOfWrittenSegments() throws Exception {
        int rows = 100_000;
        TableDescriptor plain = TableDescriptor.builder(SCHEMA).buckets(1).build();
        TableDescriptor tuned =
                TableDescriptor.builder(SCHEMA)
                        .buckets(1)
                        .properties(
                                Map.of(
                                        StorageProperties.STORAGE_PAGE_SIZE, "1048576",
                                        StorageProperties.STORAGE_DICT_PAGE_SIZE, "1048576",
                                        StorageProperties.COMPRESSION_LEVEL, "9",
                                        StorageProperties.SIZE_OPTIMIZED, "true"))
                        .build();
        assertThat(tuned.schema().storagePageSize()).isEqualTo(1 << 20);
        List<SegmentReader> a = load(plain, "plain", rows);
        List<SegmentReader> b = load(tuned, "tuned", rows);
        try {
            assertThat(a).hasSize(1);
            assertThat(b).hasSize(1);
            // BIGINT: 8192 values per 64 KB page by default, 100,000 fit one 1 MB page
            assertThat(a.get(0).column(0).numPages()).isEqualTo(13);
            assertThat(b.get(0).column(0).numPages()).isEqualTo(1);
            Dictionary da = a.get(0).column(1).dictionary();
            Dictionary db = b.get(0).column(1).dictionary();
            assertThat(db.size()).isEqualTo(5000);
            assertThat(new String(da.word(0))).isEqualTo("w99999"); // first appearance
            assertThat(new String(db.word(0))).isEqualTo("w95000"); // sorted
            for (int i = 1; i < db.size(); i++) {
                assertThat(Arrays.compareUnsigned(db.word(i - 1), db.word(i))).isNegative();
            }
        } finally {
            for (SegmentReader r : a) {
                r.close();
            }
            for (SegmentReader r : b) {
                r.close();
            }
        }
    }

    @Test
    void badValuesNameTheKeyAndTheValue() {
        assertThatThrownBy(
                        () ->
                                TableDescriptor.builder(SCHEMA)
                                        .property(StorageProperties.STORAGE_PAGE_SIZE, "1024")
                                        .build())
                .hasMessageContaining("storage_page_size")
                .hasMessageContaining("1024");
        assertThatThrownBy(
                        () ->
                                TableDescriptor.builder(SCHEMA)
                                        .property(StorageProperties.COMPRESSION_LEVEL, "x")
                                        .build())
                .hasMessageContaining("compression.level")
                .hasMessageContaining("'x'");
        assertThatThrownBy(
                        () ->
                                TableDescriptor.builder(SCHEMA)
                                        .property(StorageProperties.SIZE_OPTIMIZED, "yes")
                                        .build())
                .hasMessageContaining("storage.size-optimized")
                .hasMessageContaining("yes");
    }
}
