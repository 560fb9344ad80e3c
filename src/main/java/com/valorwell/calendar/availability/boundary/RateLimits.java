package com.valorwell.calendar.availability.boundary;

import com.valorwell.calendar.availability.control.RateLimiter;
import com.valorwell.calendar.platform.config.Setting;
import com.valorwell.calendar.platform.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/** The one availability rate limiter of this instance (AVAILABILITY_RATE_LIMIT per caller per minute). */
@ApplicationScoped
public class RateLimits {

    @Inject
    Settings settings;

    @Inject
    Clock clock;

    private RateLimiter limiter;

    @PostConstruct
    void init() {
        limiter = new RateLimiter(settings.integer(Setting.AVAILABILITY_RATE_LIMIT), clock);
    }

    public RateLimiter limiter() {
        return limiter;
    }
}
