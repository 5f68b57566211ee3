package io.strata.connector.catalog;

import io.strata.connector.fs.FlinkFileIO;
import io.strata.connector.source.BlockConverter;
import io.strata.connector.source.SplitPlanner;
import io.strata.connector.table.StrataConnectorOptions;
import io.strata.connector.table.StrataDynamicTableFactory;
import io.strata.connector.table.StrataDynamicTableSink;
import io.strata.connector.table.StrataTableLayout;
import io.strata.engine.io.FileIO;
import io.strata.engine.schema.AggregationType;
import io.strata.engine.schema.Column;
import io.strata.engine.schema.KeysType;
import io.strata.engine.schema.TabletSchema;
import io.strata.engine.table.Table;
import io.strata.engine.table.TableDescriptor;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.AbstractCatalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionImpl;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.table.factories.Factory;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Flink catalog over a warehouse folder: databases are its sub-folders, tables the sub-folders of
 * a database that hold {@code _meta/table.pb}. {@code CREATE TABLE} creates the engine table from
 * the DDL (same rules as the {@code strata} connector's {@link StrataTableLayout}); {@code
 * getTable} derives the Flink schema and connector options from the engine table, so any job, and
 * the {@code strata} connector opened by path, sees the same table without repeating DDL. Tables
 * have no catalog-side state: the folder is the table.
 */
public final class StrataCatalog extends AbstractCatalog {
    private static final String TABLE_META = "_meta/table.pb";
    private static final String DB_MARKER = ".strata-database";

    private final String warehouse;
    private FileIO io;

    public StrataCatalog(String name, String warehouse, String defaultDatabase) {
        super(name, defaultDatabase);
        this.warehouse = trimSlash(warehouse);
    }

    private static String trimSlash(String p) {
        while (p.endsWith("/") && p.length() > 1 && !p.endsWith(":/") && !p.endsWith("://")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    @Override
    public void open() throws CatalogException {
        io = FlinkFileIO.forPath(warehouse);
        try {
            String db = dbPath(getDefaultDatabase());
            if (!io.exists(db)) {
                mkdir(db);
            }
        } catch (IOException e) {
            throw new CatalogException("Cannot open Strata warehouse " + warehouse, e);
        }
    }

    @Override
    public void close() {}

    @Override
    public Optional<Factory> getFactory() {
        return Optional.of(new StrataDynamicTableFactory());
    }

    /** FileIO has no mkdir: a database folder is made by writing its marker file. */
    private void mkdir(String db) throws IOException {
        io.writeAtomically(db + "/" + DB_MARKER, new byte[0]);
    }

    String dbPath(String db) {
        return warehouse + "/" + db;
    }

    /** Folder of a table. */
    public String tablePath(ObjectPath p) {
        return dbPath(p.getDatabaseName()) + "/" + p.getObjectName();
    }

    // ---- databases -----------------------------------------------------------------------------

    @Override
    public List<String> listDatabases() throws CatalogException {
        try {
            List<String> out = new ArrayList<>();
            for (FileIO.FileStatus s : io.list(warehouse)) {
                if (s.isDirectory() && !s.name().startsWith(".") && !s.name().startsWith("_")) {
                    out.add(s.name());
                }
            }
            out.sort(null);
            return out;
        } catch (IOException e) {
            throw new CatalogException("Cannot list databases of " + warehouse, e);
        }
    }

    @Override
    public CatalogDatabase getDatabase(String name) throws DatabaseNotExistException {
        if (!databaseExists(name)) {
            throw new DatabaseNotExistException(getName(), name);
        }
        return new CatalogDatabaseImpl(Map.of(), null);
    }

    @Override
    public boolean databaseExists(String name) throws CatalogException {
        try {
            return io.exists(dbPath(name));
        } catch (IOException e) {
            throw new CatalogException("Cannot check database " + name, e);
        }
    }

    @Override
    public void createDatabase(String name, CatalogDatabase db, boolean ignoreIfExists)
            throws DatabaseAlreadyExistException {
        if (databaseExists(name)) {
            if (!ignoreIfExists) {
                throw new DatabaseAlreadyExistException(getName(), name);
            }
            return;
        }
        try {
            mkdir(dbPath(name));
        } catch (IOException e) {
            throw new CatalogException("Cannot create database " + name, e);
        }
    }

    @Override
    public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade)
            throws DatabaseNotExistException, DatabaseNotEmptyException {
        if (!databaseExists(name)) {
            if (!ignoreIfNotExists) {
                throw new DatabaseNotExistException(getName(), name);
            }
            return;
        }
        try {
            if (!cascade && !listTables(name).isEmpty()) {
                throw new DatabaseNotEmptyException(getName(), name);
            }
            io.deleteRecursively(dbPath(name));
        } catch (IOException e) {
            throw new CatalogException("Cannot drop database " + name, e);
        }
    }

    @Override
    public void alterDatabase(String name, CatalogDatabase newDb, boolean ignoreIfNotExists) {
        throw new CatalogException("Strata catalog databases have no properties to alter");
    }

    // ---- tables --------------------------------------------------------------------------------

    @Override
    public List<String> listTables(String db) throws DatabaseNotExistException {
        if (!databaseExists(db)) {
            throw new DatabaseNotExistException(getName(), db);
        }
        try {
            List<String> out = new ArrayList<>();
            for (FileIO.FileStatus s : io.list(dbPath(db))) {
                if (s.isDirectory() && io.exists(dbPath(db) + "/" + s.name() + "/" + TABLE_META)) {
                    out.add(s.name());
                }
            }
            out.sort(null);
            return out;
        } catch (IOException e) {
            throw new CatalogException("Cannot list tables of " + db, e);
        }
    }

    @Override
    public List<String> listViews(String db) throws DatabaseNotExistException {
        if (!databaseExists(db)) {
            throw new DatabaseNotExistException(getName(), db);
        }
        return List.of();
    }

    @Override
    public boolean tableExists(ObjectPath p) throws CatalogException {
        try {
            return io.exists(tablePath(p) + "/" + TABLE_META);
        } catch (IOException e) {
            throw new CatalogException("Cannot check table " + p, e);
        }
    }

    @Override
    public CatalogBaseTable getTable(ObjectPath p) throws TableNotExistException {
        if (!tableExists(p)) {
            throw new TableNotExistException(getName(), p);
        }
        String path = tablePath(p);
        try (Table t = Table.open(io, path)) {
            return toCatalogTable(t, path);
        } catch (IOException e) {
            throw new CatalogException("Cannot open Strata table " + p + " at " + path, e);
        }
    }

    /**
     * The Flink view of an engine table: visible columns in storage order, PRIMARY KEY for UNIQUE
     * tables, PARTITIONED BY, and the {@code strata} connector options that reproduce its layout.
     */
    public static CatalogTable toCatalogTable(Table t, String path) {
        TableDescriptor d = t.descriptor();
        TabletSchema s = d.schema();
        Schema.Builder sb = Schema.newBuilder();
        List<String> keys = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("connector", StrataDynamicTableFactory.IDENTIFIER);
        options.put(StrataConnectorOptions.PATH.key(), path);
        for (Column c : s.columns()) {
            if (!c.visible() || c.isDeleteSign()) {
                continue;
            }
            org.apache.flink.table.types.DataType dt =
                    TypeConversions.fromLogicalToDataType(BlockConverter.flinkType(c));
            sb.column(
                    c.name(),
                    c.isKey() && s.keysType() == KeysType.UNIQUE_KEYS ? dt.notNull() : dt);
            if (c.isKey()) {
                keys.add(c.name());
            }
            if (s.keysType() == KeysType.AGG_KEYS && !c.isKey()) {
                options.put(
                        "fields." + c.name() + ".aggregate-function",
                        aggregateName(c.aggregation()));
            }
        }
        switch (s.keysType()) {
            case UNIQUE_KEYS:
                sb.primaryKeyNamed("PK_" + String.join("_", keys), keys);
                break;
            case AGG_KEYS:
                options.put(StrataConnectorOptions.TABLE_KEYS_TYPE.key(), "aggregate");
                break;
            default:
                options.put(StrataConnectorOptions.DUPLICATE_KEY.key(), String.join(",", keys));
        }
        if (s.sequenceColumnIndex() >= 0) {
            options.put(
                    StrataConnectorOptions.SEQUENCE_FIELD.key(),
                    s.column(s.sequenceColumnIndex()).name());
        }
        options.put(StrataConnectorOptions.BUCKET.key(), Integer.toString(d.buckets()));
        if (!d.distributionColumns().isEmpty()) {
            options.put(
                    StrataConnectorOptions.BUCKET_KEY.key(),
                    String.join(",", d.distributionColumns()));
        }
        List<String> bloom = new ArrayList<>();
        List<String> bitmap = new ArrayList<>();
        for (Column c : s.columns()) {
            if (c.hasBloomFilter()) {
                bloom.add(c.name());
            }
            if (c.hasBitmapIndex()) {
                bitmap.add(c.name());
            }
        }
        if (!bloom.isEmpty()) {
            options.put(StrataConnectorOptions.BLOOM_FILTER_COLUMNS.key(), String.join(",", bloom));
        }
        if (!bitmap.isEmpty()) {
            options.put(
                    StrataConnectorOptions.BITMAP_INDEX_COLUMNS.key(), String.join(",", bitmap));
        }
        options.put(StrataConnectorOptions.COMPRESSION.key(), compressionName(s));
        return CatalogTable.newBuilder()
                .schema(sb.build())
                .comment("Strata " + s.keysType() + " table at " + path)
                .partitionKeys(d.partitionColumns())
                .options(options)
                .build();
    }

    private static String aggregateName(AggregationType a) {
        return a.name().toLowerCase(Locale.ROOT);
    }

    private static String compressionName(TabletSchema s) {
        switch (s.compression()) {
            case LZ4:
                return "lz4";
            case ZSTD:
                return "zstd";
            case NO_COMPRESSION:
                return "none";
            default:
                return "lz4f";
        }
    }

    @Override
    public void dropTable(ObjectPath p, boolean ignoreIfNotExists) throws TableNotExistException {
        if (!tableExists(p)) {
            if (!ignoreIfNotExists) {
                throw new TableNotExistException(getName(), p);
            }
            return;
        }
        try {
            io.deleteRecursively(tablePath(p));
        } catch (IOException e) {
            throw new CatalogException("Cannot drop table " + p, e);
        }
    }

    @Override
    public void renameTable(ObjectPath p, String newName, boolean ignoreIfNotExists) {
        throw new CatalogException("Strata catalog does not rename tables");
    }

    @Override
    public void createTable(ObjectPath p, CatalogBaseTable table, boolean ignoreIfExists)
            throws TableAlreadyExistException, DatabaseNotExistException {
        if (!databaseExists(p.getDatabaseName())) {
            throw new DatabaseNotExistException(getName(), p.getDatabaseName());
        }
        if (tableExists(p)) {
            if (!ignoreIfExists) {
                throw new TableAlreadyExistException(getName(), p);
            }
            return;
        }
        if (!(table instanceof ResolvedCatalogTable)) {
            throw new CatalogException("Strata catalog only stores tables, not views: " + p);
        }
        ResolvedCatalogTable rt = (ResolvedCatalogTable) table;
        Map<String, String> opts = new LinkedHashMap<>(rt.getOptions());
        String connector = opts.remove("connector");
        if (connector != null && !connector.equals(StrataDynamicTableFactory.IDENTIFIER)) {
            throw new CatalogException(
                    "Strata catalog tables use the 'strata' connector, not '" + connector + "'");
        }
        if (opts.containsKey(StrataConnectorOptions.PATH.key())) {
            throw new CatalogException(
                    "Table " + p + ": the Strata catalog chooses the path; remove 'path'");
        }
        RowType rowType = (RowType) rt.getResolvedSchema().toPhysicalRowDataType().getLogicalType();
        List<String> pk =
                rt.getResolvedSchema()
                        .getPrimaryKey()
                        .map(UniqueConstraint::getColumns)
                        .orElse(List.of());
        StrataTableLayout layout =
                StrataTableLayout.derive(
                        rowType,
                        pk,
                        rt.getPartitionKeys(),
                        rt.getDistribution(),
                        Configuration.fromMap(opts),
                        opts);
        try (Table t = Table.create(io, tablePath(p), StrataDynamicTableSink.descriptor(layout))) {
            // created
        } catch (IOException e) {
            throw new CatalogException("Cannot create Strata table " + p, e);
        }
    }

    @Override
    public void alterTable(ObjectPath p, CatalogBaseTable newTable, boolean ignoreIfNotExists) {
        throw new CatalogException("Strata catalog does not alter tables");
    }

    // ---- partitions (from the table metadata), functions, statistics ---------------------------

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath p)
            throws TableNotExistException, TableNotPartitionedException {
        if (!tableExists(p)) {
            throw new TableNotExistException(getName(), p);
        }
        try (Table t = Table.open(io, tablePath(p))) {
            if (t.descriptor().partitionColumns().isEmpty()) {
                throw new TableNotPartitionedException(getName(), p);
            }
            List<CatalogPartitionSpec> out = new ArrayList<>();
            for (Map<String, String> m : SplitPlanner.partitions(t, t.latestVersion())) {
                out.add(new CatalogPartitionSpec(m));
            }
            return out;
        } catch (IOException e) {
            throw new CatalogException("Cannot list partitions of " + p, e);
        }
    }

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath p, CatalogPartitionSpec spec)
            throws TableNotExistException, TableNotPartitionedException {
        List<CatalogPartitionSpec> out = new ArrayList<>();
        for (CatalogPartitionSpec s : listPartitions(p)) {
            if (s.getPartitionSpec().entrySet().containsAll(spec.getPartitionSpec().entrySet())) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public List<CatalogPartitionSpec> listPartitionsByFilter(ObjectPath p, List<Expression> f) {
        // The source lists and prunes partitions itself (SupportsPartitionPushDown).
        throw new UnsupportedOperationException("Strata prunes partitions in its source");
    }

    @Override
    public CatalogPartition getPartition(ObjectPath p, CatalogPartitionSpec spec)
            throws PartitionNotExistException {
        if (!partitionExists(p, spec)) {
            throw new PartitionNotExistException(getName(), p, spec);
        }
        return new CatalogPartitionImpl(Map.of(), null);
    }

    @Override
    public boolean partitionExists(ObjectPath p, CatalogPartitionSpec spec) {
        try {
            return listPartitions(p).contains(spec);
        } catch (TableNotExistException | TableNotPartitionedException e) {
            return false;
        }
    }

    @Override
    public void createPartition(
            ObjectPath p, CatalogPartitionSpec spec, CatalogPartition part, boolean ignore) {
        throw new CatalogException("Strata partitions are created by writes");
    }

    @Override
    public void dropPartition(ObjectPath p, CatalogPartitionSpec spec, boolean ignore) {
        throw new CatalogException("Strata partitions are dropped by DELETE or INSERT OVERWRITE");
    }

    @Override
    public void alterPartition(
            ObjectPath p, CatalogPartitionSpec spec, CatalogPartition part, boolean ignore) {
        throw new CatalogException("Strata partitions have no properties");
    }

    @Override
    public List<String> listFunctions(String db) {
        return List.of();
    }

    @Override
    public CatalogFunction getFunction(ObjectPath p) throws FunctionNotExistException {
        throw new FunctionNotExistException(getName(), p);
    }

    @Override
    public boolean functionExists(ObjectPath p) {
        return false;
    }

    @Override
    public void createFunction(ObjectPath p, CatalogFunction f, boolean ignore) {
        throw new CatalogException("Strata catalog does not store functions");
    }

    @Override
    public void alterFunction(ObjectPath p, CatalogFunction f, boolean ignore) {
        throw new CatalogException("Strata catalog does not store functions");
    }

    @Override
    public void dropFunction(ObjectPath p, boolean ignore) {
        throw new CatalogException("Strata catalog does not store functions");
    }

    @Override
    public CatalogTableStatistics getTableStatistics(ObjectPath p) {
        return CatalogTableStatistics.UNKNOWN;
    }

    @Override
    public CatalogColumnStatistics getTableColumnStatistics(ObjectPath p) {
        return CatalogColumnStatistics.UNKNOWN;
    }

    @Override
    public CatalogTableStatistics getPartitionStatistics(ObjectPath p, CatalogPartitionSpec s) {
        return CatalogTableStatistics.UNKNOWN;
    }

    @Override
    public CatalogColumnStatistics getPartitionColumnStatistics(
            ObjectPath p, CatalogPartitionSpec s) {
        return CatalogColumnStatistics.UNKNOWN;
    }

    @Override
    public void alterTableStatistics(ObjectPath p, CatalogTableStatistics s, boolean ignore) {}

    @Override
    public void alterTableColumnStatistics(
            ObjectPath p, CatalogColumnStatistics s, boolean ignore) {}

    @Override
    public void alterPartitionStatistics(
            ObjectPath p, CatalogPartitionSpec ps, CatalogTableStatistics s, boolean ignore) {}

    @Override
    public void alterPartitionColumnStatistics(
            ObjectPath p, CatalogPartitionSpec ps, CatalogColumnStatistics s, boolean ignore) {}
}
