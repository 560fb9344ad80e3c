package com.valorwell.calendar.platform.problem;

import com.valorwell.calendar.platform.json.JsonNames;
import jakarta.ejb.EJBException;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every exception that reaches JAX-RS into problem details: business errors
 * with their code, JAX-RS's own errors (404, 405, 415, ...) with a generic code, and
 * anything unexpected into a 500 whose body says nothing of its cause. 4xx are logged
 * quietly, 5xx loudly, with the problem's instance id.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable thrown) {
        Throwable e = unwrap(thrown);
        String instance = Problem.newInstance();
        if (e instanceof ApiException api) {
            LOG.log(Level.FINE, "{0} {1} {2}", new Object[] {api.status(), api.code(), instance});
            Response.ResponseBuilder response = Response.fromResponse(
                    Problem.response(api.status(), api.code(), api.getMessage(), instance));
            api.retryAfter().ifPresent(d -> response.header("Retry-After", Math.max(1, d.toSeconds())));
            return response.build();
        }
        if (e instanceof ConstraintViolationException violations) {
            String field = violations.getConstraintViolations().stream()
                    .map(ConstraintViolation::getPropertyPath).map(ProblemMapper::lastNode)
                    .sorted().findFirst().orElse("body");
            return Problem.response(400, "invalid_request",
                    "Field '" + JsonNames.jsonName(field) + "' is missing or invalid.", instance);
        }
        if (isMalformedJson(e)) {
            return Problem.response(400, "invalid_json", "The request body is not valid JSON.", instance);
        }
        if (e instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status >= 500) {
                LOG.log(Level.SEVERE, "Request failed " + instance, e);
            }
            Response.ResponseBuilder response = Response.fromResponse(Problem.response(status,
                    Problem.codeFor(status), Problem.detailFor(status, instance), instance));
            if (status == 405) {
                // Keep the Allow header JAX-RS computed; it tells the client what is allowed.
                String allow = web.getResponse().getHeaderString("Allow");
                if (allow != null) {
                    response.header("Allow", allow);
                }
            }
            return response.build();
        }
        LOG.log(Level.SEVERE, "Unexpected failure " + instance, e);
        return Problem.response(500, "internal_error", Problem.detailFor(500, instance), instance);
    }

    static Throwable unwrap(Throwable thrown) {
        Throwable e = thrown;
        while ((e instanceof EJBException || e instanceof ProcessingException
                || (e instanceof jakarta.ejb.EJBTransactionRolledbackException))
                && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof EJBException ejb && ejb.getCausedByException() != null) {
            e = ejb.getCausedByException();
        }
        return e;
    }

    private static boolean isMalformedJson(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParsingException || t instanceof JsonbException
                    || t instanceof jakarta.json.JsonException) {
                return true;
            }
        }
        return false;
    }

    private static String lastNode(Path path) {
        String name = "body";
        for (Path.Node node : path) {
            if (node.getName() != null) {
                name = node.getName();
            }
        }
        return name;
    }
}
