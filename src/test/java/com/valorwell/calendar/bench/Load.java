package com.valorwell.calendar.bench;

import com.valorwell.calendar.emulator.GoogleEmulator;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load generator: a fixed number of client threads, each sending one request at a
 * time (closed loop) until the phase's operation count or its time cap is reached, on
 * one shared HTTP/1.1 client. Latency is taken around {@code send} only, so building a
 * request or reading its outcome is not counted against the service.
 */
final class Load {

    /** One request of a phase and what to make of its answer. */
    interface Op {
        HttpRequest request();

        /** The outcome label counted in the report (for example "synced" or a problem code). */
        String completed(int status, String body);
    }

    /** The phase's requests by index; null when there is nothing left to send. */
    @FunctionalInterface
    interface OpSource {
        Op next(int index);
    }

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final GoogleEmulator google;
    private final RssSampler rss;
    private final CpuMeter cpu;

    /**
     * The JDK client pools HTTP/1.1 connections without a limit by default, so every
     * client thread keeps its own connection alive between requests.
     */
    Load(GoogleEmulator google, RssSampler rss, CpuMeter cpu) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.google = google;
        this.rss = rss;
        this.cpu = cpu;
    }

    HttpClient http() {
        return http;
    }

    /** Sends one request and returns its answer, or null when there was none. */
    HttpResponse<String> once(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Runs one phase. Google call counts are reset at its start and read at its end, so
     * they belong to this phase alone.
     */
    PhaseResult run(String name, int clients, int maxOps, long injectedLatencyMs, Duration cap, OpSource source)
            throws InterruptedException {
        long[] latency = new long[maxOps];
        int[] status = new int[maxOps];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger attempted = new AtomicInteger();
        LongAccumulator lastEnd = new LongAccumulator(Math::max, Long.MIN_VALUE);
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        google.resetCalls();
        rss.resetPeak();
        ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "bench-client");
            t.setDaemon(true);
            return t;
        });
        long[] window = new long[1];
        CpuMeter.Snapshot cpuBefore = null;
        try {
            for (int c = 0; c < clients; c++) {
                pool.execute(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long deadline = window[0] + cap.toNanos();
                    while (true) {
                        int i = next.getAndIncrement();
                        if (i >= maxOps || System.nanoTime() > deadline) {
                            return;
                        }
                        Op op = source.next(i);
                        if (op == null) {
                            return;
                        }
                        HttpRequest request = op.request();
                        attempted.incrementAndGet();
                        long t0 = System.nanoTime();
                        String outcome;
                        try {
                            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                            latency[i] = System.nanoTime() - t0;
                            status[i] = r.statusCode();
                            outcome = op.completed(r.statusCode(), r.body());
                        } catch (HttpTimeoutException e) {
                            latency[i] = System.nanoTime() - t0;
                            status[i] = -1;
                            outcome = "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
                        } catch (IOException e) {
                            latency[i] = System.nanoTime() - t0;
                            status[i] = -1;
                            outcome = "no answer: " + e.getClass().getSimpleName();
                        } catch (InterruptedException e) {
                            return;
                        }
                        lastEnd.accumulate(System.nanoTime());
                        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                    }
                });
            }
            cpuBefore = cpu.snapshot();
            window[0] = System.nanoTime();
            go.countDown();
            pool.shutdown();
            if (!pool.awaitTermination(cap.toSeconds() + REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } finally {
            pool.shutdownNow();
        }
        CpuMeter.Usage used = cpuBefore == null ? null : CpuMeter.between(cpuBefore, cpu.snapshot());
        long wall = Math.max(0, lastEnd.get() - window[0]);
        Map<String, Integer> calls = google.callCounts();
        long peak = rss.peakKb();
        Map<String, Long> statuses = new ConcurrentHashMap<>();
        int ok = 0;
        int n = Math.min(maxOps, next.get());
        for (int i = 0; i < n; i++) {
            if (status[i] == 200) {
                ok++;
            }
        }
        long[] okNanos = new long[ok];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (status[i] == 200) {
                okNanos[k++] = latency[i];
            } else if (status[i] != 0) {
                statuses.merge(status[i] < 0 ? "no answer" : String.valueOf(status[i]), 1L, Long::sum);
            }
        }
        if (ok > 0) {
            statuses.put("200", (long) ok);
        }
        Map<String, Long> outcomeCounts = new ConcurrentHashMap<>();
        outcomes.forEach((key, v) -> outcomeCounts.put(key, v.sum()));
        return new PhaseResult(name, clients, injectedLatencyMs, attempted.get(), wall, okNanos, statuses,
                outcomeCounts, calls, peak, used);
    }
}
