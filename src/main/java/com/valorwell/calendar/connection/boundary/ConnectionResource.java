package com.valorwell.calendar.connection.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import com.valorwell.calendar.platform.security.Authenticated;
import com.valorwell.calendar.platform.security.CurrentCaller;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code google-calendar-connection}: the caller's own connection state (SPEC 5.6). */
@Tag(name = "Connection")
@ApplicationScoped
@Path("google-calendar-connection")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionResource {

    @Inject
    Connections connections;

    @Inject
    CurrentCaller caller;

    @Operation(summary = "The caller's own Google connection",
            description = "status (connected, needs_reconnect, disconnected, not_connected), selected calendar, last sync, last error; never tokens.")
    @APIResponses({
        @APIResponse(responseCode = "200", description = "The connection"),
        @APIResponse(responseCode = "401", description = "unauthorized",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "403", description = "not_staff",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "409", description = "ambiguous_staff",
                content = @Content(mediaType = "application/problem+json"))
    })
    @GET
    public ConnectionView get() {
        return connections.connectionOf(caller.get());
    }

    /** POST too, so that {@code supabase.functions.invoke} (which posts) works unchanged. */
    @Operation(summary = "The same as GET",
            description = "POST too, so that supabase.functions.invoke (which posts) works unchanged.")
    @POST
    public ConnectionView post() {
        return get();
    }
}
