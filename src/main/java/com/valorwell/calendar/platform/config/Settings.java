package com.valorwell.calendar.platform.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A checked snapshot of every setting of the catalog. Built once at start; a missing or
 * malformed required setting, or a malformed optional one, makes {@link #load} fail with
 * a message that names every bad setting and shows none of their values.
 */
public final class Settings {

    private final Map<Setting, String> values;

    private Settings(Map<Setting, String> values) {
        this.values = values;
    }

    /** Reads and checks every setting through {@code lookup} (MicroProfile Config in the service). */
    public static Settings load(Function<String, Optional<String>> lookup) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        List<String> missing = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            Optional<String> raw = lookup.apply(setting.key()).filter(v -> !v.isBlank());
            String value = raw.or(setting::defaultValue).orElse(null);
            if (value == null) {
                missing.add(setting.key());
            } else if (!setting.accepts(value)) {
                malformed.add(setting.key());
            } else {
                values.put(setting, value.trim());
            }
        }
        if (!missing.isEmpty() || !malformed.isEmpty()) {
            throw new InvalidConfigurationException(missing, malformed);
        }
        return new Settings(values);
    }

    public String text(Setting setting) {
        return values.get(setting);
    }

    public Duration duration(Setting setting) {
        return Duration.parse(values.get(setting));
    }

    public int integer(Setting setting) {
        return Integer.parseInt(values.get(setting));
    }

    public byte[] aesKey(Setting setting) {
        return Setting.decodeAesKey(values.get(setting)).orElseThrow();
    }

    /** Comma-separated values, trimmed, empty entries dropped. */
    public List<String> list(Setting setting) {
        return Arrays.stream(values.get(setting).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Thrown when the configuration cannot run the service; its message holds names only. */
    public static final class InvalidConfigurationException extends RuntimeException {
        private final List<String> missing;
        private final List<String> malformed;

        InvalidConfigurationException(List<String> missing, List<String> malformed) {
            super(describe(missing, malformed));
            this.missing = List.copyOf(missing);
            this.malformed = List.copyOf(malformed);
        }

        public List<String> missing() {
            return missing;
        }

        public List<String> malformed() {
            return malformed;
        }

        private static String describe(List<String> missing, List<String> malformed) {
            StringBuilder sb = new StringBuilder("Invalid configuration, the service cannot start:");
            if (!missing.isEmpty()) {
                sb.append(" missing ").append(String.join(", ", missing)).append(';');
            }
            if (!malformed.isEmpty()) {
                sb.append(" malformed ").append(String.join(", ", malformed)).append(';');
            }
            return sb.toString();
        }
    }
}
