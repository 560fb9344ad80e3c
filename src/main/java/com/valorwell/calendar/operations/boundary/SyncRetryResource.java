package com.valorwell.calendar.operations.boundary;

import jakarta.enterprise.context.ApplicationScoped;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code google-calendar-sync-retry} (SPEC 5.7): one appointment's failed rows, or all dead rows, due now. */
@Tag(name = "Operations")
@ApplicationScoped
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

    @Operation(summary = "Make failed rows due again",
            description = "One appointment's failed rows, or all dead rows of the clinic, due now with fresh attempts.")
    @APIResponses({
        @APIResponse(responseCode = "200", description = "How many rows were requeued"),
        @APIResponse(responseCode = "400", description = "invalid_json | invalid_request",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "401", description = "unauthorized",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "403", description = "forbidden",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "404", description = "appointment_not_found",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "409", description = "ambiguous_tenant",
                content = @Content(mediaType = "application/problem+json"))
    })
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public SyncOperations.Requeued retry(RetryRequest body, @QueryParam("tenant_id") UUID tenantId) {
        return operations.retry(caller.get(), tenantId, body == null ? null : body.appointmentId());
    }
}
