package com.valorwell.calendar.platform.db;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * What {@code DB_MIGRATE} means, in one place for the service's migrator, the tests and
 * the dev sandbox: {@code none}; {@code migration} applies {@code db/migration/} to a
 * database that already has the EHR's schema (production, Supabase); {@code all} also
 * applies the minimal EHR copy of {@code db/baseline/} first (dev, tests).
 */
public final class MigrationPlan {

    /** Flyway's own bookkeeping table; named so it cannot meet another tool's. */
    public static final String HISTORY_TABLE = "calendar_sync_schema_history";
    /** The newest version under db/migration/: readiness waits for it. */
    public static final String LATEST_VERSION = "1";

    private MigrationPlan() {
    }

    public static Flyway flyway(DataSource dataSource, String mode) {
        List<String> locations = new ArrayList<>();
        if ("all".equals(mode)) {
            locations.add("classpath:db/baseline");
        }
        locations.add("classpath:db/migration");
        return Flyway.configure(MigrationPlan.class.getClassLoader())
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .table(HISTORY_TABLE)
                .schemas("public")
                .createSchemas(false)
                // An existing EHR database has tables but no history of ours: start after it.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .validateMigrationNaming(true)
                .load();
    }

    public static MigrateResult migrate(DataSource dataSource, String mode) {
        if ("none".equals(mode)) {
            return null;
        }
        return flyway(dataSource, mode).migrate();
    }
}
