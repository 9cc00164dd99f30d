package io.eventplatform.registration.event;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.registration.config.RegistrationConfig;

/**
 * Events as read moments ago, so a registration rush does not read the event item once per
 * attendee. A snapshot is only a hint for the happy path: the registration transaction re-checks
 * the event's state, window, free seats and version, so a stale snapshot costs one retry, never a
 * wrong answer, and every refusal is decided on a consistent read.
 */
@ApplicationScoped
public class RecentEvents {

    /** Only events people are registering for are held; beyond this many, start over. */
    private static final int MAX_EVENTS = 10_000;

    private record Snapshot(StoredEvent event, long readAtNanos) {
    }

    private final EventRepository events;
    private final long maxAgeNanos;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    public RecentEvents(EventRepository events, RegistrationConfig config) {
        this.events = events;
        this.maxAgeNanos = config.eventSnapshotMaxAge().toNanos();
    }

    /** The event as read at most {@code registration.event-snapshot-max-age} ago. */
    public Optional<StoredEvent> find(String eventId) {
        Snapshot snapshot = snapshots.get(eventId);
        if (snapshot != null && System.nanoTime() - snapshot.readAtNanos() < maxAgeNanos) {
            return Optional.of(snapshot.event());
        }
        return read(eventId);
    }

    /** The event as stored now (a consistent read), remembered for the next registrations. */
    public Optional<StoredEvent> read(String eventId) {
        Optional<StoredEvent> event = events.find(eventId);
        event.ifPresentOrElse(this::remember, () -> snapshots.remove(eventId));
        return event;
    }

    /** An event item just seen as stored, for example in a refused transaction. */
    public void remember(StoredEvent event) {
        if (maxAgeNanos <= 0) {
            return;
        }
        if (snapshots.size() >= MAX_EVENTS) {
            snapshots.clear();
        }
        snapshots.put(event.event().eventId(), new Snapshot(event, System.nanoTime()));
    }
}
