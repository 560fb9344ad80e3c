package com.valorwell.calendar.platform.security;

import java.util.UUID;

/**
 * Who is calling, as the verified JWT says: the auth user id ({@code sub}, which is
 * {@code profiles.id}) and the token's claims as JSON, handed to the database so that
 * RLS sees the caller exactly as Supabase's own API would.
 */
public record Caller(UUID profileId, String claimsJson) {

    @Override
    public String toString() {
        return "Caller[" + profileId + "]";
    }
}
