package com.valorwell.calendar.devsandbox;

import com.valorwell.calendar.emulator.GoogleEmulator;
import com.valorwell.calendar.platform.db.MigrationPlan;
import com.valorwell.calendar.testsupport.ServiceSettings;
import com.valorwell.calendar.testsupport.SigningKeys;
import com.valorwell.calendar.testsupport.TempDirs;
import com.valorwell.calendar.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The dev sandbox behind {@code payara/dev}: an embedded PostgreSQL with the baseline,
 * the migration and a demo clinic, a dev signing key and fresh secrets, and the service
 * on Payara Micro through {@code payara/run}, all on 127.0.0.1. It prints a token per
 * demo user and curl lines, and on Ctrl-C stops everything it started.
 */
public final class DevSandbox {

    private TestDatabase server;
    private String database;
    private Path dir;
    private Process payara;
    private GoogleEmulator google;

    public static void main(String[] args) throws Exception {
        DevSandbox sandbox = new DevSandbox();
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::stop, "sandbox-stop"));
        int code = sandbox.run(Integer.parseInt(env("PORT", "8080")));
        System.exit(code);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    int run(int port) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        dir = Files.createTempDirectory("calendar-sync-dev");
        say("Starting PostgreSQL (embedded) ...");
        server = TestDatabase.start(0);
        database = server.createDatabase("valorwell_dev");
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(server.url(database));
        ds.setUser(server.user());
        ds.setPassword(server.password());
        MigrationPlan.migrate(ds, "all");
        try (Connection c = ds.getConnection()) {
            DemoTenant.seed(c);
        }
        SigningKeys keys = SigningKeys.generate();
        String base = "http://127.0.0.1:" + port + "/";
        say("Starting the Google emulator (consent page on) ...");
        google = GoogleEmulator.start(Integer.parseInt(env("GOOGLE_EMULATOR_PORT", "8089")), false);
        Map<String, String> settings = ServiceSettings.forRun(server.url(database), server.user(), server.password(),
                keys.writeJwks(dir.resolve("jwks.json")), google.baseUrl(), base);
        // The browser comes back to the emulator's index page, which shows the outcome in its address.
        settings.put("APP_REDIRECT_URL", google.baseUrl());
        settings.put("CORS_ALLOWED_ORIGINS", "http://localhost:5173,http://127.0.0.1:5173");

        say("Starting the service on Payara Micro (payara/run) ...");
        ProcessBuilder pb = new ProcessBuilder(root.resolve("payara/run").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("payara.log").toFile());
        pb.environment().putAll(settings);
        pb.environment().put("PORT", String.valueOf(port));
        pb.environment().put("BIND_ADDRESS", "127.0.0.1");
        payara = pb.start();
        if (!awaitReady(Duration.ofSeconds(Long.parseLong(env("READY_TIMEOUT", "120")) + 30))) {
            System.err.println("The service did not become ready; its log:");
            System.err.println(Files.readString(dir.resolve("payara.log")));
            return 1;
        }
        UUID appointment;
        try (Connection c = ds.getConnection()) {
            appointment = DemoTenant.firstAppointment(c);
        }
        banner(base, keys, appointment);
        return payara.waitFor() == 0 ? 0 : 1;
    }

    /** Ready when payara/run says so (it checks /health/ready itself); false if it gave up or died. */
    private boolean awaitReady(Duration timeout) throws InterruptedException, IOException {
        Path log = dir.resolve("payara.log");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("payara/run: ready at")) {
                return true;
            }
            if (!payara.isAlive()) {
                return false;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private void banner(String base, SigningKeys keys, UUID appointment) {
        String api = base + "functions/v1";
        StringBuilder sb = new StringBuilder("\n");
        sb.append("==============================================================================\n");
        sb.append(" ValorWell calendar sync - dev sandbox\n");
        sb.append("==============================================================================\n");
        sb.append(" Base URL:   ").append(api).append('\n');
        sb.append(" Health:     ").append(base).append("health/ready   Metrics: ").append(base).append("metrics\n");
        sb.append(" Database:   ").append(server.url(database)).append(" (user ").append(server.user()).append(")\n");
        sb.append(" Server log: ").append(dir.resolve("payara.log")).append('\n');
        sb.append(" Google:     emulator at ").append(google.baseUrl()).append(" (control API under _emulator/)\n");
        sb.append("\n Demo users (tokens valid 24 h; generated now, signed with a dev key):\n");
        for (Map.Entry<String, UUID> user : DemoTenant.users().entrySet()) {
            String token = keys.es256(SigningKeys.claims(user.getValue(), Duration.ofHours(24)).build());
            sb.append("  ").append(user.getKey()).append('\n');
            sb.append("    TOKEN_").append(user.getKey().split(" ")[0].toUpperCase()).append("_")
                    .append(user.getValue().toString().substring(34)).append("=").append(token).append('\n');
        }
        String clinician = keys.es256(SigningKeys.claims(DemoTenant.CLINICIAN_AVERY, Duration.ofHours(24)).build());
        sb.append("\n Try (as Dr. Avery):\n");
        sb.append("  curl -s -H \"Authorization: Bearer ").append(clinician).append("\" ")
                .append(api).append("/google-calendar-connection\n");
        sb.append("  curl -s -X POST -H \"Authorization: Bearer ").append(clinician)
                .append("\" -H 'Content-Type: application/json' -d '{}' ").append(api)
                .append("/google-calendar-auth-start\n");
        sb.append("\n Connect Dr. Avery's calendar: run the auth-start line, open its \"url\" in a browser, pick an\n")
                .append(" account and scopes on the emulator's consent page, Allow; the browser lands on\n ")
                .append(google.baseUrl()).append("?google_calendar=connected. Without a browser:\n")
                .append("  URL=$(curl -s -X POST -H \"Authorization: Bearer $TOKEN\" ").append(api)
                .append("/google-calendar-auth-start | sed 's/.*\"url\":\"\\([^\"]*\\)\".*/\\1/')\n")
                .append("  curl -s -X POST ").append(google.baseUrl()).append("_emulator/consent -d '{\"autoApprove\":true}'\n")
                .append("  curl -s -o /dev/null -w '%{redirect_url}\\n' \"$(curl -s -o /dev/null -w '%{redirect_url}' \"$URL\")\"\n");
        sb.append("\n Demo staff ids: Dr. Avery ").append(DemoTenant.STAFF_AVERY).append(", Dr. Blake ")
                .append(DemoTenant.STAFF_BLAKE).append("; an appointment of Dr. Avery: ").append(appointment).append('\n');
        sb.append("\n Ctrl-C stops the service and the database and removes them.\n");
        sb.append("==============================================================================\n");
        System.out.println(sb);
        System.out.flush();
    }

    private static void say(String line) {
        System.out.println("[sandbox] " + line);
        System.out.flush();
    }

    /** Stops Payara, then the database, then removes the run's files: nothing is left running. */
    synchronized void stop() {
        if (payara != null && payara.isAlive()) {
            say("Stopping the service ...");
            payara.destroy();
            try {
                if (!payara.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    payara.descendants().forEach(ProcessHandle::destroyForcibly);
                    payara.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        payara = null;
        if (google != null) {
            google.stop();
            google = null;
        }
        if (server != null) {
            say("Stopping PostgreSQL ...");
            server.discard(database, "sandbox");
            server = null;
        }
        TempDirs.deleteQuietly(dir);
        dir = null;
    }
}
