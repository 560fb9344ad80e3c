package com.valorwell.calendar.devsandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.valorwell.calendar.testsupport.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, {@code payara/dev}, as a newcomer runs it: it comes up,
 * a printed curl line with a printed token works, and Ctrl-C leaves nothing running.
 * (The WAR is the one this build just packaged, so it skips its own build.)
 */
class SandboxIT {

    private static final Pattern CURL = Pattern.compile("curl -s -H \"Authorization: Bearer ([^\"]+)\" (\\S+)");
    private static final Pattern DB_PORT = Pattern.compile("Database:\\s+jdbc:postgresql://127\\.0\\.0\\.1:(\\d+)/");

    @Test
    void sandboxAnswersWithAPrintedTokenAndCtrlCLeavesNothingRunning() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("payara/dev").redirectErrorStream(true);
        pb.environment().put("SANDBOX_SKIP_BUILD", "1");
        pb.environment().put("GOOGLE_EMULATOR_PORT", "0");
        pb.environment().put("PORT", String.valueOf(port));
        Process sandbox = pb.start();
        String token = null;
        String url = null;
        Integer dbPort = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(sandbox.getInputStream(),
                StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            String line;
            while (token == null && System.nanoTime() < deadline && (line = out.readLine()) != null) {
                output.append(line).append('\n');
                Matcher db = DB_PORT.matcher(line);
                if (db.find()) {
                    dbPort = Integer.parseInt(db.group(1));
                }
                Matcher m = CURL.matcher(line);
                if (m.find()) {
                    token = m.group(1);
                    url = m.group(2);
                }
            }
            assertNotNull(token, output::toString);
            assertNotNull(dbPort, output::toString);
            assertTrue(url.startsWith("http://127.0.0.1:" + port + "/functions/v1/"), url);

            Http http = new Http("http://127.0.0.1:" + port + "/");
            Http.Response r = http.get(url.substring(http.base().length()), token);
            assertEquals(200, r.status(), r::toString);
            assertEquals("not_connected", r.json().getString("status"));

            // Ctrl-C: SIGINT to the sandbox.
            new ProcessBuilder("kill", "-INT", String.valueOf(sandbox.pid())).start().waitFor();
            assertTrue(sandbox.waitFor(120, TimeUnit.SECONDS), "the sandbox ends on Ctrl-C");
        } finally {
            sandbox.descendants().forEach(ProcessHandle::destroyForcibly);
            sandbox.destroyForcibly();
        }
        assertFalse(listening(port), "the service still listens");
        assertFalse(listening(dbPort), "PostgreSQL still listens");
        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine()
                .map(c -> c.contains("valorwell_dev") || c.contains("-p " + port)).orElse(false)));
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
