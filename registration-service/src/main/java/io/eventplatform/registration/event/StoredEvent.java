package io.eventplatform.registration.event;

import io.eventplatform.shared.item.EventItem;

/** An event as stored: the shared event item and its counters. */
public record StoredEvent(EventItem event, RegistrationCounts counts) {

    public long remaining() {
        return counts.remaining(event.capacity());
    }
}
