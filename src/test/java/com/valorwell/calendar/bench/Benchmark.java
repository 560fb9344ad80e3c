package com.valorwell.calendar.bench;

import java.sql.PreparedStatement;
import java.sql.Connection;
import com.valorwell.calendar.emulator.Fault;
import com.valorwell.calendar.emulator.GoogleEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The benchmark of SPEC section 8, behind {@code payara/bench}: it starts PostgreSQL,
 * the Google emulator and the service (through {@code payara/run}) on 127.0.0.1, seeds a
 * clinic of connected clinicians, measures Google calls per operation, the token refresh
 * under concurrent requests, sync overhead and throughput, cached availability,
 * deploy-to-ready and resident memory, prints a report with each budget beside its
 * figure, writes it as Markdown, and stops everything it started. Figures are reported,
 * not asserted: the exit code is non-zero only when the run itself broke.
 */
public final class Benchmark {

    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);
    private static final Pattern LOG_LEVEL = Pattern.compile("\\[(WARNING|SEVERE)\\]");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
    /** Payara's per-record fields that differ on every line and say nothing about the problem. */
    private static final Pattern LOG_NOISE = Pattern.compile("\\[(tid|timeMillis|levelValue): [^]]*]|\\[]");

    /** Flyway reports every step at INFO; the report is what a reader of this output wants. */
    private static final Logger FLYWAY = Logger.getLogger("org.flywaydb");

    private final BenchConfig config;
    private final ServiceUnderTest service;
    private final Results results = new Results();
    private Clinic clinic;
    private GoogleEmulator google;
    private Load load;
    private RssSampler rss;

    private Benchmark(BenchConfig config, ServiceUnderTest service) {
        this.config = config;
        this.service = service;
    }

    public static void main(String[] args) {
        FLYWAY.setLevel(Level.WARNING);
        Path root = Path.of("").toAbsolutePath();
        BenchConfig config = BenchConfig.fromEnvironment(root);
        ServiceUnderTest service = new ServiceUnderTest(root);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "bench-stop"));
        int code;
        try {
            code = new Benchmark(config, service).run();
        } catch (Exception e) {
            System.err.println("[bench] the benchmark broke: " + e);
            e.printStackTrace();
            code = 1;
        } finally {
            say("Stopping the service, the emulator and PostgreSQL ...");
            service.close();
        }
        System.exit(code);
    }

    private int run() throws Exception {
        if (!Files.isRegularFile(config.war())) {
            System.err.println("[bench] no WAR at " + config.war() + " (build it with: mvn -DskipTests package)");
            return 2;
        }
        say("Starting PostgreSQL (embedded) and the Google emulator ...");
        service.startBackends(config.port());
        google = service.google();
        int each = (config.appointmentsNeeded() + config.clinicians() - 1) / config.clinicians();
        say("Seeding " + config.clinicians() + " connected clinicians with " + each + " appointments each ...");
        clinic = Clinic.seed(service.dataSource(), google, service.keys(), service.setting("TOKEN_ENCRYPTION_KEY"),
                config.clinicians(), each);

        say("Starting the service (payara/run, JAVA_OPTS=" + config.javaOpts() + ") ...");
        if (!service.startService(config.war(), config.payaraMicroJar(), config.javaOpts(), config.readyTimeout())) {
            System.err.println("[bench] the service did not become ready; the end of its log:");
            tail(service.serverLog(), 60).forEach(System.err::println);
            Path log = config.report().resolveSibling("benchmark-server.log");
            service.keepServerLog(log);
            System.err.println("[bench] the whole log: " + log);
            return 1;
        }
        results.deployToReadySeconds = service.deployToReadySeconds();
        say(String.format(Locale.ROOT, "Ready after %.1f s.", results.deployToReadySeconds));
        long readyLogLines = lineCount(service.serverLog());
        long pid = service.javaProcess().map(ProcessHandle::pid)
                .orElseThrow(() -> new IllegalStateException("no java process under payara/run"));
        rss = new RssSampler(pid);
        try {
            results.idleRssKb = rss.currentKb();
            CpuMeter cpu = new CpuMeter(pid, service.postgresPort());
            if (!cpu.seesPostgres()) {
                results.notes.add("PostgreSQL's processes were not found, so its CPU time is counted under \"other\".");
            }
            load = new Load(google, rss, cpu);
            describeEnvironment(pid);

            say("Google calls per operation (one request each, valid token) ...");
            callsPerOperation();
            say("Token refresh under " + config.refreshConcurrency() + " concurrent requests ...");
            tokenRefresh();
            SyncWorkload sync = new SyncWorkload(service.dataSource(),
                    URI.create(service.api("google-calendar-sync-appointment")), clinic.appointments);
            warmUp(sync);
            say("Availability from cache (" + config.cacheRequests() + " identical questions, one client) ...");
            cachedAvailability();
            say("Sync overhead: " + config.overheadOps() + " operations, " + config.overheadClients()
                    + " clients, emulator latency " + config.latencyMs() + " ms ...");
            results.overhead = syncPhase(sync, "overhead", config.overheadOps(), config.overheadClients(), config.latencyMs());
            say("Throughput at 0 ms: " + config.throughputOps() + " operations, " + config.throughputClients() + " clients ...");
            results.throughput = syncPhase(sync, "throughput, 0 ms", config.throughputOps(), config.throughputClients(), 0);
            say("Throughput at " + config.latencyMs() + " ms: " + config.latencyThroughputOps() + " operations, "
                    + config.latencyThroughputClients() + " clients ...");
            results.latencyThroughput = syncPhase(sync, "throughput, " + config.latencyMs() + " ms",
                    config.latencyThroughputOps(), config.latencyThroughputClients(), config.latencyMs());
            int small = Integer.parseInt(System.getenv().getOrDefault("BENCH_SWEEP_SMALL", "1000"));
            int large = Integer.parseInt(System.getenv().getOrDefault("BENCH_SWEEP_LARGE", "10000"));
            say("Retry sweeper: " + small + " then " + large + " due rows, emulator latency " + config.latencyMs() + " ms ...");
            sweeperPhase(small, config.latencyMs());
            sweeperPhase(large, config.latencyMs());
            results.highWaterMarkKb = rss.highWaterMarkKb();
            scrapeMetrics();
        } finally {
            rss.close();
            google.clearFaults();
        }
        scanLog(readyLogLines);
        config.describe().forEach(results.sizes::put);
        results.sizes.put("appointments seeded", String.valueOf(clinic.appointments.size()));

        String report = Report.render(results);
        System.out.println();
        System.out.println(report);
        Files.createDirectories(config.report().getParent());
        Files.writeString(config.report(), report);
        Path log = config.report().resolveSibling("benchmark-server.log");
        service.keepServerLog(log);
        say("Report written to " + config.report() + "; the service's log to " + log);
        return 0;
    }

    // ------------------------------------------------------------------ 1. calls per operation

    /**
     * One request per operation for a clinician nobody else touches, with the emulator's
     * counts reset before each, so each count is that request's alone.
     */
    private void callsPerOperation() throws Exception {
        Clinic.Clinician probe = clinic.probe;
        UUID appointment = Clinic.appointment(service.dataSource(), clinic.tenant, probe,
                clinic.firstStart.plusDays(3));
        URI sync = URI.create(service.api("google-calendar-sync-appointment"));
        count("create (sync-appointment)", 1, syncRequest(sync, probe, appointment, "create"));
        Clinic.moveByADay(service.dataSource(), List.of(appointment));
        count("update (sync-appointment)", 1, syncRequest(sync, probe, appointment, "update"));
        count("delete (sync-appointment)", 1, syncRequest(sync, probe, appointment, "delete"));
        count("list (list-calendars)", 1, get(service.api("google-calendar-list-calendars"), probe.jwt()));
        HttpRequest question = availability(probe, clinic.firstStart, clinic.firstStart.plusDays(7));
        count("free/busy (availability, not cached)", 1, question);
        count("availability answered from cache", 0, question);
    }

    private void count(String operation, int budget, HttpRequest request) {
        google.resetCalls();
        HttpResponse<String> r = load.once(request);
        String outcome = r == null ? "no answer"
                : r.statusCode() == 200 ? "200" : SyncWorkload.problem(r.statusCode(), r.body());
        if (r != null && r.statusCode() == 200 && r.body().contains("\"synced\"")) {
            String sync = SyncWorkload.outcome(200, r.body());
            outcome = sync.equals("synced") ? "200" : "200 " + sync;
        }
        results.callCounts.add(new Results.CallCount(operation, outcome, google.callCounts(), budget));
    }

    // ------------------------------------------------------------------ 2. token refresh

    private void tokenRefresh() throws Exception {
        Clinic.Clinician who = clinic.refresh;
        HttpRequest list = get(service.api("google-calendar-list-calendars"), who.jwt());
        // One request first, so the phase measures the refresh and not the first use of a cold path.
        load.once(list);
        Clinic.expireStoredToken(service.dataSource(), who.staff());
        int n = config.refreshConcurrency();
        PhaseResult phase = load.run("token refresh, " + n + " concurrent list-calendars", n, n, 0,
                config.phaseTimeout(), i -> simple(list));
        results.refresh = new Results.Refresh(n, phase.googleCalls.getOrDefault("token.refresh_token", 0),
                phase.googleCalls, phase.outcomes, phase);
    }

    // ------------------------------------------------------------------ 3, 4. sync load

    /**
     * Two rounds at 0 ms so that the JIT has compiled the create and the update path
     * before anything is measured: creates only (nothing is synced yet), then the mix.
     */
    private void warmUp(SyncWorkload sync) throws Exception {
        int half = config.warmupOps() / 2;
        say("Warm-up: " + half + " creates, then " + half + " mixed operations, " + config.overheadClients()
                + " clients, 0 ms ...");
        results.warmup.add(load.run("warm-up 1 (creates)", config.overheadClients(), half, 0, config.phaseTimeout(),
                sync::nextCreate));
        results.warmup.add(syncPhase(sync, "warm-up 2 (mixed)", half, config.overheadClients(), 0));
    }

    /**
     * SPEC 8's sweeper figure: {@code rows} failed rows made due at once (as an outage
     * leaves them, spread over the load clinicians), drained by the sweeper alone at the
     * emulator's latency; rows/s against SYNC_SWEEP_CONCURRENCY / latency, Google calls
     * per row, and resident memory meanwhile.
     */
    private void sweeperPhase(int rows, int latencyMs) throws Exception {
        google.clearFaults();
        google.addFault(Fault.on("*").latencyMs(latencyMs));
        int insertsBefore = google.callCount("events.insert");
        UUID[] staffs = clinic.load.stream().map(Clinic.Clinician::staff).toArray(UUID[]::new);
        String marker = "bench-sweep-" + rows;
        String seed = "with s as (select unnest(?::uuid[]) as staff_id),"
                + " a as (insert into appointments (tenant_id, staff_id, start_at, end_at, time_zone, status)"
                + " select ?, s.staff_id, timestamptz '2027-03-01 09:00Z' + g * interval '1 hour',"
                + " timestamptz '2027-03-01 09:45Z' + g * interval '1 hour', 'UTC', 'scheduled'"
                + " from s, generate_series(1, ?) g returning id, tenant_id, staff_id)"
                + " insert into calendar_sync_log (tenant_id, appointment_id, staff_id, sync_status, requested_action,"
                + " retry_count, error_code, error_message, next_attempt_at)"
                + " select tenant_id, id, staff_id, 'failed', 'upsert', 1, 'google_unavailable', ?, now() from a";
        try (Connection c = service.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(seed)) {
            s.setObject(1, staffs);
            s.setObject(2, clinic.tenant);
            s.setInt(3, (rows + staffs.length - 1) / staffs.length);
            s.setString(4, marker);
            s.executeUpdate();
        }
        int seeded = count("select count(*) from calendar_sync_log where error_message = ?", marker);
        rss.resetPeak();
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(15).toNanos();
        int left = seeded;
        while (left > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            rss.peakKb();
            left = count("select count(*) from calendar_sync_log where error_message = ? and sync_status <> 'synced'",
                    marker);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        google.clearFaults();
        int inserts = google.callCount("events.insert") - insertsBefore;
        double bound = 8 / (latencyMs / 1000.0);
        String line = String.format(Locale.ROOT, "Sweeper, %,d due rows at L = %d ms: %,d drained in %.1f s = %.0f rows/s"
                        + " (bound SYNC_SWEEP_CONCURRENCY/L = %.0f/s, 90%% = %.0f/s); events.insert calls %,d"
                        + " (%.2f per row); %,d left; peak RSS %d MB",
                seeded, latencyMs, seeded - left, seconds, (seeded - left) / seconds, bound, 0.9 * bound,
                inserts, inserts / (double) seeded, left, rss.peakKb() * 1024 / 1_000_000);
        say(line);
        results.notes.add(line);
    }

    private int count(String sql, String marker) throws Exception {
        try (Connection c = service.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, marker);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private PhaseResult syncPhase(SyncWorkload sync, String name, int ops, int clients, int latencyMs) throws Exception {
        sync.prepareUpdates(ops / 2);
        google.clearFaults();
        if (latencyMs > 0) {
            google.addFault(Fault.on("*").latencyMs(latencyMs));
        }
        try {
            return load.run(name, clients, ops, latencyMs, config.phaseTimeout(), sync::next);
        } finally {
            google.clearFaults();
            sync.returnUnused();
        }
    }

    // ------------------------------------------------------------------ 5. cached availability

    private void cachedAvailability() throws Exception {
        Clinic.Clinician who = clinic.cache;
        HttpRequest question = availability(who, clinic.firstStart, clinic.firstStart.plusDays(14));
        load.once(question);
        // Unmeasured repeats: the cached path gets compiled before it is timed.
        results.cacheWarmup = load.run("availability from cache, warm-up", 1, Math.min(500, config.cacheRequests()), 0, config.phaseTimeout(),
                i -> simple(question));
        results.cache = load.run("availability from cache", 1, config.cacheRequests(), 0, config.phaseTimeout(),
                i -> simple(question));
    }

    // ------------------------------------------------------------------ requests

    private static Load.Op simple(HttpRequest request) {
        return new Load.Op() {
            @Override
            public HttpRequest request() {
                return request;
            }

            @Override
            public String completed(int status, String body) {
                return status == 200 ? "200" : SyncWorkload.problem(status, body);
            }
        };
    }

    private static HttpRequest syncRequest(URI endpoint, Clinic.Clinician who, UUID appointment, String action) {
        return SyncWorkload.request(endpoint, who.jwt(),
                "{\"appointment_id\":\"" + appointment + "\",\"action\":\"" + action + "\"}");
    }

    private HttpRequest availability(Clinic.Clinician who, OffsetDateTime from, OffsetDateTime to) {
        return SyncWorkload.request(URI.create(service.api("google-calendar-get-availability")), who.jwt(),
                "{\"staff_id\":\"" + who.staff() + "\",\"time_min\":\"" + RFC3339.format(from)
                        + "\",\"time_max\":\"" + RFC3339.format(to) + "\"}");
    }

    private static HttpRequest get(String url, String jwt) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Load.REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + jwt)
                .GET()
                .build();
    }

    // ------------------------------------------------------------------ report material

    private void describeEnvironment(long pid) {
        Map<String, String> e = results.environment;
        e.put("Date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        e.put("Machine", Runtime.getRuntime().availableProcessors() + " CPUs (nproc)" + cpuModel() + ", "
                + memTotal() + " RAM, " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch"));
        e.put("Java (benchmark)", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        String javaCmd = ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElse("java");
        e.put("Java (Payara)", javaCmd + " — " + firstLine(javaCmd, "-version"));
        e.put("Payara JVM options (JAVA_OPTS)", "`" + config.javaOpts() + "`"
                + (config.javaOpts().equals(BenchConfig.DEFAULT_JAVA_OPTS) ? " (payara/bench's default)" : " (from the environment)"));
        e.put("Payara JVM command line before -jar", "`" + String.join(" ", service.javaOptions()) + "`");
        e.put("Service", "commit " + git("rev-parse", "--short", "HEAD") + gitDirty() + ", WAR " + config.war()
                + ", Payara Micro " + config.payaraMicroJar());
        String overrides = System.getenv().entrySet().stream()
                .filter(v -> (v.getKey().startsWith("BENCH_") || v.getKey().equals("JAVA_OPTS")
                        || v.getKey().equals("PAYARA_MICRO_JAR")))
                .map(v -> v.getKey() + "=" + v.getValue())
                .sorted()
                .collect(Collectors.joining(" "));
        e.put("Command", "`" + (overrides.isEmpty() ? "" : overrides + " ") + "payara/bench`");
        e.put("Setup", "service (Payara Micro, `payara/run`), PostgreSQL 16 (embedded, fsync off), the Google emulator"
                + " and the load generator (`java.net.http`, HTTP/1.1, closed loop) all on this machine, on 127.0.0.1;"
                + " AVAILABILITY_RATE_LIMIT=1000000, SYNC_SWEEP_INTERVAL=PT1S, other settings at their defaults");
    }

    private void scrapeMetrics() {
        HttpResponse<String> r = load.once(HttpRequest.newBuilder(URI.create(service.baseUrl() + "metrics"))
                .timeout(Duration.ofSeconds(10)).header("Accept", "text/plain").GET().build());
        if (r == null || r.statusCode() != 200) {
            results.notes.add("/metrics answered " + (r == null ? "nothing" : String.valueOf(r.statusCode())));
            return;
        }
        for (String line : r.body().split("\n")) {
            // Counters, gauges and timer counts and sums; the timers' quantile lines would bury them.
            if (!line.startsWith("#") && line.contains("calendar_") && !line.contains("_bucket")
                    && !line.contains("quantile=") && !line.contains("_mean{")) {
                results.metrics.add(line);
            }
        }
        if (results.metrics.size() > 80) {
            int more = results.metrics.size() - 80;
            results.metrics.subList(80, results.metrics.size()).clear();
            results.metrics.add("... " + more + " more lines");
        }
    }

    /**
     * WARNING and SEVERE records the service logged after it was ready, counted by level,
     * logger and first message line (Payara colours its levels, so ANSI codes go first).
     */
    private void scanLog(long skipLines) throws IOException {
        List<String> lines = Files.readAllLines(service.serverLog(), StandardCharsets.ISO_8859_1).stream()
                .map(l -> ANSI.matcher(l).replaceAll(""))
                .toList();
        Map<String, Integer> found = new LinkedHashMap<>();
        for (int i = (int) Math.min(skipLines, lines.size()); i < lines.size(); i++) {
            Matcher m = LOG_LEVEL.matcher(lines.get(i));
            if (!m.find()) {
                continue;
            }
            String message = LOG_NOISE.matcher(lines.get(i).substring(m.end())).replaceAll("").trim();
            if (message.endsWith("[[") && i + 1 < lines.size()) {
                message = message.substring(0, message.length() - 2).trim() + " " + lines.get(i + 1).trim();
            }
            if (message.length() > 300) {
                message = message.substring(0, 300) + "…";
            }
            found.merge(m.group(1) + " " + message, 1, Integer::sum);
        }
        found.forEach((k, v) -> results.logFindings.add(v + " × " + k));
    }

    // ------------------------------------------------------------------ small helpers

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return " (" + line.substring(line.indexOf(':') + 1).trim() + ")";
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        String out = firstLineOf(command);
        return out.isBlank() ? "unknown" : out;
    }

    /** Read-only: no optional locks, so the index is never rewritten. */
    private static String gitDirty() {
        String status = firstLineOf(List.of("git", "--no-optional-locks", "status", "--porcelain"));
        return status.isBlank() ? "" : " with uncommitted changes";
    }

    private static String firstLine(String command, String arg) {
        return firstLineOf(List.of(command, arg));
    }

    private static String firstLineOf(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(10, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("").trim();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static long lineCount(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            return lines.count();
        }
    }

    private static List<String> tail(Path file, int n) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    private static void say(String line) {
        System.out.println("[bench] " + line);
        System.out.flush();
    }
}
