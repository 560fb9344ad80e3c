package com.valorwell.calendar.sync.boundary;

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

/** {@code google-calendar-sync-appointment} (SPEC 5.5): staff or admin of the appointment's tenant. */
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

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public SyncResult sync(SyncRequest body) {
        return sync.sync(caller.get(), body.appointmentId(), body.parsedAction());
    }
}
