package io.eventplatform.registration.registration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.registration.event.EventProblems;
import io.eventplatform.registration.event.EventRepository;
import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.EventItem;
import io.eventplatform.shared.item.EventItem.Question;
import io.eventplatform.shared.item.RegistrationItem;

/**
 * An event's registrations as RFC 4180 CSV, written page by page as the table is read: memory
 * holds one page, whatever the size of the event.
 */
@ApplicationScoped
public class CsvExport {

    private static final int PAGE_SIZE = 500;
    private static final List<String> FIXED_COLUMNS = List.of("registration_id", "status", "check_in_state",
            "name", "email", "registered_at", "checked_in_at");

    private final EventRepository events;
    private final RegistrationRepository registrations;

    public CsvExport(EventRepository events, RegistrationRepository registrations) {
        this.events = events;
        this.registrations = registrations;
    }

    /** The event to export, checked before any byte is written so a bad id is still a clean 404. */
    public EventItem event(String eventId) {
        return events.find(eventId).orElseThrow(() -> EventProblems.unknownEvent(eventId)).event();
    }

    /** Writes header and rows, flushing after each page so the client receives them as they come. */
    public void write(EventItem event, Writer out) {
        try {
            List<String> header = new ArrayList<>(FIXED_COLUMNS);
            event.questions().forEach(q -> header.add(q.label()));
            writeRow(out, header);
            registrations.forEachPage(event.eventId(), PAGE_SIZE, page -> {
                try {
                    for (RegistrationItem r : page) {
                        writeRow(out, row(event, r));
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> row(EventItem event, RegistrationItem r) {
        List<String> row = new ArrayList<>(List.of(r.registrationId(), r.status().value(), r.checkInState(),
                nullToEmpty(r.attendeeName()), nullToEmpty(r.attendeeEmail()),
                r.registeredAt() == null ? "" : Attributes.formatInstant(r.registeredAt()),
                r.checkedInAt() == null ? "" : Attributes.formatInstant(r.checkedInAt())));
        for (Question question : event.questions()) {
            row.add(String.join("; ", r.answers().getOrDefault(question.id(), List.of())));
        }
        return row;
    }

    private static void writeRow(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(fields.get(i)));
        }
        out.write("\r\n");
    }

    /** RFC 4180 quoting; a leading formula character is neutralised so spreadsheets show text. */
    static String field(String value) {
        String text = value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
