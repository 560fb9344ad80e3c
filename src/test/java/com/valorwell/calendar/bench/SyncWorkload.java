package com.valorwell.calendar.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The sync-appointment load: creates of appointments never synced, alternating with
 * updates of appointments already synced and moved since, each appointment in at most
 * one request at a time. Appointments come interleaved by clinician, so concurrent
 * requests are spread over many clinicians and never wait on one another's appointment.
 * Every request should cost exactly one Google call (an insert or an update) with the
 * clinicians' tokens valid throughout.
 */
final class SyncWorkload {

    private static final Pattern SYNCED = Pattern.compile("\"synced\"\\s*:\\s*true");
    private static final Pattern REASON = Pattern.compile("\"reason\"\\s*:\\s*\"([a-z_]+)\"");
    private static final Pattern SYNC_STATUS = Pattern.compile("\"sync_status\"\\s*:\\s*\"([a-z_]+)\"");
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([a-z_]+)\"");

    private final DataSource ds;
    private final URI endpoint;
    /** Never synced yet: the next creates. */
    private final ConcurrentLinkedQueue<Clinic.Appointment> fresh;
    /** Synced, not in a request, not moved since. */
    private final ConcurrentLinkedQueue<Clinic.Appointment> synced = new ConcurrentLinkedQueue<>();
    /** Synced and moved since: the next updates. */
    private final ConcurrentLinkedQueue<Clinic.Appointment> moved = new ConcurrentLinkedQueue<>();

    SyncWorkload(DataSource ds, URI endpoint, List<Clinic.Appointment> appointments) {
        this.ds = ds;
        this.endpoint = endpoint;
        this.fresh = new ConcurrentLinkedQueue<>(appointments);
    }

    /**
     * Moves up to {@code count} synced appointments by a day in the database (one
     * statement, before the phase starts, so the load generator writes nothing during
     * the measurement) and lines them up as the next phase's updates.
     */
    void prepareUpdates(int count) throws SQLException {
        List<Clinic.Appointment> picked = new ArrayList<>();
        Clinic.Appointment a;
        while (picked.size() < count && (a = synced.poll()) != null) {
            picked.add(a);
        }
        Clinic.moveByADay(ds, picked.stream().map(Clinic.Appointment::id).toList());
        moved.addAll(picked);
    }

    int freshLeft() {
        return fresh.size();
    }

    /** Even indexes create, odd ones update; whichever kind has run out, the other one stands in. */
    Load.Op next(int index) {
        boolean create = index % 2 == 0;
        Clinic.Appointment a = create ? fresh.poll() : moved.poll();
        if (a == null) {
            create = !create;
            a = create ? fresh.poll() : moved.poll();
        }
        if (a == null) {
            return null;
        }
        return op(a, create ? "create" : "update");
    }

    /** Only creates, for the first warm-up round when nothing is synced yet. */
    Load.Op nextCreate(int index) {
        Clinic.Appointment a = fresh.poll();
        return a == null ? null : op(a, "create");
    }

    private Load.Op op(Clinic.Appointment a, String action) {
        return new Load.Op() {
            @Override
            public HttpRequest request() {
                return SyncWorkload.request(endpoint, a.clinician().jwt(),
                        "{\"appointment_id\":\"" + a.id() + "\",\"action\":\"" + action + "\"}");
            }

            @Override
            public String completed(int status, String body) {
                // Back in the pool whatever happened: an update of an appointment whose
                // create failed is itself a create.
                synced.add(a);
                return action + ": " + outcome(status, body);
            }
        };
    }

    static HttpRequest request(URI endpoint, String jwt, String json) {
        return HttpRequest.newBuilder(endpoint)
                .timeout(Load.REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + jwt)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /** "synced", the reason a 200 did not sync, or the HTTP status with the problem's code. */
    static String outcome(int status, String body) {
        if (status == 200) {
            if (SYNCED.matcher(body).find()) {
                return "synced";
            }
            Matcher reason = REASON.matcher(body);
            Matcher syncStatus = SYNC_STATUS.matcher(body);
            return "not synced (" + (syncStatus.find() ? syncStatus.group(1) : "?") + ", "
                    + (reason.find() ? reason.group(1) : "no reason") + ")";
        }
        return problem(status, body);
    }

    static String problem(int status, String body) {
        Matcher code = CODE.matcher(body == null ? "" : body);
        return "HTTP " + status + (code.find() ? " " + code.group(1) : "");
    }

    /** Puts the appointments of {@code moved} that a phase did not reach back among the synced ones. */
    void returnUnused() {
        Clinic.Appointment a;
        while ((a = moved.poll()) != null) {
            synced.add(a);
        }
    }
}
