package com.valorwell.calendar.google.entity;

import java.util.Set;

/**
 * What Google's token endpoint granted. {@code refreshToken} is null when Google sent
 * none (a repeated consent, or a refresh grant). Never logged: {@link #toString} hides
 * the tokens.
 */
public record TokenGrant(String accessToken, String refreshToken, long expiresInSeconds, Set<String> scopes) {

    @Override
    public String toString() {
        return "TokenGrant[expiresIn=" + expiresInSeconds + ", scopes=" + scopes + ", refreshToken="
                + (refreshToken == null ? "none" : "present") + "]";
    }
}
