package com.valorwell.calendar.calendars.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import com.valorwell.calendar.connection.boundary.ConnectionView;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code google-calendar-select-calendar} (SPEC 5.6): only a calendar list-calendars would return. */
@Tag(name = "Calendars")
@ApplicationScoped
@Path("google-calendar-select-calendar")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SelectCalendarResource {

    @Inject
    Calendars calendars;

    @Inject
    CurrentCaller caller;

    /**
     * The request body. The length is checked here rather than with @Size or @NotBlank,
     * on which Payara's OpenAPI generator fails for record components.
     */
    public record SelectCalendar(@NotNull String calendarId) {
        public SelectCalendar {
            if (calendarId != null && (calendarId.isBlank() || calendarId.length() > 1024)) {
                throw ApiException.invalidRequest("calendar_id", "must be a calendar id");
            }
        }
    }

    @Operation(summary = "Choose the calendar appointments go to",
            description = "Accepted only for a calendar list-calendars would return.")
    @APIResponses({
        @APIResponse(responseCode = "200", description = "The connection"),
        @APIResponse(responseCode = "400", description = "invalid_json | invalid_request | unknown_calendar",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "401", description = "unauthorized",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "403", description = "not_staff",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "409", description = "not_connected | needs_reconnect",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "503", description = "google_unavailable (with Retry-After)",
                content = @Content(mediaType = "application/problem+json"))
    })
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public ConnectionView select(SelectCalendar body) {
        return calendars.select(caller.get(), body.calendarId());
    }
}
