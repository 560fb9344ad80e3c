package com.valorwell.calendar.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the resident memory (VmRSS) of the Payara JVM every 200 ms from
 * {@code /proc/<pid>/status}, keeping the peak since the last reset, so each load phase
 * reports the most memory the service held while it ran. The kernel's own high-water
 * mark (VmHWM) is read alongside, which catches a peak between two samples.
 */
final class RssSampler implements AutoCloseable {

    private static final long INTERVAL_MS = 200;

    private final long pid;
    private final AtomicLong peak = new AtomicLong();
    private final ScheduledExecutorService timer;

    RssSampler(long pid) {
        this.pid = pid;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-rss");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::sample, 0, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        long kb = read(pid, "VmRSS");
        peak.accumulateAndGet(kb, Math::max);
    }

    void resetPeak() {
        peak.set(read(pid, "VmRSS"));
    }

    long peakKb() {
        sample();
        return peak.get();
    }

    long currentKb() {
        return read(pid, "VmRSS");
    }

    long highWaterMarkKb() {
        return read(pid, "VmHWM");
    }

    /** A "kB" field of /proc/PID/status, or 0 when the process is gone. */
    static long read(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
