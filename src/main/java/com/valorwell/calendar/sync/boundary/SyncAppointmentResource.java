package com.valorwell.calendar.sync.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import com.valorwell.calendar.platform.problem.ApiException;
import com.valorwell.calendar.platform.security.Authenticated;
import com.valorwell.calendar.platform.security.CurrentCaller;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code google-calendar-sync-appointment} (SPEC 5.5): staff or admin of the appointment's tenant. */
@Tag(name = "Sync")
@ApplicationScoped
@Path("google-calendar-sync-appointment")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SyncAppointmentResource {

    @Inject
    AppointmentSync sync;

    @Inject
    CurrentCaller caller;

    /** The request body; {@code action} is one of create, update, delete. */
    public record SyncRequest(@NotNull UUID appointmentId, @NotNull String action) {
        AppointmentSync.Action parsedAction() {
            return switch (action.toLowerCase(Locale.ROOT)) {
                case "create" -> AppointmentSync.Action.CREATE;
                case "update" -> AppointmentSync.Action.UPDATE;
                case "delete" -> AppointmentSync.Action.DELETE;
                default -> throw ApiException.invalidRequest("action", "must be create, update or delete");
            };
        }
    }

    @Operation(summary = "Make Google agree with an appointment",
            description = "One event per appointment on its clinician's calendar with only summary, start, end and time zone; removed when cancelled or deleted; moved on reassignment. synced=false comes with reason no_calendar_connection | needs_reconnect | google_unavailable | rate_limited and leaves the row for the retry sweeper.")
    @APIResponses({
        @APIResponse(responseCode = "200", description = "The outcome"),
        @APIResponse(responseCode = "400", description = "invalid_json | invalid_request",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "401", description = "unauthorized",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "403", description = "forbidden (client role)",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "404", description = "appointment_not_found (also for other clinics)",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "503", description = "google_unavailable (another sync of the appointment held it too long)",
                content = @Content(mediaType = "application/problem+json"))
    })
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public SyncResult sync(SyncRequest body) {
        return sync.sync(caller.get(), body.appointmentId(), body.parsedAction());
    }
}
