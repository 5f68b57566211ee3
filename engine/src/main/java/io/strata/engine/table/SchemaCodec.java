package io.strata.engine.table;

import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.proto.olap.ColumnPB;
import io.strata.proto.olap.TabletSchemaPB;
import io.strata.proto.strata.PropertyPB;
import io.strata.proto.strata.TableMetaPB;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Converts schemas and descriptors to and from their protobuf form (Doris {@code TabletSchemaPB}/
 * {@code ColumnPB}, Strata {@code TableMetaPB}). Decoding validates: an unknown type or a broken
 * schema is an IOException naming the column.
 */
public final class SchemaCodec {
    private SchemaCodec() {}

    public static TabletSchemaPB toProto(TabletSchema s) {
        TabletSchemaPB.Builder b =
                TabletSchemaPB.newBuilder()
                        .setKeysType(
                                io.strata.proto.olap.KeysType.forNumber(s.keysType().ordinal()))
                        .setNumShortKeyColumns(s.numShortKeyColumns())
                        .setNumRowsPerRowBlock(1024)
                        .setBfFpp(s.bloomFilterFpp())
                        .setDeleteSignIdx(s.deleteSignIndex())
                        .setSequenceColIdx(s.sequenceColumnIndex())
                        .setCompressionType(s.compression())
                        .setSchemaVersion(s.schemaVersion());
        // only when set: unchanged defaults keep the proto (and the schema hash) as before
        if (s.storagePageSize() != TabletSchema.DEFAULT_STORAGE_PAGE_SIZE) {
            b.setStoragePageSize(s.storagePageSize());
        }
        if (s.storageDictPageSize() != TabletSchema.DEFAULT_STORAGE_DICT_PAGE_SIZE) {
            b.setStorageDictPageSize(s.storageDictPageSize());
        }
        int next = 0;
        for (Column c : s.columns()) {
            DataType t = c.type();
            ColumnPB.Builder cb =
                    ColumnPB.newBuilder()
                            .setUniqueId(c.uniqueId())
                            .setName(c.name())
                            .setType(t.fieldType().dorisName)
                            .setIsKey(c.isKey())
                            .setAggregation(c.aggregation().name())
                            .setIsNullable(c.nullable())
                            .setPrecision(t.precision())
                            .setFrac(t.scale())
                            .setLength(
                                    t.fieldType() == FieldType.STRING
                                            ? t.length()
                                            : t.fieldType() == FieldType.VARCHAR
                                                    ? t.length()
                                                    : t.storageLength())
                            .setIndexLength(c.indexLength())
                            .setIsBfColumn(c.hasBloomFilter())
                            .setHasBitmapIndex(c.hasBitmapIndex())
                            .setVisible(c.visible());
            b.addColumn(cb);
            next = Math.max(next, c.uniqueId() + 1);
        }
        b.setNextColumnUniqueId(next);
        return b.build();
    }

    public static TabletSchema fromProto(TabletSchemaPB pb) throws IOException {
        KeysType kt = KeysType.values()[pb.getKeysType().getNumber()];
        TabletSchema.Builder b = TabletSchema.builder(kt);
        for (ColumnPB c : pb.getColumnList()) {
            try {
                FieldType ft = FieldType.fromDorisName(c.getType());
                DataType t;
                switch (ft) {
                    case CHAR:
                        t = DataType.charType(c.getLength());
                        break;
                    case VARCHAR:
                        t = DataType.varchar(c.getLength());
                        break;
                    case STRING:
                        t = DataType.string();
                        break;
                    case DATETIMEV2:
                        t = DataType.datetimeV2(c.getFrac());
                        break;
                    case DECIMAL32:
                    case DECIMAL64:
                    case DECIMAL128I:
                        t = DataType.decimal(c.getPrecision(), c.getFrac());
                        break;
                    default:
                        t = DataType.of(ft);
                }
                b.column(
                        Column.builder(c.getName(), t)
                                .uniqueId(c.getUniqueId())
                                .nullable(c.getIsNullable())
                                .key(c.getIsKey())
                                .aggregation(
                                        c.hasAggregation()
                                                ? AggregationType.valueOf(c.getAggregation())
                                                : AggregationType.NONE)
                                .bloomFilter(c.getIsBfColumn())
                                .bitmapIndex(c.getHasBitmapIndex())
                                .visible(c.getVisible())
                                .build());
            } catch (IllegalArgumentException e) {
                throw new IOException(
                        "column '" + c.getName() + "' in table metadata: " + e.getMessage(), e);
            }
        }
        if (pb.getSequenceColIdx() >= 0) {
            b.sequenceColumn(pb.getColumn(pb.getSequenceColIdx()).getName());
        }
        if (pb.hasBfFpp()) {
            b.bloomFilterFpp(pb.getBfFpp());
        }
        b.compression(pb.getCompressionType()).schemaVersion(pb.getSchemaVersion());
        try {
            if (pb.hasStoragePageSize()) {
                b.storagePageSize((int) pb.getStoragePageSize());
            }
            if (pb.hasStorageDictPageSize()) {
                b.storageDictPageSize((int) pb.getStorageDictPageSize());
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid schema in table metadata: " + e.getMessage(), e);
        }
    }

    /** Doris-style schema hash: a positive 31-bit CRC-32 of the schema proto. */
    public static int schemaHash(TabletSchema s) {
        CRC32 crc = new CRC32();
        crc.update(toProto(s).toByteArray());
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    public static TableMetaPB toProto(TableDescriptor d, String uuid, long createdMillis) {
        TableMetaPB.Builder b =
                TableMetaPB.newBuilder()
                        .setFormatVersion(1)
                        .addSchemas(toProto(d.schema()))
                        .addAllDistributionColumns(d.distributionColumns())
                        .setBuckets(d.buckets())
                        .addAllPartitionColumns(d.partitionColumns())
                        .setCreatedTimeMs(createdMillis)
                        .setTableUuid(uuid);
        if (d.schema().sequenceColumnIndex() >= 0) {
            b.setSequenceColumn(d.schema().column(d.schema().sequenceColumnIndex()).name());
        }
        d.properties()
                .forEach((k, v) -> b.addProperties(PropertyPB.newBuilder().setKey(k).setValue(v)));
        return b.build();
    }

    public static TableDescriptor fromProto(TableMetaPB pb) throws IOException {
        if (pb.getSchemasCount() == 0) {
            throw new IOException("table metadata has no schema");
        }
        TabletSchema s = fromProto(pb.getSchemas(pb.getSchemasCount() - 1));
        Map<String, String> props = new LinkedHashMap<>();
        for (PropertyPB p : pb.getPropertiesList()) {
            props.put(p.getKey(), p.getValue());
        }
        try {
            return TableDescriptor.builder(s)
                    .distribution(pb.getDistributionColumnsList())
                    .buckets(pb.getBuckets())
                    .partitionColumns(pb.getPartitionColumnsList())
                    .properties(props)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid table metadata: " + e.getMessage(), e);
        }
    }
}
