package com.valorwell.calendar.operations.boundary;

import jakarta.enterprise.context.ApplicationScoped;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code google-calendar-sync-status} (SPEC 5.7): admin of the tenant. */
@Tag(name = "Operations")
@ApplicationScoped
@Path("google-calendar-sync-status")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SyncStatusResource {

    @Inject
    SyncOperations operations;

    @Inject
    CurrentCaller caller;

    @Operation(summary = "Sync counts of the admin's clinic",
            description = "Log rows by status (failed counts every failed row, dead those out of attempts), connections by status, age of the oldest failed row.")
    @APIResponses({
        @APIResponse(responseCode = "200", description = "Counts"),
        @APIResponse(responseCode = "401", description = "unauthorized",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "403", description = "forbidden",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "409", description = "ambiguous_tenant",
                content = @Content(mediaType = "application/problem+json"))
    })
    @GET
    public SyncOperations.SyncStatus get(@QueryParam("tenant_id") UUID tenantId) {
        return operations.status(caller.get(), tenantId);
    }

    @Operation(summary = "The same as GET",
            description = "POST too, so that supabase.functions.invoke (which posts) works unchanged.")
    @POST
    public SyncOperations.SyncStatus post(@QueryParam("tenant_id") UUID tenantId) {
        return get(tenantId);
    }
}
