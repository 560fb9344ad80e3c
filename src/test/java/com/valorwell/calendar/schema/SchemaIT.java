package com.valorwell.calendar.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.valorwell.calendar.platform.db.MigrationPlan;
import com.valorwell.calendar.testsupport.ItEnvironment;
import com.valorwell.calendar.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The SQL under db/ against a real PostgreSQL, each test on a database of its own:
 * the migration applies with and without the baseline in place, and the rollback puts
 * the catalog back exactly as it was.
 */
class SchemaIT {

    private final TestDatabase server = ItEnvironment.current().server();
    private final List<String> databases = new ArrayList<>();

    @AfterEach
    void drop() throws SQLException {
        for (String db : databases) {
            server.dropDatabase(db);
        }
    }

    String freshDatabase() throws SQLException {
        String db = server.createDatabase("calsync_schema");
        databases.add(db);
        return db;
    }

    PGSimpleDataSource dataSource(String db) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(server.url(db));
        ds.setUser(server.user());
        ds.setPassword(server.password());
        return ds;
    }

    static void runSqlFile(Connection c, String path) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute(Files.readString(Path.of(path)));
        }
    }

    @Test
    void migrationAppliesOnAnEmptyDatabaseWithTheBaseline() throws Exception {
        String db = freshDatabase();
        MigrateResult result = MigrationPlan.migrate(dataSource(db), "all");
        assertEquals(2, result.migrationsExecuted);
        assertEquals(MigrationPlan.LATEST_VERSION, result.targetSchemaVersion);
        try (Connection c = server.connect(db)) {
            assertTrue(tableExists(c, "staff_calendar_connections"));
            assertTrue(tableExists(c, "calendar_sync_log"));
        }
        assertEquals(0, MigrationPlan.migrate(dataSource(db), "all").migrationsExecuted, "a second start is a no-op");
    }

    @Test
    void migrationAppliesOnADatabaseThatAlreadyHasTheEhrSchema() throws Exception {
        String db = freshDatabase();
        try (Connection c = server.connect(db)) {
            runSqlFile(c, "db/baseline/V0_1__ehr_baseline.sql");
        }
        MigrateResult result = MigrationPlan.migrate(dataSource(db), "migration");
        assertEquals(1, result.migrationsExecuted);
        try (Connection c = server.connect(db)) {
            assertTrue(tableExists(c, "staff_calendar_connections"));
            assertTrue(tableExists(c, "calendar_sync_log"));
        }
    }

    @Test
    void migrationTouchesNoExistingTable() throws Exception {
        String db = freshDatabase();
        try (Connection c = server.connect(db)) {
            runSqlFile(c, "db/baseline/V0_1__ehr_baseline.sql");
            List<String> before = ehrTables(c);
            runSqlFile(c, "db/migration/V1__calendar_sync.sql");
            assertEquals(before, ehrTables(c), "the EHR's tables, their constraints, policies, triggers and grants");
        }
    }

    @Test
    void rollbackLeavesTheCatalogIdenticalToBefore() throws Exception {
        String db = freshDatabase();
        try (Connection c = server.connect(db)) {
            runSqlFile(c, "db/baseline/V0_1__ehr_baseline.sql");
            List<String> before = catalog(c);
            runSqlFile(c, "db/migration/V1__calendar_sync.sql");
            assertNotEquals(before, catalog(c));
            runSqlFile(c, "db/rollback/calendar_sync_rollback.sql");
            assertEquals(before, catalog(c));
        }
    }

    @Test
    void rollbackAfterTheServiceMigratedLetsTheNextStartApplyItAgain() throws Exception {
        String db = freshDatabase();
        MigrationPlan.migrate(dataSource(db), "all");
        try (Connection c = server.connect(db)) {
            runSqlFile(c, "db/rollback/calendar_sync_rollback.sql");
            assertTrue(!tableExists(c, "calendar_sync_log"));
        }
        assertEquals(1, MigrationPlan.migrate(dataSource(db), "all").migrationsExecuted);
    }

    static boolean tableExists(Connection c, String table) throws SQLException {
        try (var s = c.prepareStatement("select to_regclass(?) is not null")) {
            s.setString(1, "public." + table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Everything about the EHR's own tables that a migration could change. */
    static List<String> ehrTables(Connection c) throws SQLException {
        String tables = "('tenants','profiles','tenant_memberships','staff','appointments')";
        List<String> out = new ArrayList<>();
        query(c, "select table_name, column_name, data_type, column_default, is_nullable from information_schema.columns"
                + " where table_schema = 'public' and table_name in " + tables, out::add);
        query(c, "select conrelid::regclass::text, conname, pg_get_constraintdef(oid) from pg_constraint"
                + " where conrelid::regclass::text in " + tables, out::add);
        query(c, "select tgrelid::regclass::text, tgname from pg_trigger where tgrelid::regclass::text in " + tables
                + " and not tgisinternal", out::add);
        query(c, "select relname, relrowsecurity::text from pg_class where relname in " + tables, out::add);
        query(c, "select grantee, table_name, privilege_type from information_schema.role_table_grants"
                + " where table_schema = 'public' and table_name in " + tables, out::add);
        out.sort(null);
        return out;
    }

    /** Tables, columns, constraints, indexes, policies, grants, functions, triggers and roles. */
    static List<String> catalog(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        String schemas = "('public','auth')";
        query(c, "select 'table', table_schema, table_name, table_type from information_schema.tables"
                + " where table_schema in " + schemas, out::add);
        query(c, "select 'column', table_schema, table_name, column_name, data_type, column_default, is_nullable"
                + " from information_schema.columns where table_schema in " + schemas, out::add);
        query(c, "select 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(oid) from pg_constraint"
                + " where connamespace in (select oid from pg_namespace where nspname in " + schemas + ")", out::add);
        query(c, "select 'index', schemaname, tablename, indexname, indexdef from pg_indexes where schemaname in "
                + schemas, out::add);
        query(c, "select 'policy', schemaname, tablename, policyname, cmd, roles::text, qual, with_check"
                + " from pg_policies", out::add);
        query(c, "select 'rls', relname, relrowsecurity::text, relforcerowsecurity::text from pg_class"
                + " where relnamespace = 'public'::regnamespace and relkind = 'r'", out::add);
        query(c, "select 'grant', grantee, table_schema, table_name, privilege_type from information_schema.role_table_grants"
                + " where table_schema in " + schemas, out::add);
        query(c, "select 'column grant', grantee, table_name, column_name, privilege_type"
                + " from information_schema.column_privileges where table_schema in " + schemas, out::add);
        query(c, "select 'function', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prosecdef::text,"
                + " coalesce(p.proacl::text, '') from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
                + " where n.nspname in " + schemas, out::add);
        query(c, "select 'trigger', tgrelid::regclass::text, tgname from pg_trigger", out::add);
        query(c, "select 'role', rolname, rolbypassrls::text, rolcanlogin::text from pg_roles"
                + " where rolname in ('anon','authenticated','service_role')", out::add);
        out.sort(null);
        return out;
    }

    static void query(Connection c, String sql, Consumer<String> sink) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i > 1 ? " | " : "").append(rs.getString(i));
                }
                sink.accept(sb.toString());
            }
        }
    }
}
