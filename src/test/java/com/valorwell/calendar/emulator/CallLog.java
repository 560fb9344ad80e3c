package com.valorwell.calendar.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts calls per operation (every call that reached an operation, faulted or not), per operation and
 * answered status, and keeps the most recent requests so tests can check what a client really sent.
 */
final class CallLog {

    static final int MAX_CAPTURED = 1000;
    /** Bodies are kept whole up to this size; enough for any JSON the APIs take. */
    private static final int MAX_CAPTURED_BODY_CHARS = 64 * 1024;
    /** Status recorded for a call whose connection was dropped on purpose. */
    static final String DROPPED = "dropped";

    /** A captured request whose status is filled in once the answer is decided. */
    static final class Entry {
        private final String operation;
        private final String method;
        private final String path;
        private final String query;
        private final Map<String, String> headers;
        private final String body;
        private volatile Integer status;

        private Entry(String operation, HttpCall call) {
            this.operation = operation;
            this.method = call.method;
            this.path = call.rawPath;
            this.query = call.rawQuery;
            this.headers = maskedHeaders(call);
            String text = call.bodyText();
            this.body = text.length() > MAX_CAPTURED_BODY_CHARS ? text.substring(0, MAX_CAPTURED_BODY_CHARS) : text;
        }

        CapturedRequest snapshot() {
            return new CapturedRequest(operation, method, path, query, headers, body, status);
        }
    }

    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, AtomicInteger>> byStatus = new ConcurrentHashMap<>();
    private final Deque<Entry> captured = new ArrayDeque<>();

    /** Counts and captures a call as it reaches an operation. */
    Entry begin(String operation, HttpCall call) {
        counts.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        Entry entry = new Entry(operation, call);
        synchronized (captured) {
            captured.addLast(entry);
            while (captured.size() > MAX_CAPTURED) {
                captured.removeFirst();
            }
        }
        return entry;
    }

    /** Records the answer; {@code status} 0 means the connection was dropped. */
    void end(Entry entry, int status) {
        entry.status = status;
        String key = status == 0 ? DROPPED : Integer.toString(status);
        byStatus.computeIfAbsent(entry.operation, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    Map<String, Integer> counts() {
        Map<String, Integer> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    Map<String, Map<String, Integer>> countsByStatus() {
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        byStatus.forEach((op, m) -> {
            Map<String, Integer> statuses = new TreeMap<>();
            m.forEach((k, v) -> statuses.put(k, v.get()));
            out.put(op, statuses);
        });
        return out;
    }

    /** Captured requests, oldest first; {@code operation} null means all. */
    List<CapturedRequest> requests(String operation) {
        List<CapturedRequest> out = new ArrayList<>();
        synchronized (captured) {
            for (Entry e : captured) {
                if (operation == null || operation.equals(e.operation)) {
                    out.add(e.snapshot());
                }
            }
        }
        return out;
    }

    void reset() {
        counts.clear();
        byStatus.clear();
        synchronized (captured) {
            captured.clear();
        }
    }

    private static Map<String, String> maskedHeaders(HttpCall call) {
        Map<String, String> out = new TreeMap<>();
        call.exchange.getRequestHeaders().forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            String value = String.join(", ", values);
            if (key.equals("authorization")) {
                int space = value.indexOf(' ');
                value = (space > 0 ? value.substring(0, space) + " " : "") + "***";
            }
            out.put(key, value);
        });
        return out;
    }
}
