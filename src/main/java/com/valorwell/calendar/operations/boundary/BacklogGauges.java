package com.valorwell.calendar.operations.boundary;

import com.valorwell.calendar.platform.config.Setting;
import com.valorwell.calendar.platform.config.Settings;
import com.valorwell.calendar.platform.db.DataSourceDefinitions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The gauges an operator alerts on: {@code calendar_sync_backlog{status}} (synced,
 * pending, failed, dead) and {@code calendar_connections{status}}, across all tenants.
 * Read from the database at most every few seconds, so frequent scrapes stay cheap.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BacklogGauges {

    private static final long FRESH_MILLIS = 5_000;
    private static final String[] SYNC = {"synced", "pending", "failed", "dead"};
    private static final String[] CONNECTIONS = {"connected", "needs_reconnect", "disconnected"};

    @Resource(lookup = DataSourceDefinitions.JNDI_NAME)
    DataSource dataSource;

    @Inject
    MetricRegistry registry;

    @Inject
    Settings settings;

    private volatile Map<String, Long> counts = Map.of();
    private volatile long readAt;

    @PostConstruct
    void register() {
        for (String status : SYNC) {
            registry.gauge("calendar_sync_backlog", () -> count("sync:" + status), new Tag("status", status));
        }
        for (String status : CONNECTIONS) {
            registry.gauge("calendar_connections", () -> count("connection:" + status), new Tag("status", status));
        }
    }

    private long count(String key) {
        if (System.currentTimeMillis() - readAt > FRESH_MILLIS) {
            refresh();
        }
        return counts.getOrDefault(key, 0L);
    }

    private synchronized void refresh() {
        if (System.currentTimeMillis() - readAt <= FRESH_MILLIS) {
            return;
        }
        int maxAttempts = settings.integer(Setting.SYNC_RETRY_MAX_ATTEMPTS);
        Map<String, Long> fresh = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(5);
                // As service_role, like all system work: whatever the login role, RLS hides nothing here.
                s.execute("select set_config('role', 'service_role', true)");
                try (ResultSet rs = s.executeQuery("select sync_status, count(*), count(*) filter (where retry_count >= "
                        + maxAttempts + ") from calendar_sync_log group by sync_status")) {
                    while (rs.next()) {
                        fresh.put("sync:" + rs.getString(1), rs.getLong(2));
                        if ("failed".equals(rs.getString(1))) {
                            fresh.put("sync:dead", rs.getLong(3));
                        }
                    }
                }
                try (ResultSet rs = s.executeQuery(
                        "select connection_status, count(*) from staff_calendar_connections group by connection_status")) {
                    while (rs.next()) {
                        fresh.put("connection:" + rs.getString(1), rs.getLong(2));
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
            counts = fresh;
        } catch (SQLException e) {
            // Keep the last counts; the readiness check reports the database itself.
        }
        readAt = System.currentTimeMillis();
    }
}
