package io.eventplatform.materials.material.rest;

import io.eventplatform.shared.item.MaterialItem.Visibility;

/** How visibility is spelled on the wire: the lower-case names of {@link Visibility}. */
final class Visibilities {

    static final String PATTERN = "public|attendees|checked_in";
    static final String MESSAGE = "must be public, attendees or checked_in";

    private Visibilities() {
    }

    static Visibility parse(String value) {
        return value == null ? null : Visibility.fromValue(value);
    }
}
