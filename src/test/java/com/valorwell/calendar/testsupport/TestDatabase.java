package com.valorwell.calendar.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A real PostgreSQL server for the tests, the dev sandbox and the benchmark: the
 * embedded PostgreSQL 16 from Maven Central by default, or the server that
 * {@code TEST_DB_URL} names (a JDBC URL of a maintenance database, with
 * {@code TEST_DB_USER} / {@code TEST_DB_PASSWORD}). It makes uniquely named databases
 * and drops them again.
 */
public final class TestDatabase implements AutoCloseable {

    private final EmbeddedPostgres embedded;
    private final String adminUrl;
    private final String user;
    private final String password;

    private TestDatabase(EmbeddedPostgres embedded, String adminUrl, String user, String password) {
        this.embedded = embedded;
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
    }

    /** The external server of TEST_DB_URL if set, else an embedded one on {@code port} (0 = any). */
    public static TestDatabase start(int port) throws IOException {
        String external = System.getenv("TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            return new TestDatabase(null, external,
                    envOr("TEST_DB_USER", "postgres"), envOr("TEST_DB_PASSWORD", ""));
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off");
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres pg = builder.start();
        return new TestDatabase(pg, "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres", "postgres", "");
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    /** Creates a new, empty, uniquely named database and returns its name. */
    public String createDatabase(String prefix) throws SQLException {
        String name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .toLowerCase(Locale.ROOT);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
        return name;
    }

    public void dropDatabase(String name) throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
        }
    }

    /** JDBC URL of a database on this server. */
    public String url(String database) {
        int slash = adminUrl.lastIndexOf('/');
        int query = adminUrl.indexOf('?', slash);
        return adminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), user, password);
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection(adminUrl, user, password);
    }

    /**
     * Drops the database and stops the server, best effort: on Ctrl-C the server may be
     * going down already. Says so on stderr, prefixed with {@code who}, if it did not stop.
     */
    public void discard(String database, String who) {
        try {
            dropDatabase(database);
        } catch (Exception e) {
            // the server may already be going down with Ctrl-C; it is stopped below anyway
        }
        try {
            close();
        } catch (Exception e) {
            System.err.println("[" + who + "] PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
