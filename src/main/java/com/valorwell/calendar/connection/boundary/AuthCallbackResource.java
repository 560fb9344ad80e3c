package com.valorwell.calendar.connection.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

/**
 * {@code google-calendar-auth-callback} (SPEC 5.2): the browser's return from Google,
 * trusted only through {@code state}; always a 302 to APP_REDIRECT_URL.
 */
@Path("google-calendar-auth-callback")
public class AuthCallbackResource {

    @Inject
    OAuthFlow flow;

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
