package com.valorwell.calendar.calendars.boundary;

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

/** {@code google-calendar-select-calendar} (SPEC 5.6): only a calendar list-calendars would return. */
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

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public ConnectionView select(SelectCalendar body) {
        return calendars.select(caller.get(), body.calendarId());
    }
}
