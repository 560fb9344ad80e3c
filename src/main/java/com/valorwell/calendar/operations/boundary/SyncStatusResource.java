package com.valorwell.calendar.operations.boundary;

import com.valorwell.calendar.platform.security.Authenticated;
import com.valorwell.calendar.platform.security.CurrentCaller;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** {@code google-calendar-sync-status} (SPEC 5.7): admin of the tenant. */
@Path("google-calendar-sync-status")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SyncStatusResource {

    @Inject
    SyncOperations operations;

    @Inject
    CurrentCaller caller;

    @GET
    public SyncOperations.SyncStatus get(@QueryParam("tenant_id") UUID tenantId) {
        return operations.status(caller.get(), tenantId);
    }

    @POST
    public SyncOperations.SyncStatus post(@QueryParam("tenant_id") UUID tenantId) {
        return get(tenantId);
    }
}
