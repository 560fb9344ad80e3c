package com.valorwell.calendar.emulator;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The HTTP control API under {@code /_emulator/}, for tests in another process and for people: JSON in
 * and out, each endpoint a thin wrapper over the matching public method of {@link GoogleEmulator}.
 * Mistakes answer {@code 400 {"error":"..."}}, unknown paths and calendars {@code 404}.
 *
 * <pre>
 * POST   /_emulator/reset
 * GET    /_emulator/faults                         → [fault...]
 * POST   /_emulator/faults      {fault}            → fault with "id"
 * DELETE /_emulator/faults                         (all)
 * DELETE /_emulator/faults/{id}
 * GET    /_emulator/calls                          → {"events.insert":3,...}
 * GET    /_emulator/calls/by-status                → {"events.insert":{"200":2,"503":1},...}
 * POST   /_emulator/calls/reset                    (counts and captured requests)
 * GET    /_emulator/requests[?operation=]          → [captured request...], oldest first
 * GET    /_emulator/accounts                       → [{"email","calendars":[...]}]
 * POST   /_emulator/accounts    {"email","calendars":[{"id","summary","accessRole","primary","timeZone"}]}
 * GET    /_emulator/calendars/{id}/events          → [event...] (cancelled included)
 * POST   /_emulator/calendars/{id}/busy            {"busy":[{"start","end"}]}
 * DELETE /_emulator/calendars/{id}/busy
 * POST   /_emulator/calendars/{id}/freebusy-error  {"reason":"backendError"} (null reason clears)
 * DELETE /_emulator/calendars/{id}/freebusy-error
 * GET    /_emulator/consent
 * POST   /_emulator/consent     {"autoApprove","account","grantScopes","deny","omitRefreshToken"} (members given change)
 * GET    /_emulator/clients                        → ["client id"...]
 * POST   /_emulator/clients     {"clientId","clientSecret","redirectUris"?}
 * POST   /_emulator/paging      {"calendarListPageSize": 2 | null}
 * GET    /_emulator/tokens                         → counts only
 * POST   /_emulator/tokens/expire-access  {"account"?}
 * POST   /_emulator/tokens/revoke         {"account"?} or {"token"}
 * POST   /_emulator/tokens/expire-refresh {"account"?} or {"token"}
 * POST   /_emulator/tokens/lifetime       {"seconds":N}
 * POST   /_emulator/tokens/issue          {"account","scopes":[...],"clientId"?} → {"access_token","refresh_token","expires_in","scope"}
 * </pre>
 */
final class ControlEndpoints {

    private final GoogleEmulator emulator;

    ControlEndpoints(GoogleEmulator emulator) {
        this.emulator = emulator;
    }

    Response handle(HttpCall call) {
        try {
            return dispatch(call);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Response.json(400, Jsons.obj("error", e.getMessage()));
        } catch (NoSuchElementException e) {
            return Response.json(404, Jsons.obj("error", e.getMessage()));
        }
    }

    private Response dispatch(HttpCall call) {
        List<String> s = call.segments.subList(1, call.segments.size());
        String m = call.method;
        String path = String.join("/", s);
        switch (m + " " + path) {
            case "POST reset":
                emulator.reset();
                return ok();
            case "GET faults":
                return Response.json(200, Jsons.array(emulator.faultsJson()));
            case "POST faults": {
                long id = emulator.addFault(Fault.fromJson(body(call)));
                return Response.json(200, emulator.faultsJson().stream()
                        .filter(f -> f.getJsonNumber("id").longValue() == id).findFirst()
                        .orElse(Jsons.obj("id", id)));
            }
            case "DELETE faults":
                emulator.clearFaults();
                return ok();
            case "GET calls":
                return Response.json(200, Jsons.value(emulator.callCounts()));
            case "GET calls/by-status":
                return Response.json(200, Jsons.value(emulator.callCountsByStatus()));
            case "POST calls/reset":
                emulator.resetCalls();
                return ok();
            case "GET requests": {
                List<JsonValue> out = new ArrayList<>();
                emulator.requests(call.param("operation")).forEach(r -> out.add(r.toJson()));
                return Response.json(200, Jsons.array(out));
            }
            case "GET accounts":
                return Response.json(200, Jsons.array(emulator.accountsJson()));
            case "POST accounts":
                return addAccount(body(call));
            case "GET consent":
                return Response.json(200, emulator.consentJson());
            case "POST consent":
                return consent(body(call));
            case "GET clients":
                return Response.json(200, Jsons.array(emulator.clientIds()));
            case "POST clients": {
                JsonObject b = body(call);
                List<String> uris = Jsons.strings(b, "redirectUris");
                emulator.registerClient(Jsons.text(b, "clientId"), Jsons.text(b, "clientSecret"),
                        uris == null ? List.of() : uris);
                return ok();
            }
            case "POST paging":
                emulator.forceCalendarListPageSize(Jsons.intValue(body(call), "calendarListPageSize"));
                return ok();
            case "GET tokens":
                return Response.json(200, Jsons.value(emulator.tokenStats()));
            case "POST tokens/expire-access":
                return Response.json(200, Jsons.obj("expired", emulator.expireAccessTokens(optionalBodyText(call, "account"))));
            case "POST tokens/revoke": {
                JsonObject b = optionalBody(call);
                String token = Jsons.text(b, "token");
                int n = token != null ? (emulator.revokeToken(token) ? 1 : 0) : emulator.revokeTokens(Jsons.text(b, "account"));
                return Response.json(200, Jsons.obj("revoked", n));
            }
            case "POST tokens/expire-refresh": {
                JsonObject b = optionalBody(call);
                String token = Jsons.text(b, "token");
                int n = token != null ? (emulator.expireRefreshToken(token) ? 1 : 0)
                        : emulator.expireRefreshTokens(Jsons.text(b, "account"));
                return Response.json(200, Jsons.obj("expired", n));
            }
            case "POST tokens/lifetime": {
                Long seconds = Jsons.longValue(body(call), "seconds");
                if (seconds == null) {
                    throw new IllegalArgumentException("'seconds' is required");
                }
                emulator.setAccessTokenLifetime(seconds);
                return ok();
            }
            case "POST tokens/issue": {
                JsonObject b = body(call);
                List<String> scopes = Jsons.strings(b, "scopes");
                if (scopes == null || scopes.isEmpty()) {
                    throw new IllegalArgumentException("'scopes' is required");
                }
                String clientId = Jsons.text(b, "clientId");
                GoogleEmulator.IssuedTokens t = emulator.issueTokens(
                        clientId != null ? clientId : GoogleEmulator.DEFAULT_CLIENT_ID, Jsons.text(b, "account"), scopes);
                return Response.json(200, Jsons.obj("access_token", t.accessToken(), "refresh_token", t.refreshToken(),
                        "expires_in", t.expiresIn(), "scope", String.join(" ", t.scopes()), "token_type", "Bearer"));
            }
            default:
                break;
        }
        if (s.size() == 2 && s.get(0).equals("faults") && m.equals("DELETE")) {
            long id;
            try {
                id = Long.parseLong(s.get(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fault ids are numbers");
            }
            if (!emulator.removeFault(id)) {
                throw new NoSuchElementException("no fault " + id);
            }
            return ok();
        }
        if (s.size() == 3 && s.get(0).equals("calendars")) {
            return calendar(call, s.get(1), s.get(2));
        }
        throw new NoSuchElementException("no control endpoint " + m + " /_emulator/" + path);
    }

    private Response calendar(HttpCall call, String calendarId, String what) {
        String m = call.method;
        switch (m + " " + what) {
            case "GET events": {
                return Response.json(200, Jsons.array(emulator.events(calendarId)));
            }
            case "POST busy": {
                for (JsonObject block : Jsons.objects(body(call), "busy")) {
                    emulator.addBusy(calendarId, time(block, "start"), time(block, "end"));
                }
                return ok();
            }
            case "DELETE busy":
                emulator.clearBusy(calendarId);
                return ok();
            case "POST freebusy-error":
                emulator.forceFreeBusyError(calendarId, Jsons.text(body(call), "reason"));
                return ok();
            case "DELETE freebusy-error":
                emulator.forceFreeBusyError(calendarId, null);
                return ok();
            default:
                throw new NoSuchElementException("no control endpoint " + m + " /_emulator/calendars/{id}/" + what);
        }
    }

    private Response addAccount(JsonObject b) {
        String email = Jsons.text(b, "email");
        List<CalendarSpec> specs = new ArrayList<>();
        for (JsonObject c : Jsons.objects(b, "calendars")) {
            specs.add(new CalendarSpec(Jsons.text(c, "id"), Jsons.text(c, "summary"), Jsons.text(c, "accessRole"),
                    Jsons.bool(c, "primary", false), Jsons.text(c, "timeZone")));
        }
        emulator.addAccount(email, specs);
        return ok();
    }

    /** Changes only the members present; {@code "grantScopes": null} means grant all requested scopes. */
    private Response consent(JsonObject b) {
        if (b.containsKey("autoApprove")) {
            emulator.setAutoApprove(Jsons.bool(b, "autoApprove", true));
        }
        if (b.containsKey("account")) {
            emulator.setConsentAccount(Jsons.text(b, "account"));
        }
        if (b.containsKey("grantScopes")) {
            emulator.setGrantedScopes(Jsons.strings(b, "grantScopes"));
        }
        if (b.containsKey("deny")) {
            emulator.setDenyConsent(Jsons.bool(b, "deny", false));
        }
        if (b.containsKey("omitRefreshToken")) {
            emulator.setOmitRefreshToken(Jsons.bool(b, "omitRefreshToken", false));
        }
        return Response.json(200, emulator.consentJson());
    }

    private static Instant time(JsonObject o, String name) {
        String v = Jsons.text(o, name);
        if (v == null) {
            throw new IllegalArgumentException("a busy block needs '" + name + "'");
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + name + "' must be an RFC 3339 timestamp: " + v);
        }
    }

    private static JsonObject body(HttpCall call) {
        if (call.bodyMalformed) {
            throw new IllegalArgumentException("the body could not be read (bad gzip or too large)");
        }
        return Jsons.parseObject(call.bodyText());
    }

    /** The body, or an empty object when there is none (for endpoints whose members are all optional). */
    private static JsonObject optionalBody(HttpCall call) {
        return call.body.length == 0 ? Jsons.obj() : body(call);
    }

    private static String optionalBodyText(HttpCall call, String name) {
        return Jsons.text(optionalBody(call), name);
    }

    private static Response ok() {
        return Response.json(200, Jsons.obj("ok", true));
    }
}
