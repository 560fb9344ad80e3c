package com.valorwell.calendar.calendars.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import com.valorwell.calendar.platform.security.Authenticated;
import com.valorwell.calendar.platform.security.CurrentCaller;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code google-calendar-list-calendars} (SPEC 5.3): GET, or POST as {@code functions.invoke} sends it. */
@Tag(name = "Calendars")
@ApplicationScoped
@Path("google-calendar-list-calendars")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ListCalendarsResource {

    @Inject
    Calendars calendars;

    @Inject
    CurrentCaller caller;

    @Operation(summary = "The calendars the clinician may sync to",
            description = "All pages of Google's calendar list, owner/writer only, primary first; only the primary calendar with limited=true without the calendar-list scope.")
    @APIResponses({
        @APIResponse(responseCode = "200", description = "calendars and limited"),
        @APIResponse(responseCode = "401", description = "unauthorized",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "403", description = "not_staff",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "409", description = "not_connected | needs_reconnect",
                content = @Content(mediaType = "application/problem+json")),
        @APIResponse(responseCode = "503", description = "google_unavailable (with Retry-After)",
                content = @Content(mediaType = "application/problem+json"))
    })
    @GET
    public Calendars.CalendarList get() {
        return calendars.list(caller.get());
    }

    @Operation(summary = "The same as GET",
            description = "POST too, so that supabase.functions.invoke (which posts) works unchanged.")
    @POST
    public Calendars.CalendarList post() {
        return get();
    }
}
