package com.valorwell.calendar.connection.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import com.valorwell.calendar.platform.security.Authenticated;
import com.valorwell.calendar.platform.security.CurrentCaller;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code google-calendar-auth-start} (SPEC 5.1). The staff id comes from the caller's
 * token, never from the body (fixes the brief, which let anyone connect any clinician).
 */
@Tag(name = "Connection")
@ApplicationScoped
@Path("google-calendar-auth-start")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AuthStartResource {

    @Inject
    OAuthFlow flow;

    @Inject
    CurrentCaller caller;

    @Operation(summary = "Start connecting Google Calendar",
            description = "Returns Google's consent URL (PKCE S256, single-use signed state, 10 minutes) for the calling clinician; the staff id comes from the token.")
    @APIResponses({
        @APIResponse(responseCode = "200", description = "url and expires_at"),
        @APIResponse(responseCode = "401", description = "unauthorized",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "403", description = "not_staff",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "409", description = "ambiguous_staff",
                content = @Content(mediaType = "application/problem+json"))
    })
    @POST
    public OAuthFlow.AuthStart start() {
        return flow.start(caller.get());
    }
}
