package com.valorwell.calendar.platform.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The HTTP API under {@code /functions/v1}, the base path of Supabase Edge Functions, so
 * that a client of the functions switches to this service by changing its base URL.
 */
@OpenAPIDefinition(
        info = @Info(title = "ValorWell calendar sync", version = "1",
                description = "Google Calendar sync for the EHR's clinicians. Every error is application/problem+json"
                        + " with status, title, detail, instance and a stable snake_case code."),
        security = @SecurityRequirement(name = "supabase"))
@SecurityScheme(securitySchemeName = "supabase", type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "A Supabase access token (ES256 or RS256) of the EHR's auth server.")
@ApplicationPath("/functions/v1")
@ApplicationScoped
public class CalendarSyncApplication extends Application {
}
