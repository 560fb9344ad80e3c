package com.valorwell.calendar.sync.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Google event id of an appointment on a clinician's calendar, chosen by the
 * service: 32 lowercase hex characters (valid in Google's base32hex id alphabet) of a
 * keyed hash of appointment and staff. A retry after a crash between Google's answer and
 * the database write finds the event (409) instead of making a second one, and the id
 * reveals nothing about the appointment.
 */
public final class EventIds {

    private final SecretKeySpec key;

    /** {@code secret} is the service's state signing secret; the label keeps this key apart from its other use. */
    public EventIds(byte[] secret) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(secret, "HmacSHA256"));
            key = new SecretKeySpec(derive.doFinal("valorwell-event-id-key".getBytes(StandardCharsets.US_ASCII)),
                    "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String of(UUID appointmentId, UUID staffId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] h = mac.doFinal((appointmentId + ":" + staffId).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
