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

/** {@code google-calendar-disconnect} (SPEC 5.6): revoke, erase the tokens, disconnected; idempotent. */
@Tag(name = "Connection")
@ApplicationScoped
@Path("google-calendar-disconnect")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DisconnectResource {

    @Inject
    Disconnection disconnection;

    @Inject
    CurrentCaller caller;

    @Operation(summary = "Disconnect Google Calendar",
            description = "Erases both tokens, marks the connection disconnected and revokes the grant at Google (a failed revoke is logged, not fatal). Idempotent.")
    @APIResponses({
        @APIResponse(responseCode = "200", description = "The connection, now disconnected"),
        @APIResponse(responseCode = "401", description = "unauthorized",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "403", description = "not_staff",
                content = @Content(mediaType = "application/problem+json"))
    })
    @POST
    public ConnectionView disconnect() {
        return disconnection.disconnect(caller.get());
    }
}
