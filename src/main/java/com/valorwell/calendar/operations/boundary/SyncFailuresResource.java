package com.valorwell.calendar.operations.boundary;

import jakarta.enterprise.context.ApplicationScoped;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code google-calendar-sync-failures} (SPEC 5.7): failed rows, newest first, keyset-paged. */
@Tag(name = "Operations")
@ApplicationScoped
@Path("google-calendar-sync-failures")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SyncFailuresResource {

    @Inject
    SyncOperations operations;

    @Inject
    CurrentCaller caller;

    @Operation(summary = "Failed sync rows of the admin's clinic",
            description = "Newest first, keyset-paged with the opaque next cursor; limit 1-100, default 50.")
    @APIResponses({
        @APIResponse(responseCode = "200", description = "A page"),
        @APIResponse(responseCode = "400", description = "invalid_request (limit, after)",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "401", description = "unauthorized",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "403", description = "forbidden",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "409", description = "ambiguous_tenant",
                content = @Content(mediaType = "application/problem+json"))
    })
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
