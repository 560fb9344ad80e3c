package com.valorwell.calendar.platform.web;

import com.valorwell.calendar.platform.problem.Problem;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Renders the errors that happen outside JAX-RS (a path no resource serves, a failure in
 * the servlet container) as problem details too, instead of the container's HTML page.
 * Registered as the error page for every status and exception in web.xml.
 */
@WebServlet(name = "problem-error-page", urlPatterns = "/_problem")
public class ErrorPageServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(ErrorPageServlet.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        String instance = Problem.newInstance();
        Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (thrown instanceof Throwable t) {
            status = 500;
            LOG.log(Level.SEVERE, "Unexpected failure " + instance, t);
        }
        String detail = Problem.detailFor(status, instance);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Problem.body(status, Problem.codeFor(status), detail, instance).toString());
    }
}
