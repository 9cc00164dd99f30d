package io.eventplatform.registration.notification;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.registration.ticket.QrCodes;
import io.eventplatform.shared.item.EventItem;
import io.eventplatform.shared.item.NotificationItem;
import io.eventplatform.shared.item.NotificationItem.NotificationKind;
import io.eventplatform.shared.item.RegistrationItem;
import io.quarkus.mailer.Mail;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;

/**
 * Turns a notification into an email: plain text and HTML from the Qute templates under
 * {@code templates/notification/}, times in the event's zone, and for the kinds that carry the
 * ticket, its QR code inline (CID) and the event as an {@code .ics} attachment. The ticket token
 * goes into the QR code and into the link's fragment, never into a query string.
 */
@ApplicationScoped
public class MessageComposer {

    /** Content-ID of the inline QR image, referenced by the HTML as {@code cid:ticket-qr}. */
    static final String QR_CONTENT_ID = "ticket-qr";
    private static final int QR_SCALE = 6;

    private final Engine templates;
    private final NotificationConfig config;

    public MessageComposer(Engine templates, NotificationConfig config) {
        this.templates = templates;
        this.config = config;
    }

    /**
     * @param ticket the registration's current ticket token, for the kinds that carry it (else null)
     * @param waitlistPosition the attendee's place in the waitlist, for {@code waitlisted}
     */
    public Mail compose(NotificationItem notification, RegistrationItem registration, EventItem event, String ticket,
            long waitlistPosition, Instant now) {
        ZoneId zone = zone(event.timeZone());
        DateTimeFormatter format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.FULL, FormatStyle.SHORT)
                .withLocale(Locale.ENGLISH).withZone(zone);
        String kind = notification.kind().value();
        String ticketLink = ticket == null ? null : config.ticketLink() + "#ticket=" + ticket;
        Object[] data = {
            "name", registration.attendeeName(),
            "event", event.name(),
            "venue", event.venue() == null ? "" : event.venue(),
            "startsAt", format.format(event.startsAt()),
            "endsAt", format.format(event.endsAt()),
            "timeZone", zone.getId(),
            "ticketLink", ticketLink == null ? "" : ticketLink,
            "position", waitlistPosition,
            "qrCid", QR_CONTENT_ID,
        };
        Mail mail = Mail.withText(notification.recipient(), render(kind + "-subject.txt", data).strip(),
                render(kind + ".txt", data))
                .setHtml(render(kind + ".html", data))
                .setFrom(config.from())
                .addHeader("X-Notification", notification.registrationId() + "/" + notification.key());
        config.sesConfigurationSet().ifPresent(set -> mail.addHeader("X-SES-CONFIGURATION-SET", set));
        if (ticket != null) {
            mail.addInlineAttachment("ticket.png", QrCodes.png(ticket, QR_SCALE), "image/png", "<" + QR_CONTENT_ID + ">");
            mail.addAttachment("event.ics",
                    CalendarEntry.of(event, registration.registrationId(), now).getBytes(StandardCharsets.UTF_8),
                    "text/calendar; charset=UTF-8; method=PUBLISH");
        }
        return mail;
    }

    /** Whether this kind of notification carries the ticket (and so the QR code and calendar entry). */
    public static boolean carriesTicket(NotificationKind kind) {
        return kind == NotificationKind.CONFIRMATION || kind == NotificationKind.PROMOTED
                || kind == NotificationKind.REISSUED;
    }

    private String render(String file, Object[] data) {
        Template template = templates.getTemplate("notification/" + file);
        if (template == null) {
            throw new IllegalStateException("no template notification/" + file);
        }
        var instance = template.instance();
        for (int i = 0; i < data.length; i += 2) {
            instance.data((String) data[i], data[i + 1]);
        }
        return instance.render();
    }

    private static ZoneId zone(String timeZone) {
        try {
            return timeZone == null ? ZoneId.of("UTC") : ZoneId.of(timeZone);
        } catch (java.time.DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }
}
