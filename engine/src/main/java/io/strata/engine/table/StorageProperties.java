package io.strata.engine.table;

import io.strata.engine.schema.TabletSchema;

import java.util.Map;
import java.util.Set;

/**
 * Table properties that tune how segments are written (docs/table-format.md, "Storage properties").
 * They are stored with the table and applied to its {@link TabletSchema} whenever a {@link
 * TableDescriptor} is built, so memtable flushes and compactions of every writer use them:
 *
 * <ul>
 *   <li>{@value #STORAGE_PAGE_SIZE}: Doris's data page size, 4096..10485760 bytes (default 65536).
 *   <li>{@value #STORAGE_DICT_PAGE_SIZE}: Doris's dictionary size limit before a string column
 *       falls back to plain pages, 4096..104857600 bytes (default 262144).
 *   <li>{@value #COMPRESSION_LEVEL}: zstd level 1..22 for data and dictionary pages (0 or unset =
 *       Doris's 3). Not visible in the files.
 *   <li>{@value #SIZE_OPTIMIZED}: {@code true} writes dictionaries sorted and, with zstd,
 *       bit-shuffle planes as literal LZ4 blocks (default {@code false}: byte-identical to Doris's
 *       writer).
 * </ul>
 *
 * Doris BEs read files written with any of these values.
 */
public final class StorageProperties {
    public static final String STORAGE_PAGE_SIZE = "storage_page_size";
    public static final String STORAGE_DICT_PAGE_SIZE = "storage_dict_page_size";
    public static final String COMPRESSION_LEVEL = "compression.level";
    public static final String SIZE_OPTIMIZED = "storage.size-optimized";

    /** All keys this class understands. */
    public static final Set<String> KEYS =
            Set.of(STORAGE_PAGE_SIZE, STORAGE_DICT_PAGE_SIZE, COMPRESSION_LEVEL, SIZE_OPTIMIZED);

    private StorageProperties() {}

    /**
     * The schema with the storage properties of {@code props} applied (absent keys keep the
     * schema's values). Throws IllegalArgumentException naming the key and value when one is bad.
     */
    public static TabletSchema apply(TabletSchema schema, Map<String, String> props) {
        if (props.keySet().stream().noneMatch(KEYS::contains)) {
            return schema;
        }
        TabletSchema.Builder b = schema.toBuilder();
        intProperty(props, STORAGE_PAGE_SIZE, b::storagePageSize);
        intProperty(props, STORAGE_DICT_PAGE_SIZE, b::storageDictPageSize);
        intProperty(props, COMPRESSION_LEVEL, b::compressionLevel);
        String v = props.get(SIZE_OPTIMIZED);
        if (v != null) {
            String t = v.trim();
            if (!t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(
                        "table property '"
                                + SIZE_OPTIMIZED
                                + "' must be true or false: '"
                                + v
                                + "'");
            }
            b.sizeOptimized(Boolean.parseBoolean(t));
        }
        return b.build();
    }

    private static void intProperty(
            Map<String, String> props, String key, java.util.function.IntConsumer setter) {
        String v = props.get(key);
        if (v == null) {
            return;
        }
        try {
            setter.accept(parseInt(key, v));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "table property '" + key + "' = '" + v + "': " + e.getMessage(), e);
        }
    }

    private static int parseInt(String key, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer: '" + v + "'");
        }
    }
}
