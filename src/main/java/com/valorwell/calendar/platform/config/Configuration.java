package com.valorwell.calendar.platform.config;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Produces;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Checks the whole configuration when the service starts, so that a bad deployment
 * fails at once with one log line naming every bad setting, and hands the checked
 * settings to the rest of the service.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Configuration {

    private static final Logger LOG = Logger.getLogger(Configuration.class.getName());

    private Settings settings;

    @PostConstruct
    void check() {
        Config config = ConfigProvider.getConfig();
        try {
            settings = Settings.load(key -> config.getOptionalValue(key, String.class));
        } catch (Settings.InvalidConfigurationException e) {
            LOG.log(Level.SEVERE, e.getMessage());
            throw e;
        }
    }

    @Produces
    public Settings settings() {
        return settings;
    }
}
