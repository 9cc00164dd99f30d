package io.eventplatform.registration.notification;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.registration.event.EventProblems;
import io.eventplatform.registration.event.EventRepository;
import io.eventplatform.registration.registration.RegistrationService;
import io.eventplatform.shared.item.NotificationItem;
import io.eventplatform.shared.item.NotificationItem.NotificationState;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.problem.ProblemException;

/** What organizers do with notifications: look at a registration's, send one again, count an event's failures. */
@ApplicationScoped
public class NotificationService {

    private final NotificationRepository notifications;
    private final RegistrationService registrations;
    private final EventRepository events;
    private final NotificationConfig config;
    private final Clock clock;

    public NotificationService(NotificationRepository notifications, RegistrationService registrations,
            EventRepository events, NotificationConfig config, Clock clock) {
        this.notifications = notifications;
        this.registrations = registrations;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    public List<NotificationView> forRegistration(String eventId, String registrationId) {
        RegistrationItem registration = registrations.find(eventId, registrationId);
        return notifications.forRegistration(registration).stream().map(NotificationView::of).toList();
    }

    /**
     * Sends a sent or failed notification again, with a fresh round of attempts; its content is
     * rendered anew, so a ticket in it is the registration's current one.
     */
    public NotificationView resend(String eventId, String registrationId, String key) {
        registrations.find(eventId, registrationId);
        NotificationItem notification = notifications.find(registrationId, key, eventId)
                .orElseThrow(() -> ProblemException.notFound("Registration " + registrationId + " has no notification "
                        + key + "; list its notifications for their keys."));
        if (notification.state() == NotificationState.PENDING) {
            throw ProblemException.conflict(NotificationProblems.NOTIFICATION_PENDING,
                    "This notification is still on its way (attempt " + notification.attempts() + "); resend it once "
                            + "it is sent or failed.");
        }
        return notifications.resend(notification, clock.instant().plus(config.sweepAfter()))
                .map(NotificationView::of)
                .orElseThrow(() -> ProblemException.conflict(NotificationProblems.NOTIFICATION_PENDING,
                        "This notification changed meanwhile (it is on its way again); list it for its state."));
    }

    public NotificationFailures failures(String eventId) {
        events.find(eventId).orElseThrow(() -> EventProblems.unknownEvent(eventId));
        return new NotificationFailures(eventId, notifications.failures(eventId));
    }
}
