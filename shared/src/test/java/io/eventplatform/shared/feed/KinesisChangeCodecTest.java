package io.eventplatform.shared.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.item.RegistrationStatus;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class KinesisChangeCodecTest {

    private static final Instant AT = Instant.parse("2026-11-22T09:30:00.123456Z");

    /** A record as AWS documents the Kinesis streaming destination's format (millisecond precision). */
    private static final String AWS_SAMPLE = """
            {
              "awsRegion": "us-west-2",
              "dynamodb": {
                "ApproximateCreationDateTime": 1576516897690,
                "Keys": {"registration_id": {"S": "r1"}, "event_id": {"S": "e1"}},
                "NewImage": {"registration_id": {"S": "r1"}, "event_id": {"S": "e1"}, "version": {"N": "2"},
                             "inside": {"BOOL": true}, "gone": {"NULL": true}, "tags": {"SS": ["a", "b"]},
                             "scores": {"NS": ["1", "2.5"]}, "blob": {"B": "AQID"},
                             "answers": {"M": {"diet": {"L": [{"S": "vegan"}]}}}},
                "OldImage": {"registration_id": {"S": "r1"}, "event_id": {"S": "e1"}, "version": {"N": "1"}},
                "SizeBytes": 168
              },
              "eventID": "4b25bd0d-9baa-4b5d-b1f3-7b79bd2a1d1f",
              "eventName": "MODIFY",
              "userIdentity": null,
              "recordFormat": "application/json",
              "tableName": "event-management-registrations",
              "eventSource": "aws:dynamodb"
            }
            """;

    @Test
    void readsTheDestinationsEnvelopeWithEveryAttributeType() {
        KinesisChange change = KinesisChangeCodec.decode(AWS_SAMPLE.getBytes(StandardCharsets.UTF_8));
        assertEquals("MODIFY", change.eventName());
        assertEquals("4b25bd0d-9baa-4b5d-b1f3-7b79bd2a1d1f", change.eventId());
        assertEquals("event-management-registrations", change.tableName());
        assertEquals(ItemKeys.registration("r1", "e1"), change.keys());
        assertEquals(Instant.ofEpochMilli(1576516897690L), change.change().changedAt());
        Map<String, AttributeValue> item = change.change().newImage();
        assertEquals("2", item.get("version").n());
        assertTrue(item.get("inside").bool());
        assertTrue(item.get("gone").nul());
        assertEquals(List.of("a", "b"), item.get("tags").ss());
        assertEquals(List.of("1", "2.5"), item.get("scores").ns());
        assertEquals(SdkBytes.fromByteArray(new byte[] {1, 2, 3}), item.get("blob").b());
        assertEquals("vegan", item.get("answers").m().get("diet").l().get(0).s());
        assertEquals("1", change.change().oldImage().get("version").n());
    }

    @Test
    void aRegistrationItemRoundTripsWithMicrosecondTime() {
        Instant registered = Instant.parse("2026-11-20T10:00:00.120Z");
        RegistrationItem registration = new RegistrationItem("r1", "e1", "Ada Lovelace", "ada@example.org",
                RegistrationStatus.CONFIRMED, registered, Map.of("diet", List.of("vegan")), registered.plusSeconds(60),
                "gate-2", true, 3, 2, 1800000000L);
        KinesisChange written = new KinesisChange("id-1", "INSERT", "t", ItemKeys.registration("r1", "e1"),
                new ItemChange(null, registration.toItem(), AT));
        KinesisChange read = KinesisChangeCodec.decode(KinesisChangeCodec.encode("eu-west-1", written));
        assertEquals(written, read);
        assertEquals(registration, RegistrationItem.from(read.change().newImage()));
        assertEquals(AT, read.change().changedAt(), "microseconds kept");
        assertTrue(read.change().oldImage().isEmpty());
    }

    @Test
    void aRemoveCarriesOnlyTheOldImage() {
        Map<String, AttributeValue> item = Map.of("registration_id", AttributeValue.fromS("r1"),
                "event_id", AttributeValue.fromS("e1"));
        KinesisChange removed = KinesisChangeCodec.decode(KinesisChangeCodec.encode("eu-west-1",
                new KinesisChange("id-2", "REMOVE", "t", item, new ItemChange(item, null, AT))));
        assertTrue(removed.change().newImage().isEmpty());
        assertEquals(item, removed.change().latestImage());
    }

    @Test
    void recordsThatAreNotDynamoDbChangesAreRefusedClearly() {
        for (String data : List.of("not json", "{}", "{\"dynamodb\": 3}",
                "{\"dynamodb\": {\"NewImage\": {\"a\": {\"X\": \"1\"}}}}")) {
            assertThrows(IllegalArgumentException.class,
                    () -> KinesisChangeCodec.decode(data.getBytes(StandardCharsets.UTF_8)), data);
        }
    }

    @Test
    void aRepeatedChangeIsDroppedButAnotherChangeAtTheSameTimeIsNot() {
        DuplicateChanges duplicates = new DuplicateChanges(100);
        Map<String, AttributeValue> keys = ItemKeys.registration("r1", "e1");
        KinesisChange first = change("a", keys, 1, AT);
        assertTrue(duplicates.firstDelivery(first));
        assertFalse(duplicates.firstDelivery(change("b", keys, 1, AT)), "same change, another event id and sequence");
        assertTrue(duplicates.firstDelivery(change("c", keys, 2, AT)), "same time, other images");
        assertTrue(duplicates.firstDelivery(change("d", keys, 1, AT.plusNanos(1000))), "later change");
        assertTrue(duplicates.firstDelivery(change("e", ItemKeys.registration("r2", "e1"), 1, AT)), "other item");
    }

    @Test
    void onlyTheNewestChangesAreRemembered() {
        DuplicateChanges duplicates = new DuplicateChanges(2);
        Map<String, AttributeValue> keys = ItemKeys.registration("r1", "e1");
        assertTrue(duplicates.firstDelivery(change("a", keys, 1, AT)));
        assertTrue(duplicates.firstDelivery(change("b", keys, 2, AT)));
        assertTrue(duplicates.firstDelivery(change("c", keys, 3, AT)));
        assertFalse(duplicates.firstDelivery(change("c", keys, 3, AT)));
        assertTrue(duplicates.firstDelivery(change("a", keys, 1, AT)), "forgotten beyond the capacity");
    }

    private static KinesisChange change(String id, Map<String, AttributeValue> keys, long version, Instant at) {
        Map<String, AttributeValue> image = new java.util.HashMap<>(keys);
        image.put("version", AttributeValue.fromN(String.valueOf(version)));
        return new KinesisChange(id, "MODIFY", "t", keys, new ItemChange(null, image, at));
    }
}
