package com.valorwell.calendar.emulator;

import jakarta.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What to do wrong for one emulated operation: delay it, answer an error status, drop the connection,
 * or perform it and then hang so the caller times out after the write took effect.
 *
 * <p>Order of effects for one call: without {@code storeThenTimeout}, the call waits {@code latencyMs},
 * then drops the connection if {@code dropConnection}, else answers {@code status} if set, else is
 * performed normally (a fault with only a latency is a pure latency injection). With
 * {@code storeThenTimeout}, the operation is performed first, then the call waits {@code latencyMs}
 * (60 s when 0), then drops the connection, answers {@code status}, or sends the real answer.
 *
 * <p>A fault applies to {@code count} calls (unlimited when null) of {@code operation}; the operation
 * {@code "*"} matches every emulated operation and is consulted only when no fault names the operation
 * itself, so it serves as a global default (typically a latency). {@code calendarId}, when set,
 * restricts the fault to calls about that calendar (the path's calendar for events, any requested
 * item for freeBusy; other operations never match a calendar filter).
 *
 * <p>Built fluently: {@code Fault.on("events.insert").status(503).retryAfter("30").count(1)}.
 */
public final class Fault {

    /** Operation names the emulator reports, counts and accepts faults for. */
    public static final List<String> OPERATIONS = List.of(
            "auth", "auth.decide", "token.authorization_code", "token.refresh_token", "revoke",
            "calendarList.list", "freeBusy.query",
            "events.insert", "events.get", "events.update", "events.patch", "events.delete");

    /** A hang with no explicit latency lasts this long. */
    static final long DEFAULT_HANG_MS = 60_000;
    /** Upper bound on any injected wait, so a mistaken value cannot stall a test run for hours. */
    static final long MAX_WAIT_MS = 120_000;

    private String operation;
    private Integer status;
    private String reason;
    private String message;
    private String retryAfter;
    private long latencyMs;
    private boolean dropConnection;
    private boolean storeThenTimeout;
    private Integer count;
    private String calendarId;

    private Fault(String operation) {
        this.operation = operation;
    }

    /** A fault for the named operation (one of {@link #OPERATIONS}, or {@code "*"}). */
    public static Fault on(String operation) {
        return new Fault(operation);
    }

    /** Answer this HTTP status with Google's error body for the endpoint. */
    public Fault status(int status) {
        this.status = status;
        return this;
    }

    /** The error {@code reason} (Calendar API) or OAuth {@code error} code (token/revoke endpoints). */
    public Fault reason(String reason) {
        this.reason = reason;
        return this;
    }

    public Fault message(String message) {
        this.message = message;
        return this;
    }

    /** Value of a {@code Retry-After} header sent with the injected status. */
    public Fault retryAfter(String retryAfter) {
        this.retryAfter = retryAfter;
        return this;
    }

    public Fault latencyMs(long latencyMs) {
        this.latencyMs = latencyMs;
        return this;
    }

    public Fault dropConnection(boolean dropConnection) {
        this.dropConnection = dropConnection;
        return this;
    }

    public Fault storeThenTimeout(boolean storeThenTimeout) {
        this.storeThenTimeout = storeThenTimeout;
        return this;
    }

    /** How many calls the fault applies to; null (the default) means until cleared. */
    public Fault count(Integer count) {
        this.count = count;
        return this;
    }

    public Fault calendarId(String calendarId) {
        this.calendarId = calendarId;
        return this;
    }

    public String operation() {
        return operation;
    }

    public Integer status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public String message() {
        return message;
    }

    public String retryAfter() {
        return retryAfter;
    }

    public long latencyMs() {
        return latencyMs;
    }

    public boolean dropConnection() {
        return dropConnection;
    }

    public boolean storeThenTimeout() {
        return storeThenTimeout;
    }

    public Integer count() {
        return count;
    }

    public String calendarId() {
        return calendarId;
    }

    /** The wait before answering a {@code storeThenTimeout} call. */
    long hangMs() {
        return Math.min(latencyMs > 0 ? latencyMs : DEFAULT_HANG_MS, MAX_WAIT_MS);
    }

    Fault copy() {
        Fault f = new Fault(operation);
        f.status = status;
        f.reason = reason;
        f.message = message;
        f.retryAfter = retryAfter;
        f.latencyMs = latencyMs;
        f.dropConnection = dropConnection;
        f.storeThenTimeout = storeThenTimeout;
        f.count = count;
        f.calendarId = calendarId;
        return f;
    }

    /** Rejects faults that cannot mean anything, with a message fit for the control API's 400. */
    void validate() {
        if (operation == null || !(operation.equals("*") || OPERATIONS.contains(operation))) {
            throw new IllegalArgumentException("unknown operation '" + operation + "'; expected one of "
                    + OPERATIONS + " or *");
        }
        if (status != null && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("status must be an HTTP status code");
        }
        if (latencyMs < 0 || latencyMs > MAX_WAIT_MS) {
            throw new IllegalArgumentException("latencyMs must be between 0 and " + MAX_WAIT_MS);
        }
        if (count != null && count < 1) {
            throw new IllegalArgumentException("count must be at least 1 (leave it out for 'until cleared')");
        }
        if (status == null && !dropConnection && !storeThenTimeout && latencyMs == 0) {
            throw new IllegalArgumentException("the fault does nothing: give status, latencyMs, dropConnection or storeThenTimeout");
        }
    }

    static Fault fromJson(JsonObject o) {
        Set<String> known = new LinkedHashSet<>(List.of("operation", "status", "reason", "message", "retryAfter",
                "latencyMs", "dropConnection", "storeThenTimeout", "count", "calendarId"));
        for (String name : o.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown fault field '" + name + "'; known: " + known);
            }
        }
        Fault f = new Fault(Jsons.text(o, "operation"));
        f.status = Jsons.intValue(o, "status");
        f.reason = Jsons.text(o, "reason");
        f.message = Jsons.text(o, "message");
        f.retryAfter = Jsons.text(o, "retryAfter");
        Long latency = Jsons.longValue(o, "latencyMs");
        f.latencyMs = latency == null ? 0 : latency;
        f.dropConnection = Jsons.bool(o, "dropConnection", false);
        f.storeThenTimeout = Jsons.bool(o, "storeThenTimeout", false);
        f.count = Jsons.intValue(o, "count");
        f.calendarId = Jsons.text(o, "calendarId");
        return f;
    }

    JsonObject toJson(long id, Integer remaining) {
        return Jsons.obj(
                "id", id,
                "operation", operation,
                "status", status,
                "reason", reason,
                "message", message,
                "retryAfter", retryAfter,
                "latencyMs", latencyMs,
                "dropConnection", dropConnection,
                "storeThenTimeout", storeThenTimeout,
                "count", count,
                "remaining", remaining,
                "calendarId", calendarId);
    }

    @Override
    public String toString() {
        return toJson(0, null).toString();
    }
}
