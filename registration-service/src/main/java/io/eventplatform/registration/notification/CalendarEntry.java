package io.eventplatform.registration.notification;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.eventplatform.shared.item.EventItem;

/**
 * The event as an iCalendar ({@code .ics}, RFC 5545) entry: one VEVENT in UTC, whose UID is the
 * registration's, so a calendar that gets it again (a re-issue, a resend) updates the entry.
 */
final class CalendarEntry {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private CalendarEntry() {
    }

    static String of(EventItem event, String registrationId, Instant stamp) {
        StringBuilder ics = new StringBuilder();
        line(ics, "BEGIN:VCALENDAR");
        line(ics, "VERSION:2.0");
        line(ics, "PRODID:-//event-platform//registration-service//EN");
        line(ics, "METHOD:PUBLISH");
        line(ics, "BEGIN:VEVENT");
        line(ics, "UID:" + registrationId + "@event-platform");
        line(ics, "DTSTAMP:" + UTC.format(stamp));
        line(ics, "DTSTART:" + UTC.format(event.startsAt()));
        line(ics, "DTEND:" + UTC.format(event.endsAt()));
        line(ics, "SUMMARY:" + text(event.name()));
        if (event.venue() != null) {
            line(ics, "LOCATION:" + text(event.venue()));
        }
        if (event.description() != null) {
            line(ics, "DESCRIPTION:" + text(event.description()));
        }
        line(ics, "END:VEVENT");
        line(ics, "END:VCALENDAR");
        return ics.toString();
    }

    /** TEXT value escaping (RFC 5545 3.3.11). */
    private static String text(String value) {
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n")
                .replace("\n", "\\n");
    }

    /** Content lines end in CRLF and fold at 75 octets (RFC 5545 3.1). */
    private static void line(StringBuilder ics, String content) {
        byte[] bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int start = 0;
        boolean first = true;
        while (start < content.length()) {
            int limit = first ? 75 : 74;
            int end = start;
            int octets = 0;
            while (end < content.length()) {
                int cp = content.codePointAt(end);
                int size = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                if (octets + size > limit) {
                    break;
                }
                octets += size;
                end += Character.charCount(cp);
            }
            ics.append(first ? "" : " ").append(content, start, end).append("\r\n");
            start = end;
            first = false;
        }
        if (bytes.length == 0) {
            ics.append("\r\n");
        }
    }
}
