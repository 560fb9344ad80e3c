package com.valorwell.calendar.availability.boundary;

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

/** {@code google-calendar-get-availability} (SPEC 5.4): any member of the clinician's tenant. */
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

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Availability.AvailabilityView busy(AvailabilityRequest body) {
        return availability.busy(caller.get(), body.staffId(), body.timeMin(), body.timeMax());
    }
}
