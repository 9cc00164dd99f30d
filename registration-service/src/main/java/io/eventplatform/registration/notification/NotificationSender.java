package io.eventplatform.registration.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.registration.event.EventRepository;
import io.eventplatform.registration.event.StoredEvent;
import io.eventplatform.registration.registration.RegistrationRepository;
import io.eventplatform.registration.ticket.TicketSigner;
import io.eventplatform.shared.feed.ItemChange;
import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.NotificationItem;
import io.eventplatform.shared.item.NotificationItem.NotificationKind;
import io.eventplatform.shared.item.NotificationItem.NotificationState;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.table.TableSchema;
import io.quarkus.logging.Log;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.vertx.ext.mail.SMTPException;

/**
 * Sends each notification once. New ones arrive through the change feed ({@link #onChanges});
 * retries, and whatever the feed missed (a sender down, a lease changing hands), come from the
 * sweep ({@link #sweep}) over the due index. Either way an attempt starts with a conditional
 * claim on the item, so a repeated stream record, a sweep racing the feed or a second sender
 * finds it taken; only the claimant settles it: sent, due again after a back-off, or failed
 * after {@link NotificationConfig#maxAttempts()} (or at once when the mail server refuses the
 * address for good), with the mail server's answer recorded.
 */
@ApplicationScoped
public class NotificationSender {

    private final NotificationRepository notifications;
    private final RegistrationRepository registrations;
    private final EventRepository events;
    private final TicketSigner signer;
    private final MessageComposer composer;
    private final ReactiveMailer mailer;
    private final NotificationConfig config;
    private final Clock clock;
    /** Names this sender's claims, so only it settles them. */
    private final String senderId = UUID.randomUUID().toString();

    public NotificationSender(NotificationRepository notifications, RegistrationRepository registrations,
            EventRepository events, TicketSigner signer, MessageComposer composer, ReactiveMailer mailer,
            NotificationConfig config, Clock clock) {
        this.notifications = notifications;
        this.registrations = registrations;
        this.events = events;
        this.signer = signer;
        this.composer = composer;
        this.mailer = mailer;
        this.config = config;
        this.clock = clock;
    }

    /** The feed's batch: every notification that just became pending (written, or resent) gets its first attempt. */
    public void onChanges(List<ItemChange> changes) {
        for (ItemChange change : changes) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            if (!change.newImage().isEmpty() && NotificationItem.isNotification(change.newImage())
                    && becamePending(change)) {
                attempt(NotificationItem.from(change.newImage()), true);
            }
        }
    }

    private static boolean becamePending(ItemChange change) {
        String pending = NotificationState.PENDING.value();
        return pending.equals(Attributes.of(change.newImage()).string(NotificationItem.STATE))
                && !pending.equals(Attributes.of(change.oldImage()).string(NotificationItem.STATE));
    }

    /** Tries every due notification, queue by queue; returns how many it sent. */
    public int sweep() {
        int sent = 0;
        for (int queue = 0; queue < TableSchema.NOTIFICATION_QUEUES; queue++) {
            for (NotificationItem due : notifications.due("due#" + queue, clock.instant(), config.sweepBatch())) {
                if (Thread.currentThread().isInterrupted()) {
                    return sent;
                }
                if (attempt(due, false)) {
                    sent++;
                }
            }
        }
        return sent;
    }

    /** One attempt, if this sender wins the claim; true if the mail server accepted it. */
    boolean attempt(NotificationItem notification, boolean fromFeed) {
        Instant now = clock.instant();
        Optional<NotificationItem> claim = notifications.claim(notification, fromFeed, now,
                now.plus(config.claimTimeout()), senderId);
        if (claim.isEmpty()) {
            return false;
        }
        NotificationItem claimed = claim.get();
        Optional<RegistrationItem> registration = registrations.find(claimed.registrationId(), claimed.eventId());
        Optional<StoredEvent> event = events.find(claimed.eventId());
        if (registration.isEmpty() || event.isEmpty()) {
            notifications.markFailed(claimed, "registration or event no longer exists");
            return false;
        }
        if (clock.instant().plus(sendBound()).isAfter(claimed.claimedUntil())) {
            // A slow start (reads, a cold JVM) ate into the claim: sending now could outlast it and
            // let another sender send too. Give it back untried.
            notifications.scheduleRetry(claimed, clock.instant(), "claim ran short before sending");
            return false;
        }
        try {
            String ticket = MessageComposer.carriesTicket(claimed.kind())
                    ? signer.sign(registration.get(), event.get().event().endsAt()) : null;
            long position = claimed.kind() == NotificationKind.WAITLISTED
                    ? registrations.waitlistPosition(registration.get()) : 0;
            send(composer.compose(claimed, registration.get(), event.get().event(), ticket, position, now));
        } catch (RuntimeException e) {
            settleFailure(claimed, e);
            return false;
        }
        if (!notifications.markSent(claimed, clock.instant(), "250 accepted")) {
            Log.warnf("notification %s/%s was sent but its claim had run out", claimed.registrationId(), claimed.key());
        }
        Log.debugf("sent %s/%s to the mail server", claimed.registrationId(), claimed.key());
        return true;
    }

    /**
     * Sends and waits for the mail server's answer, also when asked to stop meanwhile: a send in
     * flight is finished and settled (else it might go out again), then the stop goes ahead. The
     * wait is bounded by {@link #sendBound()}, and a send starts only while at least that much of
     * the claim is left, so no other sender can take the notification over while it runs.
     */
    private void send(Mail mail) {
        CompletableFuture<Void> sending = mailer.send(mail).subscribeAsCompletionStage();
        long deadline = System.nanoTime() + sendBound().toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    sending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
                } catch (TimeoutException e) {
                    sending.cancel(true);
                    // It may have gone out all the same: the retry then sends it twice, the price of never losing it.
                    Log.warnf("no answer from the mail server within %s; the notification will be retried", sendBound());
                    throw new IllegalStateException("no answer from the mail server within " + sendBound());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void settleFailure(NotificationItem claimed, RuntimeException e) {
        SMTPException smtp = smtpAnswer(e);
        String answer = smtp != null ? smtp.getReplyCode() + " " + String.join(" ", smtp.getReplyMessages())
                : describe(e);
        if (smtp != null && smtp.isPermanent()) {
            Log.infof("mail server refused %s/%s for good: %s", claimed.registrationId(), claimed.key(), answer);
            notifications.markFailed(claimed, answer);
        } else if (claimed.attempts() >= config.maxAttempts()) {
            Log.warnf("notification %s/%s failed after %d attempts: %s", claimed.registrationId(), claimed.key(),
                    claimed.attempts(), answer);
            notifications.markFailed(claimed, answer);
        } else {
            Instant due = clock.instant().plus(backOff(claimed.attempts()));
            Log.debugf("notification %s/%s not sent (%s); next attempt at %s", claimed.registrationId(), claimed.key(),
                    answer, due);
            notifications.scheduleRetry(claimed, due, answer);
        }
    }

    /** The longest one send may take: half the claim, so the claim outlasts every send it covers. */
    private Duration sendBound() {
        return config.claimTimeout().dividedBy(2);
    }

    /** First retry after {@code firstRetry}, doubling per attempt up to {@code maxRetryDelay}. */
    Duration backOff(int attempts) {
        Duration delay = config.firstRetry().multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return delay.compareTo(config.maxRetryDelay()) > 0 ? config.maxRetryDelay() : delay;
    }

    private static SMTPException smtpAnswer(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SMTPException smtp) {
                return smtp;
            }
        }
        return null;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
