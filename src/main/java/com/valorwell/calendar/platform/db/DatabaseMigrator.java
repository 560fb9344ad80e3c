package com.valorwell.calendar.platform.db;

import com.valorwell.calendar.platform.config.Setting;
import com.valorwell.calendar.platform.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the schema at start according to {@code DB_MIGRATE}, as Dataverse does: a
 * startup singleton outside any container transaction, so Flyway commits on its own.
 * A failed migration fails the deployment.
 */
@Startup
@Singleton
@DependsOn("Configuration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DatabaseMigrator {

    private static final Logger LOG = Logger.getLogger(DatabaseMigrator.class.getName());

    @Resource(lookup = DataSourceDefinitions.JNDI_NAME)
    DataSource dataSource;

    @Inject
    Settings settings;

    @PostConstruct
    void migrate() {
        String mode = settings.text(Setting.DB_MIGRATE);
        try {
            MigrateResult result = MigrationPlan.migrate(dataSource, mode);
            if (result == null) {
                LOG.info("DB_MIGRATE=none: schema left as it is");
            } else {
                LOG.log(Level.INFO, "DB_MIGRATE={0}: {1} migration(s) applied, schema at version {2}",
                        new Object[] {mode, result.migrationsExecuted, result.targetSchemaVersion});
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Database migration failed: {0}", e.getClass().getSimpleName());
            throw e;
        }
    }
}
