package com.valorwell.calendar.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one load phase measured: the latency of every request that got an HTTP 200 (in
 * nanoseconds, sorted, so percentiles are exact by nearest rank), every answer counted by
 * status and by outcome, the Google calls it caused, and the Payara JVM's peak resident
 * memory while it ran.
 */
final class PhaseResult {

    final String name;
    final int clients;
    final long injectedLatencyMs;
    final int attempted;
    final long wallNanos;
    /** Latencies of the HTTP 200 answers, ascending. */
    final long[] okNanos;
    final Map<String, Long> statuses;
    final Map<String, Long> outcomes;
    final Map<String, Integer> googleCalls;
    final long peakRssKb;
    /** Where the CPU time went while the phase ran; null if it never started. */
    final CpuMeter.Usage cpu;

    PhaseResult(String name, int clients, long injectedLatencyMs, int attempted, long wallNanos, long[] okNanos,
            Map<String, Long> statuses, Map<String, Long> outcomes, Map<String, Integer> googleCalls, long peakRssKb,
            CpuMeter.Usage cpu) {
        this.name = name;
        this.clients = clients;
        this.injectedLatencyMs = injectedLatencyMs;
        this.attempted = attempted;
        this.wallNanos = wallNanos;
        this.okNanos = okNanos.clone();
        Arrays.sort(this.okNanos);
        this.statuses = new TreeMap<>(statuses);
        this.outcomes = new TreeMap<>(outcomes);
        this.googleCalls = new TreeMap<>(googleCalls);
        this.peakRssKb = peakRssKb;
        this.cpu = cpu;
    }

    int ok() {
        return okNanos.length;
    }

    /** Requests answered with anything but 200, including those that got no answer at all. */
    long failed() {
        return attempted - ok();
    }

    /** HTTP 200 answers per second of the phase's wall time. */
    double okPerSecond() {
        return wallNanos == 0 ? 0 : ok() / (wallNanos / 1e9);
    }

    /** Nearest-rank percentile of the 200 answers' latency in ms; NaN when there were none. */
    double percentileMs(double p) {
        if (okNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * okNanos.length);
        return okNanos[Math.max(0, Math.min(okNanos.length - 1, rank - 1))] / 1e6;
    }

    double maxMs() {
        return okNanos.length == 0 ? Double.NaN : okNanos[okNanos.length - 1] / 1e6;
    }

    double meanMs() {
        return okNanos.length == 0 ? Double.NaN : Arrays.stream(okNanos).average().orElse(0) / 1e6;
    }

    /** Latency minus the emulator's injected latency: what the service itself adds. */
    double overheadMs(double p) {
        return percentileMs(p) - injectedLatencyMs;
    }

    int totalGoogleCalls() {
        return googleCalls.values().stream().mapToInt(Integer::intValue).sum();
    }
}
