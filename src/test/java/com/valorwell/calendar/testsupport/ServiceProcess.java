package com.valorwell.calendar.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as an operator runs it, {@code payara/run} with the packaged WAR, for tests
 * that need their own settings or several instances on one database. Listens on
 * 127.0.0.1 only; stopped with SIGTERM like a real deployment.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts an instance with these settings and waits until it is ready (or fails). */
    public static ServiceProcess start(Map<String, String> settings, Path dir, String name) throws Exception {
        int port = freePort();
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder("payara/run", System.getProperty("it.war", "target/calendar-sync.war"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(settings);
        pb.environment().put("PORT", String.valueOf(port));
        pb.environment().put("BIND_ADDRESS", "127.0.0.1");
        pb.environment().put("READY_TIMEOUT", "240");
        pb.environment().put("JAVA_OPTS", "-Xmx512m");
        ServiceProcess service = new ServiceProcess(pb.start(), port, log);
        service.awaitReady(Duration.ofSeconds(240));
        return service;
    }

    /** Ready when payara/run says so (it checks /health/ready itself). */
    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("payara/run: ready at")) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("payara/run ended: " + Files.readString(log));
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("not ready in time: " + Files.readString(log));
    }

    public String base() {
        return "http://127.0.0.1:" + port + "/";
    }

    public Http http() {
        return new Http(base());
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
