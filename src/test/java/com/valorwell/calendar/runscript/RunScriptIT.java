package com.valorwell.calendar.runscript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.valorwell.calendar.testsupport.ItEnvironment;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code payara/run}, the production run script, as an operator meets it: a deployment
 * with a bad configuration fails at once with one line naming every bad setting and
 * none of their values, and the script exits non-zero instead of leaving an empty
 * Payara running.
 */
class RunScriptIT {

    @TempDir
    Path dir;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void missingSecretFailsTheStartWithOneLineNamingItAndNoValues() throws Exception {
        Map<String, String> env = new HashMap<>(ItEnvironment.current().settings());
        env.remove("TOKEN_ENCRYPTION_KEY");
        env.put("GOOGLE_HTTP_TIMEOUT", "ten seconds");
        env.put("TOKEN_ENCRYPTION_OLD_KEYS", "not-a-key-" + ItEnvironment.current().settings().get("OAUTH_STATE_SIGNING_SECRET"));
        Path log = dir.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder("payara/run")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile());
        pb.environment().putAll(env);
        pb.environment().put("PORT", String.valueOf(freePort()));
        pb.environment().put("BIND_ADDRESS", "127.0.0.1");
        pb.environment().put("READY_TIMEOUT", "150");
        pb.environment().put("RUN_LOG", log.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(200, TimeUnit.SECONDS), "payara/run ends by itself");
        assertNotEquals(0, p.exitValue());
        String output = Files.readString(dir.resolve("stdout.log"));
        List<String> lines = output.lines().filter(l -> l.contains("Invalid configuration")).toList();
        assertFalse(lines.isEmpty(), output);
        String line = lines.get(0);
        assertTrue(line.contains("missing TOKEN_ENCRYPTION_KEY"), line);
        assertTrue(line.contains("GOOGLE_HTTP_TIMEOUT"), line);
        assertTrue(line.contains("TOKEN_ENCRYPTION_OLD_KEYS"), line);
        assertEquals(1, output.lines().filter(l -> l.contains("Invalid configuration")
                && l.contains("SEVERE")).count(), "one log line");
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().contains("SECRET") || e.getKey().contains("KEY")) {
                assertFalse(output.contains(e.getValue()), "the log shows the value of " + e.getKey());
            }
        }
        assertFalse(output.contains("ten seconds"), "the log shows a malformed value");
    }
}
