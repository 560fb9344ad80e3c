package com.valorwell.calendar.operations.control;

import com.valorwell.calendar.google.control.GoogleCallObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The service's metrics (SPEC 7), under the base names dashboards rely on. MicroProfile
 * Metrics exports a counter {@code x} as {@code x_total} and a timer with its unit, so
 * {@code calendar_sync_operations} appears as {@code calendar_sync_operations_total}.
 * Also the Google adapter's observer: every Google call is counted and timed here.
 */
@ApplicationScoped
public class ServiceMetrics implements GoogleCallObserver {

    @Inject
    MetricRegistry registry;

    @Override
    public void observed(String operation, int httpStatus, long nanos) {
        registry.counter("calendar_google_calls", new Tag("operation", operation),
                new Tag("status", httpStatus == 0 ? "none" : Integer.toString(httpStatus))).inc();
        // Exported with its unit: calendar_google_call_seconds.
        registry.timer("calendar_google_call", new Tag("operation", operation)).update(Duration.ofNanos(nanos));
    }

    public void syncOperation(String action, String outcome) {
        registry.counter("calendar_sync_operations", new Tag("action", action), new Tag("outcome", outcome)).inc();
    }

    public void tokenRefresh(String outcome) {
        registry.counter("calendar_token_refreshes", new Tag("outcome", outcome)).inc();
    }

    public void availabilityCache(boolean hit) {
        registry.counter("calendar_availability_cache", new Tag("result", hit ? "hit" : "miss")).inc();
    }
}
