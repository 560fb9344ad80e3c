package com.valorwell.calendar.availability.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import com.valorwell.calendar.platform.security.Authenticated;
import com.valorwell.calendar.platform.security.CurrentCaller;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code google-calendar-get-availability} (SPEC 5.4): any member of the clinician's tenant. */
@Tag(name = "Availability")
@ApplicationScoped
@Path("google-calendar-get-availability")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AvailabilityResource {

    @Inject
    Availability availability;

    @Inject
    CurrentCaller caller;

    /** The request body: RFC 3339 instants with offset. */
    public record AvailabilityRequest(@NotNull UUID staffId, @NotNull OffsetDateTime timeMin,
            @NotNull OffsetDateTime timeMax) {
    }

    @Operation(summary = "A clinician's busy times",
            description = "For any member of the clinician's clinic. busy is sorted, merged and clipped, and empty unless status is connected; a Google failure is a 503, never an empty list. Cached for AVAILABILITY_CACHE_TTL.")
    @APIResponses({
        @APIResponse(responseCode = "200", description = "status and busy blocks"),
        @APIResponse(responseCode = "400", description = "invalid_json | invalid_request | invalid_range",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "401", description = "unauthorized",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "404", description = "staff_not_found (also for other clinics)",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "429", description = "rate_limited (with Retry-After)",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "503", description = "google_unavailable (with Retry-After)",
                content = @Content(mediaType = "application/problem+json"))
    })
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Availability.AvailabilityView busy(AvailabilityRequest body) {
        return availability.busy(caller.get(), body.staffId(), body.timeMin(), body.timeMax());
    }
}
