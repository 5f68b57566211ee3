package io.strata.connector.table;

import io.strata.engine.schema.DataType;
import io.strata.engine.schema.FieldType;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;

/**
 * Maps Flink SQL logical types to Doris storage types. Total on the supported set and an error
 * naming the column and the type for anything else, so a bad DDL fails at planning time, never at
 * the first row.
 *
 * <table>
 *   <tr><th>Flink</th><th>Doris</th></tr>
 *   <tr><td>BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE</td><td>same name</td></tr>
 *   <tr><td>DECIMAL(p,s)</td><td>DECIMAL32 (p ≤ 9), DECIMAL64 (p ≤ 18), DECIMAL128I</td></tr>
 *   <tr><td>DATE</td><td>DATEV2</td></tr>
 *   <tr><td>TIMESTAMP(p), p ≤ 6</td><td>DATETIMEV2(p)</td></tr>
 *   <tr><td>CHAR(n), n ≤ 255</td><td>CHAR(n)</td></tr>
 *   <tr><td>VARCHAR(n), n ≤ 65533</td><td>VARCHAR(n)</td></tr>
 *   <tr><td>STRING (VARCHAR(MAX)) and longer VARCHAR/CHAR</td><td>STRING</td></tr>
 * </table>
 *
 * Flink counts CHAR/VARCHAR lengths in characters, Doris in bytes; the declared length is carried
 * over unchanged and the converter checks the byte length of each value.
 */
public final class FlinkTypeMapping {
    private FlinkTypeMapping() {}

    /** The Doris type of a Flink column, or a {@link ValidationException} naming the column. */
    public static DataType toDoris(String column, LogicalType type) {
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return DataType.of(FieldType.BOOLEAN);
            case TINYINT:
                return DataType.of(FieldType.TINYINT);
            case SMALLINT:
                return DataType.of(FieldType.SMALLINT);
            case INTEGER:
                return DataType.of(FieldType.INT);
            case BIGINT:
                return DataType.of(FieldType.BIGINT);
            case FLOAT:
                return DataType.of(FieldType.FLOAT);
            case DOUBLE:
                return DataType.of(FieldType.DOUBLE);
            case DECIMAL:
                {
                    DecimalType d = (DecimalType) type;
                    return DataType.decimal(d.getPrecision(), d.getScale());
                }
            case DATE:
                return DataType.of(FieldType.DATEV2);
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                {
                    int p = ((TimestampType) type).getPrecision();
                    if (p > 6) {
                        throw unsupported(
                                column, type, "Doris DATETIMEV2 keeps at most 6 fractional digits");
                    }
                    return DataType.datetimeV2(p);
                }
            case CHAR:
                {
                    int n = ((CharType) type).getLength();
                    return n <= 255 ? DataType.charType(n) : DataType.string();
                }
            case VARCHAR:
                {
                    int n = ((VarCharType) type).getLength();
                    return n <= 65533 ? DataType.varchar(n) : DataType.string();
                }
            default:
                throw unsupported(
                        column,
                        type,
                        "supported: BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, "
                                + "DECIMAL(p,s), DATE, TIMESTAMP(p<=6), CHAR, VARCHAR, STRING");
        }
    }

    private static ValidationException unsupported(String column, LogicalType type, String why) {
        return new ValidationException(
                String.format(
                        "Strata table column '%s' has unsupported type %s (%s).",
                        column, type.asSummaryString(), why));
    }
}
