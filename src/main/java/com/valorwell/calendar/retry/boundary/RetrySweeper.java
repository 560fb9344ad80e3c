package com.valorwell.calendar.retry.boundary;

import com.valorwell.calendar.platform.config.Setting;
import com.valorwell.calendar.platform.config.Settings;
import com.valorwell.calendar.retry.control.DueRows;
import com.valorwell.calendar.sync.boundary.AppointmentSync;
import com.valorwell.calendar.sync.boundary.SyncResult;
import com.valorwell.calendar.sync.control.CallGate;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The retry sweeper (SPEC 6): every SYNC_SWEEP_INTERVAL it takes due rows in batches and
 * syncs their appointments again, re-reading each appointment so a cancelled one is
 * removed rather than resurrected. At most SYNC_SWEEP_CONCURRENCY Google calls are in
 * flight per instance; a 429 from Google pauses the sweep for its Retry-After. A run that
 * would overlap the previous one is skipped; instances share the work through the
 * database, never the same row at once.
 */
@Startup
@Singleton
@DependsOn({"Configuration", "DatabaseMigrator"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@ManagedExecutorDefinition(name = RetrySweeper.EXECUTOR, maxAsync = 64)
public class RetrySweeper {

    static final String EXECUTOR = "java:app/concurrent/RetrySweeper";
    private static final Logger LOG = Logger.getLogger(RetrySweeper.class.getName());
    /** How long a taken row stays the taker's before another instance may take it over. */
    static final Duration LEASE = Duration.ofMinutes(5);
    static final Duration DEFAULT_PAUSE = Duration.ofSeconds(30);

    @Resource
    TimerService timers;

    @Resource(lookup = EXECUTOR)
    ManagedExecutorService executor;

    @Inject
    Settings settings;

    @Inject
    DueRows dueRows;

    @Inject
    AppointmentSync sync;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicReference<Instant> pausedUntil = new AtomicReference<>(Instant.MIN);
    private int batch;
    private int maxAttempts;
    private int concurrency;

    @PostConstruct
    void schedule() {
        batch = settings.integer(Setting.SYNC_SWEEP_BATCH);
        maxAttempts = settings.integer(Setting.SYNC_RETRY_MAX_ATTEMPTS);
        concurrency = settings.integer(Setting.SYNC_SWEEP_CONCURRENCY);
        long interval = settings.duration(Setting.SYNC_SWEEP_INTERVAL).toMillis();
        // Not persistent: every instance sweeps on its own clock; the database shares the work.
        timers.createIntervalTimer(interval, interval, new TimerConfig("retry-sweeper", false));
    }

    /** Stops sweeping before the application (and its data source) goes away, e.g. on redeploy. */
    @PreDestroy
    void cancel() {
        for (Timer timer : timers.getTimers()) {
            timer.cancel();
        }
    }

    @Timeout
    void onTimer() {
        if (Instant.now().isBefore(pausedUntil.get()) || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Retry sweep failed: {0}", e.getClass().getSimpleName());
        } finally {
            running.set(false);
        }
    }

    /**
     * Works through due rows until there are none (or Google asks to slow down), as a
     * pipeline: the next batch is taken as soon as the previous one is handed out, so the
     * Google calls never wait for a batch's slowest row. Returns the rows worked.
     */
    public int sweep() {
        Semaphore googleCalls = new Semaphore(concurrency);
        // Twice as many rows as Google calls in flight, so database work overlaps the calls.
        Semaphore rowsInFlight = new Semaphore(concurrency * 2);
        CallGate gate = CallGate.bounded(googleCalls);
        AtomicInteger worked = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        try {
            while (Instant.now().isAfter(pausedUntil.get())) {
                List<DueRows.Due> due = dueRows.take(batch, maxAttempts, LEASE);
                if (due.isEmpty()) {
                    break;
                }
                running.removeIf(Future::isDone);
                for (DueRows.Due row : due) {
                    AppointmentSync.Action action = "delete".equals(row.requestedAction())
                            ? AppointmentSync.Action.DELETE : AppointmentSync.Action.UPDATE;
                    rowsInFlight.acquire();
                    running.add(executor.submit(() -> {
                        try {
                            SyncResult r = sync.reconcile(row.appointmentId(), row.tenantId(), action, gate);
                            if ("rate_limited".equals(r.reason())) {
                                pausedUntil.set(Instant.now().plus(DEFAULT_PAUSE));
                            }
                        } catch (RuntimeException e) {
                            LOG.log(Level.WARNING, "A retry failed: {0}", e.getClass().getSimpleName());
                        } finally {
                            worked.incrementAndGet();
                            rowsInFlight.release();
                        }
                    }));
                }
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "A retry failed: {0}", e.getCause().getClass().getSimpleName());
        }
        if (worked.get() > 0) {
            LOG.log(Level.INFO, "Retry sweep worked {0} row(s)", worked.get());
        }
        return worked.get();
    }
}
