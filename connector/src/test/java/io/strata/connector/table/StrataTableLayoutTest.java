package io.strata.connector.table;

import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.proto.segment.CompressionTypePB;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.TableDistribution;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrataTableLayoutTest {

    private static RowType row(Object... nameType) {
        RowType.RowField[] f = new RowType.RowField[nameType.length / 2];
        for (int i = 0; i < f.length; i++) {
            f[i] =
                    new RowType.RowField(
                            (String) nameType[2 * i], (LogicalType) nameType[2 * i + 1]);
        }
        return new RowType(List.of(f));
    }

    private static StrataTableLayout derive(
            RowType t, List<String> pk, List<String> parts, Map<String, String> opts) {
        return derive(t, pk, parts, Optional.empty(), opts);
    }

    private static StrataTableLayout derive(
            RowType t,
            List<String> pk,
            List<String> parts,
            Optional<TableDistribution> dist,
            Map<String, String> opts) {
        return StrataTableLayout.derive(t, pk, parts, dist, Configuration.fromMap(opts), opts);
    }

    @Test
    void typeMappingCoversEverySupportedType() {
        assertThat(FlinkTypeMapping.toDoris("c", new BooleanType()).fieldType())
                .isEqualTo(FieldType.BOOLEAN);
        assertThat(FlinkTypeMapping.toDoris("c", new TinyIntType()).fieldType())
                .isEqualTo(FieldType.TINYINT);
        assertThat(FlinkTypeMapping.toDoris("c", new SmallIntType()).fieldType())
                .isEqualTo(FieldType.SMALLINT);
        assertThat(FlinkTypeMapping.toDoris("c", new IntType()).fieldType())
                .isEqualTo(FieldType.INT);
        assertThat(FlinkTypeMapping.toDoris("c", new BigIntType()).fieldType())
                .isEqualTo(FieldType.BIGINT);
        assertThat(FlinkTypeMapping.toDoris("c", new FloatType()).fieldType())
                .isEqualTo(FieldType.FLOAT);
        assertThat(FlinkTypeMapping.toDoris("c", new DoubleType()).fieldType())
                .isEqualTo(FieldType.DOUBLE);
        assertThat(FlinkTypeMapping.toDoris("c", new DecimalType(9, 2)))
                .isEqualTo(DataType.decimal(9, 2));
        assertThat(FlinkTypeMapping.toDoris("c", new DecimalType(9, 2)).fieldType())
                .isEqualTo(FieldType.DECIMAL32);
        assertThat(FlinkTypeMapping.toDoris("c", new DecimalType(10, 2)).fieldType())
                .isEqualTo(FieldType.DECIMAL64);
        assertThat(FlinkTypeMapping.toDoris("c", new DecimalType(18, 0)).fieldType())
                .isEqualTo(FieldType.DECIMAL64);
        assertThat(FlinkTypeMapping.toDoris("c", new DecimalType(19, 4)).fieldType())
                .isEqualTo(FieldType.DECIMAL128I);
        assertThat(FlinkTypeMapping.toDoris("c", new DateType()).fieldType())
                .isEqualTo(FieldType.DATEV2);
        assertThat(FlinkTypeMapping.toDoris("c", new TimestampType(3)))
                .isEqualTo(DataType.datetimeV2(3));
        assertThat(FlinkTypeMapping.toDoris("c", new TimestampType(0)))
                .isEqualTo(DataType.datetimeV2(0));
        assertThat(FlinkTypeMapping.toDoris("c", new CharType(4))).isEqualTo(DataType.charType(4));
        assertThat(FlinkTypeMapping.toDoris("c", new VarCharType(64)))
                .isEqualTo(DataType.varchar(64));
        assertThat(FlinkTypeMapping.toDoris("c", VarCharType.STRING_TYPE))
                .isEqualTo(DataType.string());
    }

    @Test
    void unsupportedTypesNameColumnAndType() {
        assertThatThrownBy(() -> FlinkTypeMapping.toDoris("tags", new ArrayType(new IntType())))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'tags'")
                .hasMessageContaining("ARRAY<INT>");
        assertThatThrownBy(() -> FlinkTypeMapping.toDoris("ts", new TimestampType(9)))
                .hasMessageContaining("'ts'")
                .hasMessageContaining("TIMESTAMP(9)");
        assertThatThrownBy(() -> FlinkTypeMapping.toDoris("lz", new LocalZonedTimestampType(3)))
                .hasMessageContaining("'lz'")
                .hasMessageContaining("TIMESTAMP_LTZ(3)");
    }

    @Test
    void primaryKeyMakesUniqueTableWithKeysFirstAndHiddenDeleteSign() {
        RowType t =
                row(
                        "name", new VarCharType(20),
                        "amount", new DecimalType(12, 2),
                        "id", new BigIntType(false),
                        "dt", new DateType(false));
        StrataTableLayout l = derive(t, List.of("dt", "id"), List.of("dt"), Map.of("bucket", "3"));
        TabletSchema s = l.schema();
        assertThat(s.keysType()).isEqualTo(KeysType.UNIQUE_KEYS);
        assertThat(s.columns())
                .extracting(Column::name)
                .containsExactly("dt", "id", "name", "amount", Column.DELETE_SIGN);
        assertThat(s.numKeyColumns()).isEqualTo(2);
        assertThat(s.column(0).nullable()).isFalse();
        assertThat(s.column(2).nullable()).isTrue();
        assertThat(s.column(4).visible()).isFalse();
        assertThat(s.deleteSignIndex()).isEqualTo(4);
        assertThat(l.storageToFlink()).containsExactly(3, 2, 0, 1, -1);
        assertThat(l.isIdentityOrder()).isFalse();
        assertThat(l.storageRowType().getFieldNames())
                .containsExactly("dt", "id", "name", "amount");
        assertThat(l.distributionColumns()).containsExactly("dt", "id");
        assertThat(l.buckets()).isEqualTo(3);
        assertThat(l.partitionColumns()).containsExactly("dt");
    }

    @Test
    void duplicateTableDefaultsToDorisShortKeyPrefixAndRandomDistribution() {
        RowType t =
                row(
                        "a", new IntType(),
                        "b", new BigIntType(),
                        "c", new VarCharType(10),
                        "d", new IntType());
        StrataTableLayout l = derive(t, List.of(), List.of(), Map.of());
        assertThat(l.schema().keysType()).isEqualTo(KeysType.DUP_KEYS);
        // INT (4) + BIGINT (8) then a VARCHAR ends the prefix: a, b, c.
        assertThat(l.schema().numKeyColumns()).isEqualTo(3);
        assertThat(l.distributionColumns()).isEmpty();
        assertThat(l.buckets()).isEqualTo(1);
        assertThat(l.isIdentityOrder()).isTrue();

        StrataTableLayout d =
                derive(t, List.of(), List.of(), Map.of("duplicate-key", "d", "bucket-key", "a"));
        assertThat(d.schema().columns())
                .extracting(Column::name)
                .containsExactly("d", "a", "b", "c");
        assertThat(d.schema().numKeyColumns()).isEqualTo(1);
        assertThat(d.distributionColumns()).containsExactly("a");
        assertThat(d.storageToFlink()).containsExactly(3, 0, 1, 2);
    }

    @Test
    void leadingDoubleNeedsExplicitDuplicateKey() {
        RowType t = row("x", new DoubleType(), "y", new IntType());
        assertThatThrownBy(() -> derive(t, List.of(), List.of(), Map.of()))
                .hasMessageContaining("duplicate-key");
        assertThatThrownBy(() -> derive(t, List.of(), List.of(), Map.of("duplicate-key", "x")))
                .hasMessageContaining("'x'")
                .hasMessageContaining("FLOAT/DOUBLE");
    }

    @Test
    void aggregateTableKeysAreColumnsWithoutFunctions() {
        RowType t =
                row(
                        "total", new BigIntType(),
                        "day", new DateType(),
                        "mx", new IntType(),
                        "last", new VarCharType(5),
                        "shop", new IntType());
        Map<String, String> o = new HashMap<>();
        o.put("table.keys-type", "aggregate");
        o.put("fields.total.aggregate-function", "sum");
        o.put("fields.mx.aggregate-function", "MAX");
        o.put("fields.last.aggregate-function", "replace_if_not_null");
        StrataTableLayout l = derive(t, List.of(), List.of(), o);
        TabletSchema s = l.schema();
        assertThat(s.keysType()).isEqualTo(KeysType.AGG_KEYS);
        assertThat(s.columns())
                .extracting(Column::name)
                .containsExactly("day", "shop", "total", "mx", "last");
        assertThat(s.columns())
                .extracting(Column::aggregation)
                .containsExactly(
                        AggregationType.NONE,
                        AggregationType.NONE,
                        AggregationType.SUM,
                        AggregationType.MAX,
                        AggregationType.REPLACE_IF_NOT_NULL);
        assertThat(l.distributionColumns()).containsExactly("day", "shop");

        o.put("fields.mx.aggregate-function", "avg");
        assertThatThrownBy(() -> derive(t, List.of(), List.of(), o))
                .hasMessageContaining("fields.mx.aggregate-function")
                .hasMessageContaining("avg");
        o.put("fields.mx.aggregate-function", "max");
        o.put("fields.nope.aggregate-function", "max");
        assertThatThrownBy(() -> derive(t, List.of(), List.of(), o)).hasMessageContaining("'nope'");
        o.remove("fields.nope.aggregate-function");
        o.put("fields.mx.bogus", "1");
        assertThatThrownBy(() -> derive(t, List.of(), List.of(), o))
                .hasMessageContaining("fields.mx.bogus");
    }

    @Test
    void aggregateFunctionOnNonAggregateTableIsRejected() {
        RowType t = row("k", new IntType(), "v", new BigIntType());
        assertThatThrownBy(
                        () ->
                                derive(
                                        t,
                                        List.of(),
                                        List.of(),
                                        Map.of("fields.v.aggregate-function", "sum")))
                .hasMessageContaining("'v'")
                .hasMessageContaining("aggregate");
    }

    @Test
    void ddlDistributionAndOptionsAreValidated() {
        RowType t = row("id", new BigIntType(false), "v", new IntType(), "dt", new DateType(false));
        StrataTableLayout l =
                derive(
                        t,
                        List.of("id"),
                        List.of(),
                        Optional.of(TableDistribution.ofHash(List.of("id"), 8)),
                        Map.of());
        assertThat(l.distributionColumns()).containsExactly("id");
        assertThat(l.buckets()).isEqualTo(8);
        // UNIQUE: bucket key must be a key column, partition column too.
        assertThatThrownBy(() -> derive(t, List.of("id"), List.of(), Map.of("bucket-key", "v")))
                .hasMessageContaining("'v'")
                .hasMessageContaining("key column");
        assertThatThrownBy(() -> derive(t, List.of("id"), List.of("dt"), Map.of()))
                .hasMessageContaining("'dt'")
                .hasMessageContaining("PRIMARY KEY");
        assertThatThrownBy(
                        () ->
                                derive(
                                        t,
                                        List.of("id"),
                                        List.of(),
                                        Optional.of(TableDistribution.ofHash(List.of("id"), 8)),
                                        Map.of("bucket", "2")))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> derive(t, List.of("id"), List.of(), Map.of("bucket", "0")))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(
                        () ->
                                derive(
                                        t,
                                        List.of("id"),
                                        List.of(),
                                        Map.of("table.keys-type", "duplicate")))
                .hasMessageContaining("PRIMARY KEY");
        assertThatThrownBy(
                        () -> derive(t, List.of(), List.of(), Map.of("table.keys-type", "unique")))
                .hasMessageContaining("PRIMARY KEY");
        assertThatThrownBy(() -> derive(t, List.of(), List.of(), Map.of("sequence.field", "v")))
                .hasMessageContaining("UNIQUE");
        assertThatThrownBy(
                        () -> derive(t, List.of("id"), List.of(), Map.of("sequence.field", "id")))
                .hasMessageContaining("key column");
        assertThat(
                        derive(t, List.of("id"), List.of(), Map.of("sequence.field", "V"))
                                .schema()
                                .sequenceColumnIndex())
                .isEqualTo(1);
        assertThatThrownBy(
                        () ->
                                derive(
                                        t,
                                        List.of(),
                                        List.of(),
                                        Map.of("bloom-filter.columns", "id,zz")))
                .hasMessageContaining("'zz'");
    }

    @Test
    void indexesAndCompressionReachTheSchema() {
        RowType t = row("id", new BigIntType(), "city", new VarCharType(20), "n", new IntType());
        StrataTableLayout l =
                derive(
                        t,
                        List.of(),
                        List.of(),
                        Map.of(
                                "duplicate-key", "id",
                                "bloom-filter.columns", "city",
                                "bitmap-index.columns", "n",
                                "compression", "zstd"));
        assertThat(l.schema().column(1).hasBloomFilter()).isTrue();
        assertThat(l.schema().column(2).hasBitmapIndex()).isTrue();
        assertThat(l.schema().column(0).hasBloomFilter()).isFalse();
        assertThat(l.schema().compression()).isEqualTo(CompressionTypePB.ZSTD);
        assertThat(derive(t, List.of(), List.of(), Map.of()).schema().compression())
                .isEqualTo(CompressionTypePB.LZ4F);
    }

    @Test
    void retentionAndCompactionOptionsBecomeTableProperties() throws Exception {
        RowType t = row("id", new BigIntType(false), "v", new IntType());
        StrataTableLayout l =
                derive(
                        t,
                        List.of("id"),
                        List.of(),
                        Map.of(
                                "table.retention",
                                "7",
                                "snapshot.time-retained",
                                "120 min",
                                "compaction.max-rowsets-per-tablet",
                                "40"));
        io.strata.engine.table.TableDescriptor d = StrataDynamicTableSink.descriptor(l);
        assertThat(d.properties())
                .containsEntry("snapshot.retained", "7")
                .containsEntry("snapshot.time-retained", "2 h")
                .containsEntry("compaction.max-rowsets-per-tablet", "40");
        // The engine reads them back from the created table.
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("strata-props");
        try (io.strata.engine.table.Table table =
                io.strata.engine.table.Table.create(
                        io.strata.engine.io.LocalFileIO.INSTANCE, dir.resolve("t").toString(), d)) {
            assertThat(table.retainedVersions()).isEqualTo(7);
            assertThat(table.timeRetainedMillis()).isEqualTo(7_200_000L);
        }
        // A DDL that sets a different value than the stored table is a named difference.
        StrataTableLayout other =
                derive(t, List.of("id"), List.of(), Map.of("table.retention", "9"));
        assertThat(DescriptorDiff.diff(StrataDynamicTableSink.descriptor(other), d))
                .anySatisfy(m -> assertThat(m).contains("snapshot.retained").contains("9"));
        // A DDL that leaves them out matches.
        assertThat(
                        DescriptorDiff.diff(
                                StrataDynamicTableSink.descriptor(
                                        derive(t, List.of("id"), List.of(), Map.of())),
                                d))
                .isEmpty();
    }

    @Test
    void badCompactionOptionsNameKeyAndValue() {
        RowType t = row("id", new BigIntType(false), "v", new IntType());
        assertThatThrownBy(
                        () -> derive(t, List.of("id"), List.of(), Map.of("compaction.nope", "1")))
                .hasMessageContaining("compaction.nope");
        assertThatThrownBy(
                        () ->
                                derive(
                                        t,
                                        List.of("id"),
                                        List.of(),
                                        Map.of("compaction.max-rowsets-per-tablet", "lots")))
                .hasMessageContaining("compaction.max-rowsets-per-tablet")
                .hasMessageContaining("lots");
        assertThatThrownBy(
                        () -> derive(t, List.of("id"), List.of(), Map.of("table.retention", "0")))
                .hasMessageContaining("table.retention");
        assertThatThrownBy(
                        () ->
                                derive(
                                        t,
                                        List.of("id"),
                                        List.of(),
                                        Map.of("snapshot.time-retained", "soon")))
                .hasMessageContaining("snapshot.time-retained")
                .hasMessageContaining("soon");
    }

    @Test
    void storageOptionsBecomeTablePropertiesAndReachTheSchema() throws Exception {
        RowType t = row("id", new BigIntType(false), "s", new VarCharType(20));
        StrataTableLayout l =
                derive(
                        t,
                        List.of(),
                        List.of(),
                        Map.of(
                                "duplicate-key", "id",
                                "compression", "zstd",
                                "compression.level", "9",
                                "storage_page_size", "1048576",
                                "storage_dict_page_size", "8388608",
                                "storage.size-optimized", "true"));
        io.strata.engine.table.TableDescriptor d = StrataDynamicTableSink.descriptor(l);
        assertThat(d.properties())
                .containsEntry("compression.level", "9")
                .containsEntry("storage_page_size", "1048576")
                .containsEntry("storage_dict_page_size", "8388608")
                .containsEntry("storage.size-optimized", "true");
        assertThat(d.schema().storagePageSize()).isEqualTo(1 << 20);
        assertThat(d.schema().storageDictPageSize()).isEqualTo(8 << 20);
        assertThat(d.schema().compressionLevel()).isEqualTo(9);
        assertThat(d.schema().sizeOptimized()).isTrue();
        // stored with the table: a reopened table writes with the same knobs
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("strata-storage");
        String path = dir.resolve("t").toString();
        io.strata.engine.table.Table.create(io.strata.engine.io.LocalFileIO.INSTANCE, path, d)
                .close();
        try (io.strata.engine.table.Table table =
                io.strata.engine.table.Table.open(io.strata.engine.io.LocalFileIO.INSTANCE, path)) {
            assertThat(table.schema().storagePageSize()).isEqualTo(1 << 20);
            assertThat(table.schema().sizeOptimized()).isTrue();
        }
        assertThatThrownBy(
                        () ->
                                derive(
                                        t,
                                        List.of(),
                                        List.of(),
                                        Map.of("duplicate-key", "id", "storage_page_size", "100")))
                .hasMessageContaining("storage_page_size")
                .hasMessageContaining("100");
    }
}
