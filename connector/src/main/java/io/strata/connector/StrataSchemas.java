package io.strata.connector;

import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.table.TableDescriptor;

/**
 * Schema helpers shared by the DataStream sink and the SQL layer. A UNIQUE_KEYS table written by
 * Flink always carries Doris's hidden {@code __DORIS_DELETE_SIGN__} column (TINYINT NOT NULL,
 * REPLACE, invisible) so that {@code -U}/{@code -D} rows become deletes.
 */
public final class StrataSchemas {
    private StrataSchemas() {}

    /** The hidden delete-sign column as Doris declares it. */
    public static Column deleteSignColumn() {
        return Column.builder(Column.DELETE_SIGN, DataType.of(FieldType.TINYINT))
                .nullable(false)
                .key(false)
                .aggregation(AggregationType.REPLACE)
                .visible(false)
                .build();
    }

    /**
     * Returns {@code schema} with the delete-sign column appended when the table is UNIQUE_KEYS and
     * does not have it yet; other schemas are returned unchanged.
     */
    public static TabletSchema withDeleteSign(TabletSchema schema) {
        if (schema.keysType() != KeysType.UNIQUE_KEYS || schema.deleteSignIndex() >= 0) {
            return schema;
        }
        return schema.toBuilder().column(deleteSignColumn()).build();
    }

    /** {@link #withDeleteSign(TabletSchema)} applied to a descriptor's schema. */
    public static TableDescriptor withDeleteSign(TableDescriptor d) {
        TabletSchema s = withDeleteSign(d.schema());
        if (s == d.schema()) {
            return d;
        }
        return TableDescriptor.builder(s)
                .distribution(d.distributionColumns())
                .buckets(d.buckets())
                .partitionColumns(d.partitionColumns())
                .properties(d.properties())
                .build();
    }
}
