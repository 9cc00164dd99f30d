package io.eventplatform.checkin.checkin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.RegistrationItem;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An admission that lost to an earlier one: a kiosk (usually offline) let a ticket in that had
 * already been let in earlier, or had its first check-in moved to an earlier offline scan.
 * Stored in the registration's {@code check_in_conflicts} list; the winner is the registration's
 * first check-in.
 *
 * @param at when this admission was scanned
 * @param gate where
 * @param by subject of the kiosk or staff member
 * @param request its request key, or null for a check-in from before request keys were kept
 */
public record ConflictingScan(Instant at, String gate, String by, String request) {

    private static final String AT = "at";
    private static final String GATE = "gate";
    private static final String BY = "by";
    private static final String REQUEST = "request";

    /** The conflicts an item (or stream image) holds, oldest recorded first. */
    public static List<ConflictingScan> of(Map<String, AttributeValue> item) {
        return Attributes.of(item).maps(RegistrationItem.CHECK_IN_CONFLICTS).stream().map(ConflictingScan::from).toList();
    }

    static ConflictingScan from(Map<String, AttributeValue> value) {
        Attributes a = Attributes.of(value);
        return new ConflictingScan(a.instant(AT), a.string(GATE), a.string(BY), a.string(REQUEST));
    }

    /** This conflict as a one-element list, to append with {@code list_append}. */
    AttributeValue asListValue() {
        return AttributeValue.fromL(List.of(AttributeValue.fromM(Attributes.writer().instant(AT, at).string(GATE, gate)
                .string(BY, by).string(REQUEST, request).build())));
    }
}
