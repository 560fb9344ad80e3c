package com.valorwell.calendar.bench;

import com.valorwell.calendar.emulator.GoogleEmulator;
import com.valorwell.calendar.platform.db.MigrationPlan;
import com.valorwell.calendar.testsupport.ServiceSettings;
import com.valorwell.calendar.testsupport.SigningKeys;
import com.valorwell.calendar.testsupport.TempDirs;
import com.valorwell.calendar.testsupport.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Everything the benchmark measures against, all on 127.0.0.1: an embedded PostgreSQL
 * with the schema, the Google emulator in this JVM, and the service started through
 * {@code payara/run} exactly as production starts it. {@link #close()} stops all of it
 * and removes the run's files, also when the benchmark is interrupted.
 */
final class ServiceUnderTest implements AutoCloseable {

    private final Path root;
    private TestDatabase server;
    private String database;
    private PGSimpleDataSource dataSource;
    private Path dir;
    private GoogleEmulator google;
    private SigningKeys keys;
    private Map<String, String> settings;
    private Process payara;
    private int port;
    private double deployToReadySeconds;

    ServiceUnderTest(Path root) {
        this.root = root;
    }

    /** Starts PostgreSQL (schema applied, nothing seeded) and the Google emulator. */
    void startBackends(int requestedPort) throws Exception {
        dir = Files.createTempDirectory("calendar-sync-bench");
        server = TestDatabase.start(0);
        database = server.createDatabase("valorwell_bench");
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.url(database));
        dataSource.setUser(server.user());
        dataSource.setPassword(server.password());
        MigrationPlan.migrate(dataSource, "all");
        keys = SigningKeys.generate();
        google = GoogleEmulator.start(0);
        port = requestedPort > 0 ? requestedPort : freePort();
        settings = ServiceSettings.forRun(server.url(database), server.user(), server.password(),
                keys.writeJwks(dir.resolve("jwks.json")), google.baseUrl(), baseUrl());
        // The per-caller limit exists against abuse; at benchmark rates it would only
        // turn measured requests into 429s.
        settings.put("AVAILABILITY_RATE_LIMIT", "1000000");
        // The sweeper looks every second; it has nothing to do until the sweeper phase.
        settings.put("SYNC_SWEEP_INTERVAL", "PT1S");
    }

    /**
     * Starts {@code payara/run} and waits until {@code /health/ready} answers 200 with the
     * app's database check in it; returns false (the log is kept) if it never does.
     */
    boolean startService(Path war, Path payaraMicroJar, String javaOpts, Duration readyTimeout)
            throws InterruptedException, IOException {
        ProcessBuilder pb = new ProcessBuilder(root.resolve("payara/run").toString(), war.toString())
                .redirectErrorStream(true)
                .redirectOutput(serverLog().toFile());
        pb.environment().putAll(settings);
        pb.environment().put("PORT", String.valueOf(port));
        pb.environment().put("BIND_ADDRESS", "127.0.0.1");
        pb.environment().put("JAVA_OPTS", javaOpts);
        pb.environment().put("PAYARA_MICRO_JAR", payaraMicroJar.toString());
        pb.environment().put("READY_TIMEOUT", String.valueOf(readyTimeout.toSeconds()));
        long t0 = System.nanoTime();
        payara = pb.start();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = t0 + readyTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!payara.isAlive()) {
                return false;
            }
            try {
                HttpResponse<String> r = client.send(ready, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"database\"") && r.body().contains("\"UP\"")) {
                    deployToReadySeconds = (System.nanoTime() - t0) / 1e9;
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            // Polled often, so the start time is known to about a tenth of a second.
            Thread.sleep(100);
        }
        return false;
    }

    /** The Payara JVM: the java process among payara/run's descendants. */
    Optional<ProcessHandle> javaProcess() {
        if (payara == null) {
            return Optional.empty();
        }
        return payara.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst();
    }

    /** The Payara JVM's own options: its command line up to the {@code -jar}. */
    List<String> javaOptions() {
        return javaProcess().flatMap(p -> p.info().arguments())
                .map(args -> {
                    List<String> all = List.of(args);
                    int jar = all.indexOf("-jar");
                    return jar < 0 ? all : all.subList(0, jar);
                })
                .orElse(List.of());
    }

    double deployToReadySeconds() {
        return deployToReadySeconds;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port + "/";
    }

    String api(String function) {
        return baseUrl() + "functions/v1/" + function;
    }

    /** The PostgreSQL server's port, from its JDBC URL (jdbc:postgresql://host:port/db). */
    int postgresPort() {
        String url = server.url(database);
        Matcher m = Pattern.compile("//[^/:]+:(\\d+)/").matcher(url);
        return m.find() ? Integer.parseInt(m.group(1)) : 5432;
    }

    PGSimpleDataSource dataSource() {
        return dataSource;
    }

    GoogleEmulator google() {
        return google;
    }

    SigningKeys keys() {
        return keys;
    }

    String setting(String name) {
        return settings.get(name);
    }

    Path serverLog() {
        return dir.resolve("payara.log");
    }

    /** Keeps the server's log beside the report; the run directory itself is removed at the end. */
    void keepServerLog(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.copy(serverLog(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops Payara, the emulator, then the database, and removes the run's files. */
    @Override
    public synchronized void close() {
        if (payara != null) {
            // Found before payara/run goes: should the script die without stopping its
            // JVM, the JVM is stopped here instead of being left running.
            Optional<ProcessHandle> java = javaProcess();
            try {
                if (payara.isAlive()) {
                    payara.destroy();
                    if (!payara.waitFor(60, TimeUnit.SECONDS)) {
                        payara.descendants().forEach(ProcessHandle::destroyForcibly);
                        payara.destroyForcibly();
                    }
                }
                if (java.isPresent() && java.get().isAlive()) {
                    java.get().destroy();
                    java.get().onExit().get(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                java.get().destroyForcibly();
            }
        }
        payara = null;
        if (google != null) {
            google.stop();
            google = null;
        }
        if (server != null) {
            server.discard(database, "bench");
            server = null;
        }
        TempDirs.deleteQuietly(dir);
        dir = null;
    }
}
