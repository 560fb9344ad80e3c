package com.valorwell.calendar.connection.boundary;

import com.valorwell.calendar.connection.control.ConnectionStore;
import com.valorwell.calendar.google.control.GooglePort;
import com.valorwell.calendar.google.entity.GoogleFailure;
import com.valorwell.calendar.identity.control.Directory;
import com.valorwell.calendar.identity.entity.StaffMember;
import com.valorwell.calendar.platform.db.Transactions;
import com.valorwell.calendar.platform.security.Caller;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import com.valorwell.calendar.sync.entity.CalendarChanged;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Disconnecting: the tokens are erased and the row marked disconnected first (one short
 * transaction), then the grant is revoked at Google. A failed revoke is logged, not
 * fatal: the service no longer holds anything that could use the grant.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Disconnection {

    private static final Logger LOG = Logger.getLogger(Disconnection.class.getName());

    @Inject
    Directory directory;

    @Inject
    Transactions transactions;

    @Inject
    ConnectionStore store;

    @Inject
    GooglePort google;

    @Inject
    Connections connections;

    @Inject
    Event<CalendarChanged> changed;

    public ConnectionView disconnect(Caller caller) {
        StaffMember staff = transactions.required(() -> directory.staffOf(caller));
        Optional<String> token = store.disconnect(staff.id());
        changed.fire(new CalendarChanged(staff.id()));
        token.ifPresent(t -> {
            try {
                google.revoke(t);
            } catch (GoogleFailure e) {
                LOG.log(Level.WARNING, "Revoke at Google failed for staff {0} ({1}); the tokens are erased anyway",
                        new Object[] {staff.id(), e.kind()});
            }
        });
        return transactions.required(() -> connections.readAsUser(caller, staff.id()));
    }
}
