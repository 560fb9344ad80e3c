package com.valorwell.calendar.testsupport;

import com.valorwell.calendar.emulator.GoogleEmulator;
import java.net.URL;
import java.sql.Connection;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the HTTP tests of the production WAR share: the deployment (one Payara Micro per
 * test class), a loopback client, a database connection for fixtures, the signing keys,
 * the run's settings and the Google emulator, cleared of faults before each test.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class DeployedServiceIT {

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Deployments.service();
    }

    @ArquillianResource
    URL url;

    protected static Connection db;
    protected static Fixtures fixtures;
    protected static SigningKeys keys;
    protected static GoogleEmulator google;
    protected static Map<String, String> settings;

    protected Http http;

    @BeforeAll
    static void environment() {
        ItEnvironment env = ItEnvironment.current();
        db = env.connect();
        fixtures = new Fixtures(db);
        keys = env.keys();
        google = env.google();
        settings = env.settings();
    }

    @AfterAll
    static void closeDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void client() {
        http = Http.loopback(url);
        google.clearFaults();
    }

    /** Connects {@code staff} to the emulator account, tokens stored as the service stores them. */
    protected static void connect(Fixtures.Tenant tenant, java.util.UUID staff, String account) throws Exception {
        Connected.connect(fixtures, google, settings.get("TOKEN_ENCRYPTION_KEY"), tenant.id(), staff, account);
    }
}
