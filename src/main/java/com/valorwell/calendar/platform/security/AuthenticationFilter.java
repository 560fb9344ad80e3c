package com.valorwell.calendar.platform.security;

import com.valorwell.calendar.platform.problem.ApiException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Lets a request to an {@link Authenticated} resource through only with a valid
 * {@code Authorization: Bearer} token, and records the caller it names. Who the caller
 * is comes from the token alone, never from the body.
 */
@Provider
@Authenticated
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    private static final String BEARER = "bearer ";

    @Inject
    JwtVerifier verifier;

    @Inject
    CurrentCaller currentCaller;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiException.unauthorized();
        }
        String token = header.substring(BEARER.length()).trim();
        currentCaller.set(verifier.verify(token).orElseThrow(ApiException::unauthorized));
    }
}
