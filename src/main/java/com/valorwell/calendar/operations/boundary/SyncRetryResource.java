package com.valorwell.calendar.operations.boundary;

import com.valorwell.calendar.platform.security.Authenticated;
import com.valorwell.calendar.platform.security.CurrentCaller;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** {@code google-calendar-sync-retry} (SPEC 5.7): one appointment's failed rows, or all dead rows, due now. */
@Path("google-calendar-sync-retry")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SyncRetryResource {

    @Inject
    SyncOperations operations;

    @Inject
    CurrentCaller caller;

    /** The request body: an appointment, or none for every dead row of the tenant. */
    public record RetryRequest(UUID appointmentId) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public SyncOperations.Requeued retry(RetryRequest body, @QueryParam("tenant_id") UUID tenantId) {
        return operations.retry(caller.get(), tenantId, body == null ? null : body.appointmentId());
    }
}
