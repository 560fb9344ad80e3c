package com.valorwell.calendar.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.valorwell.calendar.testsupport.Deployments;
import com.valorwell.calendar.testsupport.Fixtures;
import com.valorwell.calendar.testsupport.Http;
import com.valorwell.calendar.testsupport.ItEnvironment;
import com.valorwell.calendar.testsupport.SigningKeys;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The foundation through HTTP: the deployed WAR in Payara Micro against the real
 * database. Identity (JWT), the connection endpoint as the caller under RLS, the shape
 * of every kind of error, CORS, health, metrics and OpenAPI.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ApiIT {

    static final String ALLOWED_ORIGIN = "https://app.valorwell.test";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.serviceWithProbes();
    }

    @ArquillianResource
    URL url;

    Http http;
    static Connection db;
    static Fixtures fixtures;
    static SigningKeys keys;

    @BeforeAll
    static void connect() {
        db = ItEnvironment.current().connect();
        fixtures = new Fixtures(db);
        keys = ItEnvironment.current().keys();
    }

    @AfterAll
    static void disconnect() throws Exception {
        db.close();
    }

    /** A fresh clinician per test; {@code token} is theirs. */
    UUID sub;
    String token;

    @BeforeEach
    void client() {
        http = Http.loopback(url);
        sub = fixtures.tenant().clinicianProfile();
        token = keys.token(sub);
    }

    static void assertProblem(Http.Response r, int status, String code) {
        assertEquals(status, r.status(), r::toString);
        assertTrue(r.contentType().startsWith("application/problem+json"), () -> "content type of " + r);
        JsonObject p = r.json();
        assertEquals(status, p.getInt("status"));
        assertEquals(code, p.getString("code"), r::toString);
        assertFalse(p.getString("title").isBlank());
        assertFalse(p.getString("detail").isBlank());
        assertNoLeak(r.body());
    }

    /** No response may carry a stack trace, SQL, or any secret of the run. */
    static void assertNoLeak(String body) {
        for (String marker : new String[] {"Exception", "\tat ", "select ", "insert ", "PROBE-SECRET"}) {
            assertFalse(body.contains(marker), () -> "response leaks '" + marker + "': " + body);
        }
        for (Map.Entry<String, String> e : ItEnvironment.current().settings().entrySet()) {
            if (e.getKey().contains("SECRET") || e.getKey().contains("KEY") || e.getKey().contains("PASSWORD")) {
                if (!e.getValue().isEmpty()) {
                    assertFalse(body.contains(e.getValue()), () -> "response leaks " + e.getKey());
                }
            }
        }
    }

    // ---- connection ----

    @Test
    void clinicianWithoutARowIsNotConnected() {
        Fixtures.Tenant t = fixtures.tenant();
        Http.Response r = http.get("functions/v1/google-calendar-connection", keys.token(t.clinicianProfile()));
        assertEquals(200, r.status(), r::toString);
        JsonObject body = r.json();
        assertEquals("not_connected", body.getString("status"));
        assertTrue(body.isNull("selected_calendar_id"));
        assertTrue(body.isNull("last_sync_at"));
        assertTrue(body.isNull("last_error"));
    }

    @Test
    void clinicianSeesTheirOwnConnectionWithoutTokens() throws Exception {
        Fixtures.Tenant t = fixtures.tenant();
        fixtures.connection(t.id(), t.clinicianStaff(), "connected", "work@example.test");
        fixtures.connection(t.id(), t.otherClinicianStaff(), "needs_reconnect", "other@example.test");
        Http.Response r = http.post("functions/v1/google-calendar-connection", keys.token(t.clinicianProfile()), "{}");
        assertEquals(200, r.status(), r::toString);
        assertEquals("connected", r.json().getString("status"));
        assertEquals("work@example.test", r.json().getString("selected_calendar_id"));
        assertFalse(r.body().contains("token"), r::body);
        assertFalse(r.body().contains("ciphertext"), r::body);
        Http.Response other = http.get("functions/v1/google-calendar-connection",
                keys.token(t.otherClinicianProfile()));
        assertEquals("needs_reconnect", other.json().getString("status"));
    }

    @Test
    void anotherCliniciansRowIsInvisibleEvenWhenAskedForById() throws Exception {
        Fixtures.Tenant t = fixtures.tenant();
        fixtures.connection(t.id(), t.otherClinicianStaff(), "connected", "other@example.test");
        Http.Response own = http.get("functions/v1/_probe/connection-as-user?staff_id=" + t.otherClinicianStaff(),
                keys.token(t.otherClinicianProfile()));
        assertEquals("connected", own.json().getString("status"), own::toString);
        Http.Response foreign = http.get("functions/v1/_probe/connection-as-user?staff_id=" + t.otherClinicianStaff(),
                keys.token(t.clinicianProfile()));
        assertEquals(200, foreign.status(), foreign::toString);
        assertEquals("not_connected", foreign.json().getString("status"));
    }

    @Test
    void signedInUserWithoutStaffRowIsForbidden() {
        Fixtures.Tenant t = fixtures.tenant();
        assertProblem(http.get("functions/v1/google-calendar-connection", keys.token(t.clientProfile())),
                403, "not_staff");
        assertProblem(http.get("functions/v1/google-calendar-connection", keys.token(UUID.randomUUID())),
                403, "not_staff");
    }

    @Test
    void pooledConnectionsCarryNoRoleOrClaimsIntoTheNextTransaction() {
        Fixtures.Tenant t = fixtures.tenant();
        Http.Response r = http.post("functions/v1/_probe/pool", keys.token(t.clinicianProfile()), "");
        assertEquals(200, r.status(), r::toString);
        assertEquals("authenticated", r.json().getString("during"));
        String login = ItEnvironment.current().server().user();
        for (JsonObject seen : r.json().getJsonArray("after").getValuesAs(JsonObject.class)) {
            assertEquals(login, seen.getString("user"), seen::toString);
            assertEquals("", seen.getString("claims"), seen::toString);
            assertEquals("", seen.getString("sub"), seen::toString);
        }
    }

    @Test
    void aRoleSetOnceGovernsEveryBeanInTheTransaction() {
        Http.Response r = http.get("functions/v1/_probe/role-across-beans", null);
        assertEquals(200, r.status(), r::toString);
        assertEquals("service_role,service_role", r.body().replace("\"", ""));
    }

    @Test
    void entitiesReadAndWriteEveryColumn() throws Exception {
        Fixtures.Tenant t = fixtures.tenant();
        Http.Response r = http.post("functions/v1/_probe/entities?tenant=" + t.id() + "&staff=" + t.clinicianStaff(),
                null, "");
        assertEquals(200, r.status(), r::toString);
        JsonObject read = r.json();
        for (String table : new String[] {"staff_calendar_connections", "calendar_sync_log"}) {
            JsonObject viaJpa = read.getJsonObject(table.equals("calendar_sync_log") ? "log" : "connection");
            Map<String, String> viaSql = row(table, viaJpa.getString("id"));
            assertEquals(viaSql.keySet(), viaJpa.keySet(), "every column of " + table + " is mapped");
            for (String column : viaSql.keySet()) {
                String jpa = viaJpa.get(column).toString().replace("\"", "");
                assertEquals(viaSql.get(column), jpa, table + "." + column);
            }
        }
        assertEquals("needs_reconnect", read.getJsonObject("connection").getString("connection_status"));
        assertEquals(3, read.getJsonObject("log").getInt("retry_count"));
    }

    private Map<String, String> row(String table, String id) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (var s = db.prepareStatement("select * from " + table + " where id = ?::uuid")) {
            s.setString(1, id);
            try (var rs = s.executeQuery()) {
                assertTrue(rs.next());
                var md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    String text = v instanceof java.time.OffsetDateTime odt ? odt.toInstant().toString()
                            : v instanceof java.sql.Timestamp ts ? ts.toInstant().toString() : String.valueOf(v);
                    out.put(md.getColumnName(i), text);
                }
            }
        }
        return out;
    }

    // ---- jwt ----


    Http.Response call(String token) {
        return http.get("functions/v1/google-calendar-connection", token);
    }

    @Test
    void es256AndRs256TokensWithoutJtiAreAccepted() {
        JWTClaimsSet claims = SigningKeys.claims(sub, Duration.ofMinutes(5)).build();
        assertNull(claims.getJWTID());
        assertEquals(200, call(keys.es256(claims)).status());
        assertEquals(200, call(keys.rs256(claims)).status());
    }

    @Test
    void missingOrMalformedTokensAreUnauthorized() {
        assertProblem(call(null), 401, "unauthorized");
        assertProblem(call("not-a-jwt"), 401, "unauthorized");
        assertProblem(call("a.b.c"), 401, "unauthorized");
        assertProblem(http.send(http.request("functions/v1/google-calendar-connection")
                .header("Authorization", "Basic dXNlcjpwYXNz").GET().build()), 401, "unauthorized");
    }

    @Test
    void unsignedTokenIsUnauthorized() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = b64(SigningKeys.claims(sub, Duration.ofMinutes(5)).build().toString());
        assertProblem(call(header + "." + payload + "."), 401, "unauthorized");
    }

    @Test
    void hs256SignedWithThePublicKeyIsUnauthorized() throws Exception {
        byte[] publicKey = keys.rsa().toPublicJWK().toRSAPublicKey().getEncoded();
        byte[] secret = java.util.Arrays.copyOf(publicKey, Math.max(32, publicKey.length));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keys.rsa().getKeyID())
                .type(JOSEObjectType.JWT).build(), SigningKeys.claims(sub, Duration.ofMinutes(5)).build());
        jwt.sign(new MACSigner(secret));
        assertProblem(call(jwt.serialize()), 401, "unauthorized");
    }

    @Test
    void expiredTokenIsUnauthorized() {
        JWTClaimsSet expired = SigningKeys.claims(sub, Duration.ofMinutes(-10)).build();
        assertProblem(call(keys.es256(expired)), 401, "unauthorized");
    }

    @Test
    void wrongIssuerOrAudienceIsUnauthorized() {
        assertProblem(call(keys.es256(SigningKeys.claims(sub, Duration.ofMinutes(5))
                .issuer("https://evil.example/auth/v1").build())), 401, "unauthorized");
        assertProblem(call(keys.es256(SigningKeys.claims(sub, Duration.ofMinutes(5))
                .audience("anon").build())), 401, "unauthorized");
    }

    @Test
    void unknownKidOrForeignKeyIsUnauthorized() {
        JWTClaimsSet claims = SigningKeys.claims(sub, Duration.ofMinutes(5)).build();
        assertProblem(call(SigningKeys.withForeignKey("unknown-kid", claims)), 401, "unauthorized");
        assertProblem(call(SigningKeys.withForeignKey(keys.ec().getKeyID(), claims)), 401, "unauthorized");
    }

    @Test
    void tamperedPayloadIsUnauthorized() {
        String token = keys.es256(SigningKeys.claims(sub, Duration.ofMinutes(5)).build());
        String[] parts = token.split("\\.");
        UUID someoneElse = fixtures.tenant().clinicianProfile();
        String forged = b64(SigningKeys.claims(someoneElse, Duration.ofMinutes(5)).build().toString());
        assertProblem(call(parts[0] + "." + forged + "." + parts[2]), 401, "unauthorized");
    }

    private String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    // ---- errors ----


    @Test
    void unknownPathsAreNotFound() {
        assertProblem(http.get("functions/v1/no-such-function", token), 404, "not_found");
        assertProblem(http.get("no/such/path", null), 404, "not_found");
    }

    @Test
    void wrongMethodIsMethodNotAllowed() {
        Http.Response r = http.send(http.request("functions/v1/google-calendar-connection")
                .header("Authorization", "Bearer " + token)
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build());
        assertProblem(r, 405, "method_not_allowed");
    }

    @Test
    void wrongMediaTypeIsUnsupported() {
        Http.Response r = http.send(http.request("functions/v1/_probe/echo")
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build());
        assertProblem(r, 415, "unsupported_media_type");
    }

    @Test
    void malformedJsonIsInvalidJson() {
        assertProblem(http.post("functions/v1/_probe/echo", token, "{\"staff_id\": "), 400, "invalid_json");
        assertProblem(http.post("functions/v1/_probe/echo", token, "{'a':1}"), 400, "invalid_json");
    }

    @Test
    void missingOrWronglyTypedFieldIsInvalidRequestNamingTheField() {
        String staff = UUID.randomUUID().toString();
        Http.Response missing = http.post("functions/v1/_probe/echo", token,
                "{\"staff_id\":\"" + staff + "\"}");
        assertProblem(missing, 400, "invalid_request");
        assertTrue(missing.json().getString("detail").contains("time_min"), missing::toString);
        Http.Response wrongType = http.post("functions/v1/_probe/echo", token,
                "{\"staff_id\":42,\"time_min\":\"2026-11-25T10:00:00Z\"}");
        assertProblem(wrongType, 400, "invalid_request");
        assertTrue(wrongType.json().getString("detail").contains("staff_id"), wrongType::toString);
        Http.Response noOffset = http.post("functions/v1/_probe/echo", token,
                "{\"staff_id\":\"" + staff + "\",\"time_min\":\"2026-11-25T10:00:00\"}");
        assertProblem(noOffset, 400, "invalid_request");
        assertTrue(noOffset.json().getString("detail").contains("time_min"), noOffset::toString);
    }

    @Test
    void unknownFieldsAreIgnored() {
        String staff = UUID.randomUUID().toString();
        Http.Response r = http.post("functions/v1/_probe/echo", token, "{\"staff_id\":\"" + staff
                + "\",\"time_min\":\"2026-11-25T10:00:00+01:00\",\"extra\":{\"x\":[1]}}");
        assertEquals(200, r.status(), r::toString);
        assertEquals(staff, r.json().getString("staff_id"));
    }

    @Test
    void businessErrorFromAnEjbKeepsItsCode() {
        assertProblem(http.post("functions/v1/_probe/business-error", null, ""), 409, "probe_conflict");
    }

    @Test
    void unexpectedFailureIsAnOpaque500() {
        Http.Response r = http.post("functions/v1/_probe/unexpected-error", null, "");
        assertProblem(r, 500, "internal_error");
        assertTrue(r.json().getString("instance").startsWith("urn:uuid:"));
    }

    // ---- cors ----

    @Test
    void preflightFromAnAllowedOriginIsAnswered() {
        Http.Response r = http.send(http.request("functions/v1/google-calendar-connection")
                .header("Origin", ALLOWED_ORIGIN).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(204, r.status(), r::toString);
        assertEquals(ALLOWED_ORIGIN, r.header("Access-Control-Allow-Origin"));
        assertTrue(r.header("Access-Control-Allow-Headers").contains("authorization"));
        assertTrue(r.header("Access-Control-Allow-Methods").contains("POST"));
    }

    @Test
    void otherOriginsGetNoCorsHeaders() {
        Http.Response pre = http.send(http.request("functions/v1/google-calendar-connection")
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertProblem(pre, 403, "origin_not_allowed");
        assertNull(pre.header("Access-Control-Allow-Origin"));
        Http.Response get = http.send(http.request("functions/v1/google-calendar-connection")
                .header("Origin", "https://evil.example").GET().build());
        assertNull(get.header("Access-Control-Allow-Origin"));
    }

    @Test
    void actualRequestFromAnAllowedOriginCarriesTheOrigin() {
        Http.Response r = http.send(http.request("functions/v1/google-calendar-connection")
                .header("Origin", ALLOWED_ORIGIN).GET().build());
        assertEquals(401, r.status());
        assertEquals(ALLOWED_ORIGIN, r.header("Access-Control-Allow-Origin"));
    }

    // ---- operations ----

    @Test
    void healthIsUpWithTheDatabase() {
        Http.Response live = http.get("health/live", null);
        assertEquals(200, live.status(), live::toString);
        Http.Response ready = http.get("health/ready", null);
        assertEquals(200, ready.status(), ready::toString);
        assertTrue(ready.body().contains("\"database\""), ready::body);
    }

    @Test
    void metricsAndOpenApiAreServed() {
        Http.Response metrics = http.get("metrics", null);
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("# TYPE"), "Prometheus text");
        Http.Response openapi = http.get("openapi", null);
        assertEquals(200, openapi.status());
        for (String fn : new String[] {"google-calendar-auth-start", "google-calendar-auth-callback",
                "google-calendar-connection", "google-calendar-list-calendars", "google-calendar-select-calendar",
                "google-calendar-disconnect", "google-calendar-get-availability", "google-calendar-sync-appointment",
                "google-calendar-sync-status", "google-calendar-sync-failures", "google-calendar-sync-retry"}) {
            assertTrue(openapi.body().contains("/functions/v1/" + fn), () -> "OpenAPI documents " + fn);
        }
        for (String code : new String[] {"unauthorized", "not_staff", "invalid_range", "unknown_calendar",
                "google_unavailable", "rate_limited", "appointment_not_found", "needs_reconnect", "invalid_state"}) {
            assertTrue(openapi.body().contains(code), () -> "OpenAPI documents the error code " + code);
        }
        assertTrue(openapi.body().contains("application/problem+json"));
        assertTrue(openapi.body().toLowerCase().contains("bearer"));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
