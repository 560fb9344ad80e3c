package com.valorwell.calendar.operations.boundary;

import com.valorwell.calendar.platform.security.Authenticated;
import com.valorwell.calendar.platform.security.CurrentCaller;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** {@code google-calendar-sync-failures} (SPEC 5.7): failed rows, newest first, keyset-paged. */
@Path("google-calendar-sync-failures")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SyncFailuresResource {

    @Inject
    SyncOperations operations;

    @Inject
    CurrentCaller caller;

    @GET
    public SyncOperations.Failures get(@QueryParam("limit") @DefaultValue("50") String limit,
            @QueryParam("after") String after, @QueryParam("tenant_id") UUID tenantId) {
        int n;
        try {
            n = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            n = -1;
        }
        return operations.failures(caller.get(), tenantId, n, after);
    }
}
