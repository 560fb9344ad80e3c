package com.valorwell.calendar.calendars.boundary;

import com.valorwell.calendar.platform.security.Authenticated;
import com.valorwell.calendar.platform.security.CurrentCaller;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code google-calendar-list-calendars} (SPEC 5.3): GET, or POST as {@code functions.invoke} sends it. */
@Path("google-calendar-list-calendars")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ListCalendarsResource {

    @Inject
    Calendars calendars;

    @Inject
    CurrentCaller caller;

    @GET
    public Calendars.CalendarList get() {
        return calendars.list(caller.get());
    }

    @POST
    public Calendars.CalendarList post() {
        return get();
    }
}
