package com.valorwell.calendar.testsupport;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the build packaged, as the integration tests deploy it. */
public final class Deployments {

    private Deployments() {
    }

    /** The production WAR, unchanged. */
    public static WebArchive service() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("it.war", "target/calendar-sync.war")));
    }

    /** The production WAR plus the test-only probe endpoints. */
    public static WebArchive serviceWithProbes() {
        return service().addPackage("com.valorwell.calendar.probe");
    }
}
