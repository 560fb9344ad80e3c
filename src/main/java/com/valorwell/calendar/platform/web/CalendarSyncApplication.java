package com.valorwell.calendar.platform.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The HTTP API under {@code /functions/v1}, the base path of Supabase Edge Functions, so
 * that a client of the functions switches to this service by changing its base URL.
 */
@ApplicationPath("/functions/v1")
@ApplicationScoped
public class CalendarSyncApplication extends Application {
}
