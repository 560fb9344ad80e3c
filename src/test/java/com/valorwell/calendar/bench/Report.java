package com.valorwell.calendar.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a run's {@link Results} as Markdown: the budgets of SPEC section 8 beside what
 * was measured, then every phase's latencies, rates, answers and Google calls, so that
 * nothing that went wrong is hidden behind a summary. The figures are reported, never
 * judged by the exit code.
 */
final class Report {

    /** /proc reports "kB" that are in fact KiB. */
    private static final long KIB = 1024;

    private final Results r;
    private final StringBuilder out = new StringBuilder();

    private Report(Results r) {
        this.r = r;
    }

    static String render(Results r) {
        return new Report(r).build();
    }

    private String build() {
        line("# Calendar sync service — benchmark");
        line("");
        r.environment.forEach((k, v) -> line("- **" + k + ":** " + v));
        line("");
        budgets();
        phases();
        overhead();
        cpu();
        answers();
        googleCalls();
        memory();
        if (!r.notes.isEmpty()) {
            line("## Notes");
            line("");
            r.notes.forEach(n -> line("- " + n));
            line("");
        }
        line("## Service log during the run");
        line("");
        if (r.logFindings.isEmpty()) {
            line("No WARNING or SEVERE line after the service was ready.");
        } else {
            r.logFindings.forEach(f -> line("- " + f));
        }
        line("");
        if (!r.metrics.isEmpty()) {
            line("## The service's own metrics at the end (`/metrics`, calendar_* series)");
            line("");
            line("```");
            r.metrics.forEach(this::line);
            line("```");
            line("");
        }
        line("## Sizes");
        line("");
        r.sizes.forEach((k, v) -> line("- " + k + ": " + v));
        return out.toString();
    }

    private void budgets() {
        line("## Budgets (SPEC §8)");
        line("");
        line("| # | figure | measured | budget | |");
        line("|---|---|---|---|---|");
        for (Results.CallCount c : r.callCounts) {
            String measured = c.total() + " " + calls(c.calls()) + (c.outcome().equals("200") ? "" : " — answer: " + c.outcome());
            row("1", "Google calls, " + c.operation(), measured, "exactly " + c.budget(),
                    c.outcome().equals("200") && c.total() == c.budget());
        }
        if (r.refresh != null) {
            row("2", "token refreshes, " + r.refresh.concurrency() + " concurrent list-calendars on an expired token",
                    r.refresh.refreshes() + " (answers: " + counts(r.refresh.outcomes()) + ")", "exactly 1",
                    r.refresh.refreshes() == 1);
        }
        PhaseResult o = r.overhead;
        if (o != null && o.ok() > 0) {
            row("3", "sync overhead p50, " + o.clients + " clients, L = " + o.injectedLatencyMs + " ms",
                    ms(o.overheadMs(50)), "≤ 5 ms", o.overheadMs(50) <= 5);
            row("3", "sync overhead p99, " + o.clients + " clients, L = " + o.injectedLatencyMs + " ms",
                    ms(o.overheadMs(99)), "≤ 25 ms", o.overheadMs(99) <= 25);
        }
        PhaseResult t = r.throughput;
        if (t != null) {
            row("4", "sync throughput, emulator at 0 ms, " + t.clients + " clients", rate(t.okPerSecond()),
                    "≥ 400/s", t.okPerSecond() >= 400);
        }
        PhaseResult l = r.latencyThroughput;
        if (l != null) {
            double ideal = l.clients / (l.injectedLatencyMs / 1000.0);
            row("4", "sync throughput, L = " + l.injectedLatencyMs + " ms, " + l.clients + " clients",
                    rate(l.okPerSecond()) + String.format(Locale.ROOT, " (%.0f%% of %.0f/s)", 100 * l.okPerSecond() / ideal, ideal),
                    String.format(Locale.ROOT, "≥ %.0f/s (80%%)", 0.8 * ideal), l.okPerSecond() >= 0.8 * ideal);
        }
        PhaseResult c = r.cache;
        if (c != null && c.ok() > 0) {
            row("5", "availability from cache, p50", ms(c.percentileMs(50)) + " (Google calls: " + c.totalGoogleCalls() + ")",
                    "≤ 2 ms", c.percentileMs(50) <= 2);
        }
        if (!Double.isNaN(r.deployToReadySeconds)) {
            row("6", "deploy-to-ready (start of payara/run to /health/ready 200 with database UP)",
                    String.format(Locale.ROOT, "%.1f s", r.deployToReadySeconds), "≤ 20 s", r.deployToReadySeconds <= 20);
        }
        long peak = r.peakRssUnderLoadKb();
        if (peak > 0) {
            row("7", "resident memory of the Payara JVM, peak under load (sampled VmRSS)", mib(peak), "≤ 600 MB",
                    peak * KIB <= 600_000_000L);
        }
        line("");
        line("Latencies are taken at the client, on the same machine as the service, the emulator and PostgreSQL;"
                + " the overhead is latency minus the injected emulator latency L. Percentiles are exact (nearest rank)"
                + " over the requests answered 200.");
        line("");
    }

    private void phases() {
        line("## Phases");
        line("");
        line("| phase | clients | L | requests | 200 | other | 200/s | p50 | p90 | p99 | max | Google calls per request |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (PhaseResult p : allPhases()) {
            line("| " + p.name + " | " + p.clients + " | " + p.injectedLatencyMs + " ms | " + p.attempted + " | " + p.ok()
                    + " | " + p.failed() + " | " + rate(p.okPerSecond()) + " | " + ms(p.percentileMs(50)) + " | "
                    + ms(p.percentileMs(90)) + " | " + ms(p.percentileMs(99)) + " | " + ms(p.maxMs()) + " | "
                    + (p.attempted == 0 ? "-" : String.format(Locale.ROOT, "%.2f", p.totalGoogleCalls() / (double) p.attempted))
                    + " |");
        }
        line("");
    }

    private void overhead() {
        List<PhaseResult> withLatency = new ArrayList<>();
        for (PhaseResult p : new PhaseResult[] {r.overhead, r.latencyThroughput}) {
            if (p != null && p.injectedLatencyMs > 0 && p.ok() > 0) {
                withLatency.add(p);
            }
        }
        if (withLatency.isEmpty()) {
            return;
        }
        line("## Service overhead (latency − L)");
        line("");
        line("| phase | clients | L | p50 | p90 | p99 | max | mean |");
        line("|---|---|---|---|---|---|---|---|");
        for (PhaseResult p : withLatency) {
            line("| " + p.name + " | " + p.clients + " | " + p.injectedLatencyMs + " ms | " + ms(p.overheadMs(50)) + " | "
                    + ms(p.overheadMs(90)) + " | " + ms(p.overheadMs(99)) + " | " + ms(p.maxMs() - p.injectedLatencyMs)
                    + " | " + ms(p.meanMs() - p.injectedLatencyMs) + " |");
        }
        line("");
    }

    private void cpu() {
        line("## Where the CPU went (per request, from /proc)");
        line("");
        line("Everything shares the machine's cores: the service, PostgreSQL, and this benchmark's JVM (load"
                + " generator and Google emulator). \"other\" is the rest of the machine's busy time (the payara/run"
                + " shell, the kernel, anything else running).");
        line("");
        line("| phase | wall | machine busy | Payara | benchmark JVM | PostgreSQL | other |");
        line("|---|---|---|---|---|---|---|");
        for (PhaseResult p : allPhases()) {
            CpuMeter.Usage u = p.cpu;
            if (u == null || p.attempted == 0) {
                continue;
            }
            double n = p.attempted;
            line("| " + p.name + " | " + String.format(Locale.ROOT, "%.1f s", u.wallSeconds()) + " | "
                    + String.format(Locale.ROOT, "%.2f of %d cores", u.machineBusyCores(),
                            Runtime.getRuntime().availableProcessors())
                    + " | " + cpuMs(u.payara(), n) + " | " + cpuMs(u.bench(), n) + " | " + cpuMs(u.postgres(), n) + " | "
                    + cpuMs(u.other(), n) + " |");
        }
        line("");
    }

    private static String cpuMs(double seconds, double requests) {
        return String.format(Locale.ROOT, "%.2f ms", 1000 * seconds / requests);
    }

    private List<PhaseResult> allPhases() {
        List<PhaseResult> all = new ArrayList<>();
        if (r.refresh != null) {
            all.add(r.refresh.phase());
        }
        all.addAll(r.warmup);
        for (PhaseResult p : new PhaseResult[] {r.cacheWarmup, r.cache, r.overhead, r.throughput, r.latencyThroughput}) {
            if (p != null) {
                all.add(p);
            }
        }
        return all;
    }

    private void answers() {
        line("## Answers by HTTP status and outcome");
        line("");
        for (PhaseResult p : allPhases()) {
            line("- **" + p.name + "** — status: " + counts(p.statuses) + "; outcome: " + counts(p.outcomes));
        }
        line("");
    }

    private void googleCalls() {
        line("## Google calls per phase (emulator counts)");
        line("");
        for (PhaseResult p : allPhases()) {
            line("- **" + p.name + "** (" + p.attempted + " requests): " + (p.googleCalls.isEmpty() ? "none" : calls(p.googleCalls)));
        }
        line("");
    }

    private void memory() {
        line("## Resident memory of the Payara JVM");
        line("");
        line("- after start, idle: " + mib(r.idleRssKb));
        for (PhaseResult p : r.loadPhases()) {
            line("- peak during " + p.name + ": " + mib(p.peakRssKb));
        }
        if (r.highWaterMarkKb > 0) {
            line("- kernel high-water mark (VmHWM) at the end, whole run: " + mib(r.highWaterMarkKb));
        }
        line("");
    }

    private void row(String n, String figure, String measured, String budget, boolean within) {
        line("| " + n + " | " + figure + " | " + measured + " | " + budget + " | " + (within ? "within" : "**missed**") + " |");
    }

    private static String calls(Map<String, Integer> calls) {
        if (calls.isEmpty()) {
            return "(none)";
        }
        return "(" + calls.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")";
    }

    private static String counts(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        return counts.entrySet().stream().map(e -> e.getKey() + " × " + e.getValue()).collect(Collectors.joining(", "));
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f ms", v);
    }

    static String rate(double v) {
        return String.format(Locale.ROOT, "%.0f/s", v);
    }

    /** Both units, since the budget says MB and /proc counts KiB. */
    static String mib(long kb) {
        return String.format(Locale.ROOT, "%.0f MB (%.0f MiB)", kb * KIB / 1e6, kb / 1024.0);
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
