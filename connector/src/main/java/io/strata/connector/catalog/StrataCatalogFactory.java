package io.strata.connector.catalog;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.factories.CatalogFactory;
import org.apache.flink.table.factories.FactoryUtil;

import java.util.Set;

/**
 * Creates a {@link StrataCatalog}: {@code CREATE CATALOG s WITH ('type' = 'strata', 'warehouse' =
 * 'file:///data/strata')}. Options: {@code warehouse} (required), {@code default-database} (default
 * {@code default}).
 */
public final class StrataCatalogFactory implements CatalogFactory {
    public static final String IDENTIFIER = "strata";

    public static final ConfigOption<String> WAREHOUSE =
            ConfigOptions.key("warehouse")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Root folder of the catalog: databases are its sub-folders, tables"
                                    + " their sub-folders (local path or Flink file system URI).");

    public static final ConfigOption<String> DEFAULT_DATABASE =
            ConfigOptions.key("default-database")
                    .stringType()
                    .defaultValue("default")
                    .withDescription("Database used when a statement names none.");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(WAREHOUSE);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(DEFAULT_DATABASE);
    }

    @Override
    public Catalog createCatalog(Context context) {
        FactoryUtil.CatalogFactoryHelper helper =
                FactoryUtil.createCatalogFactoryHelper(this, context);
        helper.validate();
        return new StrataCatalog(
                context.getName(),
                helper.getOptions().get(WAREHOUSE),
                helper.getOptions().get(DEFAULT_DATABASE));
    }
}
