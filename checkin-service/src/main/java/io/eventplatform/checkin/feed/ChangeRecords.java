package io.eventplatform.checkin.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.eventplatform.checkin.checkin.Attendance;
import io.eventplatform.checkin.checkin.ConflictingScan;
import io.eventplatform.shared.feed.ItemChange;
import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.EventShards;
import io.eventplatform.shared.item.MaterialItem;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.table.ItemType;
import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns one item change (old and new image) into domain events, through the shared codecs, so
 * writes by any service become the same events. Source-neutral: DynamoDB Streams and Kinesis
 * Data Streams for DynamoDB both deliver these images.
 */
public final class ChangeRecords {

    private ChangeRecords() {
    }

    /** The events a batch of changes means, in order. */
    public static List<DomainEvent> toEvents(List<ItemChange> changes) {
        List<DomainEvent> events = new ArrayList<>(changes.size());
        for (ItemChange change : changes) {
            events.addAll(toEvents(change.oldImage(), change.newImage()));
        }
        return events;
    }

    /** The events one change means; none for kinds no dashboard shows. */
    public static List<DomainEvent> toEvents(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        Map<String, AttributeValue> image = newImage != null && !newImage.isEmpty() ? newImage : oldImage;
        if (image == null || image.isEmpty()) {
            return List.of();
        }
        AttributeValue type = image.get(TableSchema.ITEM_TYPE);
        ItemType kind = type == null ? null : ItemType.fromValue(type.s());
        if (kind == ItemType.REGISTRATION && newImage != null && !newImage.isEmpty()) {
            return registrationEvents(attendee(oldImage), attendee(newImage));
        }
        if (kind == ItemType.MATERIAL && newImage != null && !newImage.isEmpty()) {
            MaterialItem material = MaterialItem.from(newImage);
            boolean wasPublished = oldImage != null && !oldImage.isEmpty() && MaterialItem.from(oldImage).published();
            if (material.published() && !wasPublished) {
                return List.of(new DomainEvent.MaterialPublished(material.eventId(), material.materialId(),
                        material.title()));
            }
        }
        return List.of();
    }

    /** The transitions from one state of a registration to the next ({@code before} null: it is new). */
    public static List<DomainEvent> registrationEvents(Attendee before, Attendee after) {
        List<DomainEvent> events = new ArrayList<>(2);
        if (before == null) {
            events.add(new DomainEvent.RegistrationCreated(after));
            if (after.checkedIn()) {
                events.add(new DomainEvent.CheckedIn(after));
            }
            return events;
        }
        if (!"cancelled".equals(before.status()) && "cancelled".equals(after.status())) {
            events.add(new DomainEvent.RegistrationCancelled(after));
        } else if (before.waitlisted() && after.confirmed()) {
            events.add(new DomainEvent.RegistrationPromoted(after));
        }
        if (!before.checkedIn() && after.checkedIn()) {
            events.add(new DomainEvent.CheckedIn(after));
        } else if (before.checkedIn() && !after.checkedIn()) {
            events.add(new DomainEvent.CheckInUndone(before, after));
        } else if (before.checkedIn() && after.checkedIn() && before.inside() != after.inside()) {
            events.add(after.inside() ? new DomainEvent.Entered(after) : new DomainEvent.Exited(after));
        }
        for (int i = before.conflicts().size(); i < after.conflicts().size(); i++) {
            events.add(new DomainEvent.CheckInConflict(after, after.conflicts().get(i)));
        }
        return events;
    }

    /** The attendee an image holds, or null for an absent image. */
    public static Attendee attendee(Map<String, AttributeValue> image) {
        if (image == null || image.isEmpty()) {
            return null;
        }
        Attributes a = Attributes.of(image);
        return attendee(RegistrationItem.from(image), a.string(RegistrationItem.CHECKED_IN_BY),
                ConflictingScan.of(image), (int) a.number(EventShards.SHARD, 0), a.number(EventShards.SHARD_REVISION, 0));
    }

    /** The attendee of a registration as check-in reads it from the table. */
    public static Attendee attendee(Attendance attendance) {
        return attendee(attendance.registration(), attendance.checkedInBy(), attendance.conflicts(), 0, 0);
    }

    private static Attendee attendee(RegistrationItem item, String checkedInBy, List<ConflictingScan> conflicts,
            int shard, long shardRevision) {
        return new Attendee(item.registrationId(), item.eventId(), item.attendeeName(), item.attendeeEmail(),
                item.status().value(), item.registeredAt(), item.checkedInAt(), item.checkedInGate(), item.inside(),
                item.version(), checkedInBy, conflicts, shard, shardRevision);
    }
}
