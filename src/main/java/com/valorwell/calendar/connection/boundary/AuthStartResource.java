package com.valorwell.calendar.connection.boundary;

import com.valorwell.calendar.platform.security.Authenticated;
import com.valorwell.calendar.platform.security.CurrentCaller;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code google-calendar-auth-start} (SPEC 5.1). The staff id comes from the caller's
 * token, never from the body (fixes the brief, which let anyone connect any clinician).
 */
@Path("google-calendar-auth-start")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AuthStartResource {

    @Inject
    OAuthFlow flow;

    @Inject
    CurrentCaller caller;

    @POST
    public OAuthFlow.AuthStart start() {
        return flow.start(caller.get());
    }
}
