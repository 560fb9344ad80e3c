package com.valorwell.calendar.probe;

import com.valorwell.calendar.connection.boundary.ConnectionView;
import com.valorwell.calendar.connection.boundary.Connections;
import com.valorwell.calendar.platform.security.Authenticated;
import com.valorwell.calendar.platform.security.CurrentCaller;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Test-only endpoints under {@code /functions/v1/_probe}, deployed only by the integration tests. */
@Path("_probe")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    @Inject
    ProbeBean probe;

    @Inject
    Connections connections;

    @Inject
    CurrentCaller caller;

    /** A body with one field of each type the API reads, to exercise the request reader. */
    public record Echo(@NotNull UUID staffId, @NotNull OffsetDateTime timeMin, String note, Integer limit) {
    }

    @POST
    @Path("echo")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    public Echo echo(Echo body) {
        return body;
    }

    /** The service's user-scoped read of any staff id's connection: RLS must hide others' rows. */
    @GET
    @Path("connection-as-user")
    @Authenticated
    public ConnectionView connectionAsUser(@QueryParam("staff_id") UUID staffId) {
        return connections.readAsUser(caller.get(), staffId);
    }

    /** Alternates user-scoped transactions with fresh ones and reports what the fresh ones saw. */
    @POST
    @Path("pool")
    @Authenticated
    public JsonObject pool() {
        JsonArrayBuilder seen = Json.createArrayBuilder();
        String during = null;
        for (int i = 0; i < 30; i++) {
            during = probe.actAsUserThenRead(caller.get());
            seen.add(probe.sessionState());
        }
        return Json.createObjectBuilder().add("during", during).add("after", seen).build();
    }

    @GET
    @Path("role-across-beans")
    public String roleAcrossBeans() {
        return String.join(",", probe.roleAcrossBeans());
    }

    @POST
    @Path("entities")
    public JsonObject entities(@QueryParam("tenant") UUID tenant, @QueryParam("staff") UUID staff) {
        UUID[] ids = probe.writeEntities(tenant, staff, UUID.randomUUID());
        return probe.readEntities(ids[0], ids[1]);
    }

    @POST
    @Path("business-error")
    public void businessError() {
        probe.failWithBusinessError();
    }

    @POST
    @Path("unexpected-error")
    public void unexpectedError() {
        probe.failUnexpectedly();
    }
}
