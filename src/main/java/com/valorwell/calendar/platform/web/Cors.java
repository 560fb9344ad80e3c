package com.valorwell.calendar.platform.web;

import com.valorwell.calendar.platform.config.Setting;
import com.valorwell.calendar.platform.config.Settings;
import com.valorwell.calendar.platform.problem.Problem;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * CORS for the EHR's front end: preflights answered and {@code Access-Control-Allow-Origin}
 * sent only for the exact origins of {@code CORS_ALLOWED_ORIGINS}; by default no
 * cross-origin access at all. The headers a supabase-js client sends are allowed.
 */
@Provider
@PreMatching
public class Cors implements ContainerRequestFilter, ContainerResponseFilter {

    static final String ALLOWED_METHODS = "GET, POST, OPTIONS";
    static final String ALLOWED_HEADERS = "authorization, content-type, x-client-info, apikey";

    @Inject
    Settings settings;

    private Set<String> origins;

    @PostConstruct
    void init() {
        origins = Set.copyOf(settings.list(Setting.CORS_ALLOWED_ORIGINS));
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        boolean preflight = "OPTIONS".equals(request.getMethod()) && origin != null
                && request.getHeaderString("Access-Control-Request-Method") != null;
        if (!preflight) {
            return;
        }
        if (!origins.contains(origin)) {
            request.abortWith(Response.fromResponse(Problem.response(403, "origin_not_allowed",
                    "Cross-origin requests from this origin are not allowed.")).header("Vary", "Origin").build());
            return;
        }
        request.abortWith(Response.noContent()
                .header("Access-Control-Allow-Origin", origin)
                .header("Access-Control-Allow-Methods", ALLOWED_METHODS)
                .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                .header("Access-Control-Max-Age", "600")
                .header("Vary", "Origin")
                .build());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().add("Vary", "Origin");
        String origin = request.getHeaderString("Origin");
        if (origin != null && origins.contains(origin)
                && !response.getHeaders().containsKey("Access-Control-Allow-Origin")) {
            response.getHeaders().add("Access-Control-Allow-Origin", origin);
            response.getHeaders().add("Access-Control-Expose-Headers", "Retry-After");
        }
    }
}
