package io.eventplatform.registration.notification;

import io.eventplatform.shared.problem.ProblemType;

/** The problems the notification endpoints answer with; documented in docs/registration-api.md. */
public final class NotificationProblems {

    public static final ProblemType NOTIFICATION_PENDING = ProblemType.of("notification-pending",
            "Notification still on its way");

    private NotificationProblems() {
    }
}
