package io.eventplatform.registration.notification;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.shared.config.TableConfig;
import io.eventplatform.shared.item.NotificationItem;
import io.eventplatform.shared.item.NotificationItem.NotificationKind;
import io.eventplatform.shared.item.RegistrationItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The outbox: a notification item as one more write of the transaction that makes the change it
 * tells of, so it exists exactly when the change does. Its key follows from the change (a
 * registration is confirmed once, promoted once, cancelled once; each re-issue has its own
 * ticket version), so the Put needs no condition that could refuse the change.
 */
@ApplicationScoped
public class NotificationOutbox {

    private final String table;
    private final NotificationConfig config;
    private final Clock clock;

    public NotificationOutbox(TableConfig tableConfig, NotificationConfig config, Clock clock) {
        this.table = tableConfig.name();
        this.config = config;
        this.clock = clock;
    }

    /** The write of {@code kind}'s {@code sequence}-th notification for {@code registration}. */
    public TransactWriteItem put(RegistrationItem registration, NotificationKind kind, long sequence) {
        Instant now = clock.instant();
        NotificationItem item = NotificationItem.pending(registration, kind, sequence, now, now.plus(config.sweepAfter()));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item.toItem())).build();
    }
}
