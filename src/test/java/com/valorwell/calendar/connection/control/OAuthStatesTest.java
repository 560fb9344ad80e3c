package com.valorwell.calendar.connection.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OAuthStatesTest {

    static final byte[] SECRET = "a-state-signing-secret-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8);
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    final UUID staff = UUID.randomUUID();
    final UUID tenant = UUID.randomUUID();

    static OAuthStates at(Instant t) {
        return new OAuthStates(SECRET, Clock.fixed(t, ZoneOffset.UTC));
    }

    @Test
    void aStateVerifiesWithinTenMinutesAndCarriesItsClinician() {
        OAuthStates.Issued issued = at(T0).issue(staff, tenant);
        OAuthStates.Verified v = at(T0.plus(Duration.ofMinutes(9))).verify(issued.state());
        assertEquals(staff, v.staffId());
        assertEquals(tenant, v.tenantId());
        assertEquals(issued.nonceHash(), v.nonceHash());
        assertEquals(T0.plus(OAuthStates.LIFETIME), issued.expiresAt());
        assertTrue(issued.state().matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), "URL-safe");
    }

    @Test
    void thePkceVerifierMatchesTheChallengeAndIsNotStored() {
        OAuthStates.Issued issued = at(T0).issue(staff, tenant);
        OAuthStates.Verified v = at(T0).verify(issued.state());
        assertEquals(issued.codeChallenge(), OAuthStates.challenge(v.codeVerifier()));
        assertTrue(v.codeVerifier().matches("[A-Za-z0-9_-]{43}"));
        assertTrue(!issued.state().contains(v.codeVerifier()));
    }

    @Test
    void noncesAreFreshEachTime() {
        OAuthStates s = at(T0);
        assertNotEquals(s.issue(staff, tenant).nonceHash(), s.issue(staff, tenant).nonceHash());
        String payload = new String(Base64.getUrlDecoder().decode(s.issue(staff, tenant).state().split("\\.")[0]),
                StandardCharsets.US_ASCII);
        assertTrue(Base64.getUrlDecoder().decode(payload.substring(payload.lastIndexOf('.') + 1)).length >= 16);
    }

    @Test
    void expiredAfterTenMinutes() {
        String state = at(T0).issue(staff, tenant).state();
        var e = assertThrows(OAuthStates.RefusedState.class, () -> at(T0.plus(Duration.ofMinutes(10))).verify(state));
        assertEquals(OAuthStates.Refusal.EXPIRED, e.refusal());
    }

    @Test
    void tamperedTruncatedForeignOrFutureStatesAreInvalid() {
        String state = at(T0).issue(staff, tenant).state();
        String[] p = state.split("\\.");
        String otherStaff = new String(Base64.getUrlDecoder().decode(p[0]), StandardCharsets.US_ASCII)
                .replace(staff.toString(), UUID.randomUUID().toString());
        String swapped = Base64.getUrlEncoder().withoutPadding().encodeToString(otherStaff.getBytes(StandardCharsets.US_ASCII))
                + "." + p[1];
        OAuthStates now = at(T0);
        for (String bad : new String[] {swapped, state.substring(0, state.length() - 3), p[0], "", "..", "a.b",
                new OAuthStates("another-secret-another-secret-123".getBytes(StandardCharsets.UTF_8),
                        Clock.fixed(T0, ZoneOffset.UTC)).issue(staff, tenant).state(),
                at(T0.plus(Duration.ofMinutes(5))).issue(staff, tenant).state()}) {
            var e = assertThrows(OAuthStates.RefusedState.class, () -> now.verify(bad), bad);
            assertEquals(OAuthStates.Refusal.INVALID, e.refusal(), bad);
        }
        assertThrows(OAuthStates.RefusedState.class, () -> now.verify(null));
    }
}
