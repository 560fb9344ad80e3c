package com.valorwell.calendar.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark's sizes and paths, each from an environment variable with a default
 * chosen so that a whole run stays well under ten minutes on a 2-core machine. The
 * values are printed in the report, so a figure can always be traced to its sizes.
 */
record BenchConfig(
        Path war,
        Path report,
        Path payaraMicroJar,
        int port,
        String javaOpts,
        Duration readyTimeout,
        Duration phaseTimeout,
        int clinicians,
        int latencyMs,
        int warmupOps,
        int overheadOps,
        int overheadClients,
        int throughputOps,
        int throughputClients,
        int latencyThroughputOps,
        int latencyThroughputClients,
        int cacheRequests,
        int refreshConcurrency) {

    /**
     * Payara's JVM options. The serial collector and a 384 MB heap keep resident memory
     * well under the 600 MB budget: in trial runs on the 2-core machine the peak under
     * load was about 490 MB with these, 580 MB with the parallel collector and 615–635 MB
     * with G1 (its remembered sets and concurrent threads cost some 50 MB more at either
     * 384 or 512 MB of heap), at the same CPU time per request. On two cores the serial
     * collector is also what the JVM itself would pick for a machine this size.
     */
    static final String DEFAULT_JAVA_OPTS = "-Xms128m -Xmx384m -XX:+UseSerialGC";

    /** Paths are relative to the project; the build folder is {@code target/} unless BENCH_BUILD_DIR names another. */
    static BenchConfig fromEnvironment(Path root) {
        Path build = buildDir(root);
        return new BenchConfig(
                root.resolve(text("BENCH_WAR", build.resolve("calendar-sync.war").toString())),
                root.resolve(text("BENCH_REPORT", build.resolve("benchmark.md").toString())),
                root.resolve(text("PAYARA_MICRO_JAR", build.resolve("payara-micro.jar").toString())),
                number("BENCH_PORT", 0),
                text("JAVA_OPTS", DEFAULT_JAVA_OPTS),
                Duration.ofSeconds(number("READY_TIMEOUT", 180)),
                Duration.ofSeconds(number("BENCH_PHASE_TIMEOUT", 120)),
                number("BENCH_CLINICIANS", 50),
                number("BENCH_LATENCY_MS", 50),
                number("BENCH_WARMUP_OPS", 3000),
                number("BENCH_OVERHEAD_OPS", 2000),
                number("BENCH_OVERHEAD_CLIENTS", 16),
                number("BENCH_THROUGHPUT_OPS", 4000),
                number("BENCH_THROUGHPUT_CLIENTS", 16),
                number("BENCH_LATENCY_THROUGHPUT_OPS", 4000),
                number("BENCH_LATENCY_THROUGHPUT_CLIENTS", 32),
                number("BENCH_CACHE_REQUESTS", 2000),
                number("BENCH_REFRESH_CONCURRENCY", 50));
    }

    /** Appointments that will be created over the whole run (each sync phase is half creates), plus slack. */
    int appointmentsNeeded() {
        int creates = warmupOps / 2 + warmupOps / 4 + overheadOps / 2 + throughputOps / 2 + latencyThroughputOps / 2;
        return creates + creates / 10 + clinicians;
    }

    Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("clinicians with a connected calendar (BENCH_CLINICIANS)", String.valueOf(clinicians));
        m.put("injected emulator latency L (BENCH_LATENCY_MS)", latencyMs + " ms");
        m.put("warm-up sync operations (BENCH_WARMUP_OPS)", String.valueOf(warmupOps));
        m.put("overhead phase operations / clients (BENCH_OVERHEAD_OPS, _CLIENTS)", overheadOps + " / " + overheadClients);
        m.put("throughput at 0 ms operations / clients (BENCH_THROUGHPUT_OPS, _CLIENTS)",
                throughputOps + " / " + throughputClients);
        m.put("throughput at L operations / clients (BENCH_LATENCY_THROUGHPUT_OPS, _CLIENTS)",
                latencyThroughputOps + " / " + latencyThroughputClients);
        m.put("cached availability requests (BENCH_CACHE_REQUESTS)", String.valueOf(cacheRequests));
        m.put("concurrent requests on an expired token (BENCH_REFRESH_CONCURRENCY)", String.valueOf(refreshConcurrency));
        m.put("time cap per phase (BENCH_PHASE_TIMEOUT)", phaseTimeout.toSeconds() + " s");
        return m;
    }

    static Path buildDir(Path root) {
        return root.resolve(text("BENCH_BUILD_DIR", "target"));
    }

    private static String text(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static int number(String name, int fallback) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got: " + v);
        }
    }
}
