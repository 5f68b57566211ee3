package io.strata.engine.schema;

/**
 * Doris storage field types that Strata writes, with Doris's {@code FieldType} numbers (stored in
 * {@code ColumnMetaPB.type}) and the type names of {@code ColumnPB.type}.
 */
public enum FieldType {
    TINYINT(1, "TINYINT", 1),
    SMALLINT(3, "SMALLINT", 2),
    INT(5, "INT", 4),
    BIGINT(7, "BIGINT", 8),
    LARGEINT(9, "LARGEINT", 16),
    FLOAT(10, "FLOAT", 4),
    DOUBLE(11, "DOUBLE", 8),
    CHAR(13, "CHAR", -1),
    VARCHAR(17, "VARCHAR", -1),
    BOOLEAN(24, "BOOLEAN", 1),
    STRING(26, "STRING", -1),
    DATEV2(28, "DATEV2", 4),
    DATETIMEV2(29, "DATETIMEV2", 8),
    DECIMAL32(31, "DECIMAL32", 4),
    DECIMAL64(32, "DECIMAL64", 8),
    DECIMAL128I(33, "DECIMAL128I", 16);

    /** Doris FieldType number as stored in ColumnMetaPB.type. */
    public final int id;

    /** Doris type name as stored in ColumnPB.type. */
    public final String dorisName;

    /** In-memory value width in bytes (Doris sizeof(CppType)); -1 for variable-length strings. */
    public final int fixedSize;

    FieldType(int id, String dorisName, int fixedSize) {
        this.id = id;
        this.dorisName = dorisName;
        this.fixedSize = fixedSize;
    }

    public boolean isString() {
        return fixedSize < 0;
    }

    public boolean isDecimal() {
        return this == DECIMAL32 || this == DECIMAL64 || this == DECIMAL128I;
    }

    public boolean isInteger() {
        return this == TINYINT
                || this == SMALLINT
                || this == INT
                || this == BIGINT
                || this == LARGEINT;
    }

    public static FieldType fromId(int id) {
        for (FieldType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported Doris field type id " + id);
    }

    public static FieldType fromDorisName(String name) {
        for (FieldType t : values()) {
            if (t.dorisName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        if (name.equalsIgnoreCase("BOOL")) {
            return BOOLEAN;
        }
        throw new IllegalArgumentException("unsupported Doris type name '" + name + "'");
    }
}
