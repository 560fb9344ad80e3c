package com.valorwell.calendar.operations.boundary;

import com.valorwell.calendar.platform.db.DataSourceDefinitions;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the database answers and holds the schema of the newest migration, however
 * it was applied (by the service, or by hand with DB_MIGRATE=none). Never calls Google:
 * a Google outage must not take the service out of rotation.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    /** The newest migration's tables and one of its columns. */
    private static final String SCHEMA_PRESENT = """
            select to_regclass('public.staff_calendar_connections') is not null
               and to_regclass('public.calendar_sync_log') is not null
               and exists (select 1 from information_schema.columns
                            where table_schema = 'public' and table_name = 'calendar_sync_log'
                              and column_name = 'error_code')
            """;

    @Resource(lookup = DataSourceDefinitions.JNDI_NAME)
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database");
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(SCHEMA_PRESENT)) {
            s.setQueryTimeout(5);
            try (ResultSet rs = s.executeQuery()) {
                boolean migrated = rs.next() && rs.getBoolean(1);
                return response.status(migrated).withData("migrated", migrated).build();
            }
        } catch (SQLException e) {
            return response.down().withData("error", "database unreachable").build();
        }
    }
}
