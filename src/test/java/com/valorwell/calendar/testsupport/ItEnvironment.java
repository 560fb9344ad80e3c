package com.valorwell.calendar.testsupport;

import com.valorwell.calendar.emulator.GoogleEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Sets up what the integration tests run against, before Arquillian starts Payara: a
 * real PostgreSQL (embedded, or TEST_DB_URL's) with a uniquely named database, a fresh
 * signing key pair and fresh secrets. Payara receives them as system properties (which
 * MicroProfile Config reads like environment variables) through arquillian.xml's
 * {@code ${it.payara.options}}. Surefire's unit test session has no {@code it.db.port}
 * and is left alone.
 */
public class ItEnvironment implements LauncherSessionListener {

    private static final Logger LOG = Logger.getLogger(ItEnvironment.class.getName());
    private static volatile ItEnvironment current;

    private TestDatabase server;
    private String database;
    private Path dir;
    private SigningKeys keys;
    private Map<String, String> settings;
    private GoogleEmulator google;
    private Path payaraLog;

    /** The environment of the running integration test session. */
    public static ItEnvironment current() {
        if (current == null) {
            throw new IllegalStateException("No integration test environment: run the *IT tests with mvn verify");
        }
        return current;
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String port = System.getProperty("it.db.port");
        if (port == null || current != null) {
            return;
        }
        try {
            dir = Files.createTempDirectory("calendar-sync-it");
            server = TestDatabase.start(Integer.parseInt(port));
            database = server.createDatabase("calsync_it");
            keys = SigningKeys.generate();
            String jwks = keys.writeJwks(dir.resolve("jwks.json"));
            google = GoogleEmulator.start(0);
            settings = ServiceSettings.forRun(server.url(database), server.user(), server.password(), jwks,
                    google.baseUrl(), "http://127.0.0.1:8080/");
            // Short enough for time-out tests, long enough for a loaded 2-core machine.
            settings.put("GOOGLE_HTTP_TIMEOUT", "PT3S");
            // The Arquillian instances leave retries alone: SweeperIT runs its own instances.
            settings.put("SYNC_SWEEP_INTERVAL", "PT1H");
            payaraLog = dir.resolve("payara-server.log");
            Properties props = new Properties();
            settings.forEach((k, v) -> props.setProperty(propertyName(k), v));
            Path propsFile = dir.resolve("payara.properties");
            try (var out = Files.newOutputStream(propsFile)) {
                props.store(out, "integration test settings (generated, deleted after the run)");
            }
            Path preBoot = dir.resolve("pre-boot.asadmin");
            Files.writeString(preBoot, "set configs.config.server-config.network-config.network-listeners"
                    + ".network-listener.http-listener.address=127.0.0.1\n");
            System.setProperty("it.payara.options", "--systemproperties " + propsFile
                    + " --prebootcommandfile " + preBoot
                    + " --postbootcommandfile " + Path.of("payara/post-boot-commands.asadmin").toAbsolutePath()
                    + " --logtofile " + payaraLog);
            current = this;
            LOG.info("Integration tests use database " + database);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot set up the integration test environment", e);
        }
    }

    /** MicroProfile Config maps MP_JWT_... in the environment; as a system property the dotted name is used. */
    private static String propertyName(String envName) {
        return envName.startsWith("MP_JWT_") ? envName.toLowerCase().replace('_', '.') : envName;
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (current != this) {
            return;
        }
        try {
            google.stop();
            server.dropDatabase(database);
            server.close();
            TempDirs.deleteQuietly(dir);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot tear down the integration test environment", e);
        } finally {
            current = null;
        }
    }

    public TestDatabase server() {
        return server;
    }

    public String database() {
        return database;
    }

    /** The Google emulator the deployed service talks to (in this JVM). */
    public GoogleEmulator google() {
        return google;
    }

    /**
     * Everything the Payara instances of this session have logged so far (each writes
     * its own rotation of the log file, {@code payara-server.log.N}).
     */
    public String payaraLogs() {
        try (var files = Files.list(dir)) {
            StringBuilder all = new StringBuilder();
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith(payaraLog.getFileName().toString())
                    && !f.toString().endsWith(".lck")).sorted().toList()) {
                all.append(Files.readString(p));
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SigningKeys keys() {
        return keys;
    }

    public Map<String, String> settings() {
        return settings;
    }

    public java.sql.Connection connect() {
        try {
            return server.connect(database);
        } catch (java.sql.SQLException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
