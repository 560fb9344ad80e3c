package com.valorwell.calendar.connection.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code google-calendar-auth-callback} (SPEC 5.2): the browser's return from Google,
 * trusted only through {@code state}; always a 302 to APP_REDIRECT_URL.
 */
@Tag(name = "Connection")
@ApplicationScoped
@Path("google-calendar-auth-callback")
public class AuthCallbackResource {

    @Inject
    OAuthFlow flow;

    @Operation(summary = "Google's redirect back after consent",
            description = "Always 302 to APP_REDIRECT_URL with google_calendar=connected, or google_calendar=error&reason= access_denied | invalid_state | expired_state | token_exchange_failed | no_refresh_token | insufficient_scope | staff_not_found.")
    @APIResponses({
        @APIResponse(responseCode = "302", description = "Back to the app, with the outcome in the query")
    })
    @GET
    public Response callback(@QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String error) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.status(Response.Status.FOUND)
                .location(flow.callback(code, state, error))
                .cacheControl(noStore)
                .header("Referrer-Policy", "no-referrer")
                .build();
    }
}
