package com.valorwell.calendar.platform.db;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;

/**
 * The service's one data source, from DB_URL / DB_USER / DB_PASSWORD through MicroProfile
 * Config, so the same WAR runs on Payara Micro and Payara Server without server-side
 * JDBC resources. The login role must be able to SET ROLE to authenticated and service_role.
 */
@Singleton
@DataSourceDefinition(
        name = DataSourceDefinitions.JNDI_NAME,
        className = "org.postgresql.ds.PGSimpleDataSource",
        url = "${MPCONFIG=DB_URL}",
        user = "${MPCONFIG=DB_USER}",
        password = "${MPCONFIG=DB_PASSWORD}",
        minPoolSize = 2,
        maxPoolSize = 40,
        maxIdleTime = 300,
        properties = {
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=custom-validation",
            // Validate a pooled connection at most every 30 s, not on every checkout.
            "fish.payara.validate-atmost-once-period-in-seconds=30",
            "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation",
            "fish.payara.log-jdbc-calls=false"
        })
public class DataSourceDefinitions {
    public static final String JNDI_NAME = "java:app/jdbc/calendar";
}
