package com.valorwell.calendar.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one benchmark run measured and what it ran on, gathered for the report. */
final class Results {

    /** Google calls caused by one request with a valid token, against its budget. */
    record CallCount(String operation, String outcome, Map<String, Integer> calls, int budget) {
        int total() {
            return calls.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** The concurrent requests on one expired token and the refreshes they caused. */
    record Refresh(int concurrency, int refreshes, Map<String, Integer> calls, Map<String, Long> outcomes,
            PhaseResult phase) {
    }

    final Map<String, String> environment = new LinkedHashMap<>();
    final Map<String, String> sizes = new LinkedHashMap<>();
    final List<CallCount> callCounts = new ArrayList<>();
    Refresh refresh;
    double deployToReadySeconds = Double.NaN;
    long idleRssKb;
    long highWaterMarkKb;
    final List<PhaseResult> warmup = new ArrayList<>();
    PhaseResult cacheWarmup;
    PhaseResult cache;
    PhaseResult overhead;
    PhaseResult throughput;
    PhaseResult latencyThroughput;
    final List<String> metrics = new ArrayList<>();
    final List<String> logFindings = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    /** The phases that count as "under load" for memory. */
    List<PhaseResult> loadPhases() {
        List<PhaseResult> all = new ArrayList<>(warmup);
        for (PhaseResult p : new PhaseResult[] {overhead, throughput, latencyThroughput}) {
            if (p != null) {
                all.add(p);
            }
        }
        return all;
    }

    long peakRssUnderLoadKb() {
        return loadPhases().stream().mapToLong(p -> p.peakRssKb).max().orElse(0);
    }
}
