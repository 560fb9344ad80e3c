package com.valorwell.calendar.connection.boundary;

import com.valorwell.calendar.platform.security.Authenticated;
import com.valorwell.calendar.platform.security.CurrentCaller;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code google-calendar-connection}: the caller's own connection state (SPEC 5.6). */
@Path("google-calendar-connection")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionResource {

    @Inject
    Connections connections;

    @Inject
    CurrentCaller caller;

    @GET
    public ConnectionView get() {
        return connections.connectionOf(caller.get());
    }

    /** POST too, so that {@code supabase.functions.invoke} (which posts) works unchanged. */
    @POST
    public ConnectionView post() {
        return get();
    }
}
