package com.valorwell.calendar.connection.boundary;

import com.valorwell.calendar.platform.security.Authenticated;
import com.valorwell.calendar.platform.security.CurrentCaller;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code google-calendar-disconnect} (SPEC 5.6): revoke, erase the tokens, disconnected; idempotent. */
@Path("google-calendar-disconnect")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DisconnectResource {

    @Inject
    Disconnection disconnection;

    @Inject
    CurrentCaller caller;

    @POST
    public ConnectionView disconnect() {
        return disconnection.disconnect(caller.get());
    }
}
