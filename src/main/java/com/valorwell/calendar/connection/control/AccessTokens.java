package com.valorwell.calendar.connection.control;

import com.valorwell.calendar.connection.entity.ConnectionStatus;
import com.valorwell.calendar.google.control.GooglePort;
import com.valorwell.calendar.google.entity.GoogleFailure;
import com.valorwell.calendar.google.entity.TokenGrant;
import com.valorwell.calendar.platform.crypto.TokenCipher;
import com.valorwell.calendar.platform.problem.ApiException;
import com.valorwell.calendar.operations.control.ServiceMetrics;
import com.valorwell.calendar.sync.entity.CalendarChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A clinician's usable Google access token. A token that expires within a minute is
 * refreshed first, exactly once per expiry: one refresh in flight per connection within
 * this instance (the others wait for its result), and across instances a refresh lease
 * taken on the row by compare-and-set, never a lock held across the Google call.
 * {@code invalid_grant}, or a 401 with a freshly refreshed token, marks the connection
 * {@code needs_reconnect}; Google being unavailable fails the operation and leaves the
 * connection as it is.
 */
@ApplicationScoped
public class AccessTokens {

    private static final Logger LOG = Logger.getLogger(AccessTokens.class.getName());
    static final Duration REFRESH_AHEAD = Duration.ofMinutes(1);
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration WAIT_FOR_OTHER_INSTANCE = Duration.ofSeconds(15);
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

    @Inject
    ConnectionStore store;

    @Inject
    GooglePort google;

    @Inject
    TokenCipher cipher;

    @Inject
    Clock clock;

    @Inject
    ServiceMetrics metrics;

    @Inject
    Event<CalendarChanged> changed;

    private final Map<UUID, CompletableFuture<String>> refreshing = new ConcurrentHashMap<>();

    /** A connection's tokens, read in one short transaction; 409 when there is no usable connection. */
    public StoredConnection connected(UUID staffId) {
        return usable(store.load(staffId));
    }

    /** The connection if it can be used for Google calls; 409 not_connected / needs_reconnect otherwise. */
    public static StoredConnection usable(Optional<StoredConnection> found) {
        StoredConnection c = found.orElseThrow(AccessTokens::notConnected);
        if (c.status() == ConnectionStatus.NEEDS_RECONNECT) {
            throw needsReconnect();
        }
        if (c.status() != ConnectionStatus.CONNECTED || c.refreshTokenEncrypted() == null) {
            throw notConnected();
        }
        return c;
    }

    /**
     * Runs a Google call with a valid access token. A 401 is answered by one forced
     * refresh and one retry; a second 401 with the fresh token means the grant is gone.
     */
    public <T> T withAccessToken(StoredConnection connection, Function<String, T> call) {
        String token = validToken(connection);
        try {
            return call.apply(token);
        } catch (GoogleFailure e) {
            if (e.kind() != GoogleFailure.Kind.AUTH_FAILED) {
                throw e;
            }
        }
        String fresh = refresh(store.load(connection.staffId()).orElseThrow(AccessTokens::notConnected), token);
        try {
            return call.apply(fresh);
        } catch (GoogleFailure e) {
            if (e.kind() == GoogleFailure.Kind.AUTH_FAILED) {
                store.markNeedsReconnect(connection.staffId(), "Google rejected a freshly refreshed access token");
                changed.fire(new CalendarChanged(connection.staffId()));
                throw needsReconnect();
            }
            throw e;
        }
    }

    /** A usable access token of the connection, refreshed first if it expires within a minute. */
    public String validToken(StoredConnection c) {
        if (c.tokenExpiresAt() != null && c.accessTokenEncrypted() != null
                && c.tokenExpiresAt().toInstant().isAfter(clock.instant().plus(REFRESH_AHEAD))) {
            return decrypt(c, c.accessTokenEncrypted(), ConnectionStore.accessAad(c.id()));
        }
        return refresh(c, null);
    }

    /**
     * A stored token that does not decrypt (tampered with, copied from another row, or
     * under a key no longer configured) can never be used again: the clinician must reconnect.
     */
    private String decrypt(StoredConnection c, String stored, String associatedData) {
        try {
            return cipher.decrypt(stored, associatedData);
        } catch (TokenCipher.TokenDecryptionException e) {
            LOG.log(Level.WARNING, "Connection {0}: {1}; marked needs_reconnect", new Object[] {c.id(), e.getMessage()});
            store.markNeedsReconnect(c.staffId(), "The stored Google tokens are unreadable; connect again");
            throw needsReconnect();
        }
    }

    /**
     * Refreshes once for everyone asking at the same time. {@code rejected} is a token
     * Google just refused: a stored token equal to it is not fresh, however far its expiry.
     */
    private String refresh(StoredConnection seen, String rejected) {
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> running = refreshing.putIfAbsent(seen.id(), mine);
        if (running != null) {
            return join(running);
        }
        try {
            mine.complete(refreshAcrossInstances(seen, rejected));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            refreshing.remove(seen.id(), mine);
        }
        return join(mine);
    }

    private static String join(CompletableFuture<String> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private String refreshAcrossInstances(StoredConnection seen, String rejected) {
        long deadline = System.nanoTime() + WAIT_FOR_OTHER_INSTANCE.toNanos();
        StoredConnection current = seen;
        while (true) {
            Optional<String> fresh = freshToken(current, rejected);
            if (fresh.isPresent()) {
                return fresh.get();
            }
            if (store.tryRefreshLease(current.id(), current.tokenExpiresAt(), LEASE)) {
                return refreshAtGoogle(current);
            }
            // Another instance holds the lease: its result will appear on the row.
            if (System.nanoTime() > deadline) {
                throw unavailable(DEFAULT_RETRY_AFTER);
            }
            sleep(100);
            current = connected(seen.staffId());
        }
    }

    /** The stored token if someone (another instance, another thread) already refreshed it. */
    private Optional<String> freshToken(StoredConnection c, String rejected) {
        if (c.tokenExpiresAt() == null || c.accessTokenEncrypted() == null
                || !c.tokenExpiresAt().toInstant().isAfter(clock.instant().plus(REFRESH_AHEAD))) {
            return Optional.empty();
        }
        String token = decrypt(c, c.accessTokenEncrypted(), ConnectionStore.accessAad(c.id()));
        return token.equals(rejected) ? Optional.empty() : Optional.of(token);
    }

    private String refreshAtGoogle(StoredConnection c) {
        String refreshToken;
        try {
            refreshToken = decrypt(c, c.refreshTokenEncrypted(), ConnectionStore.refreshAad(c.id()));
        } catch (RuntimeException e) {
            store.releaseLease(c.id());
            throw e;
        }
        TokenGrant grant;
        try {
            grant = google.refresh(refreshToken);
        } catch (GoogleFailure e) {
            metrics.tokenRefresh(e.kind() == GoogleFailure.Kind.INVALID_GRANT ? "invalid_grant" : "failed");
            if (e.kind() == GoogleFailure.Kind.INVALID_GRANT) {
                store.markNeedsReconnect(c.staffId(), "Google refused the refresh token (invalid_grant)");
                changed.fire(new CalendarChanged(c.staffId()));
                LOG.log(Level.INFO, "Connection {0} needs a reconnect: invalid_grant", c.id());
                throw needsReconnect();
            }
            store.releaseLease(c.id());
            throw unavailable(e.retryAfter().orElse(DEFAULT_RETRY_AFTER));
        } catch (RuntimeException e) {
            store.releaseLease(c.id());
            throw e;
        }
        store.saveRefreshed(c.staffId(), grant);
        metrics.tokenRefresh("success");
        return grant.accessToken();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(DEFAULT_RETRY_AFTER);
        }
    }

    public static ApiException notConnected() {
        return ApiException.conflict("not_connected", "No Google Calendar is connected for this clinician.");
    }

    public static ApiException needsReconnect() {
        return ApiException.conflict("needs_reconnect",
                "The Google Calendar connection must be renewed: connect again.");
    }

    public static ApiException unavailable(Duration retryAfter) {
        return new ApiException(503, "google_unavailable", "Google Calendar is not available right now; try again later.",
                retryAfter);
    }

    /** Maps a Google failure of a user-facing call to the API's answer. */
    public static ApiException asApiError(GoogleFailure e) {
        return unavailable(e.retryAfter().orElse(DEFAULT_RETRY_AFTER));
    }
}
