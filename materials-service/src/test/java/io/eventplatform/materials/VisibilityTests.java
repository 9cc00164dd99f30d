package io.eventplatform.materials;

import static io.eventplatform.materials.MaterialsStage.BASE;
import static io.eventplatform.materials.MaterialsStage.asOrganizer;
import static io.eventplatform.materials.MaterialsStage.cancel;
import static io.eventplatform.materials.MaterialsStage.checkIn;
import static io.eventplatform.materials.MaterialsStage.confirmedRegistration;
import static io.eventplatform.materials.MaterialsStage.fetch;
import static io.eventplatform.materials.MaterialsStage.newEvent;
import static io.eventplatform.materials.MaterialsStage.publish;
import static io.eventplatform.materials.MaterialsStage.randomBytes;
import static io.eventplatform.materials.MaterialsStage.stack;
import static io.eventplatform.materials.MaterialsStage.ticket;
import static io.eventplatform.materials.MaterialsStage.uploadPdf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.item.MaterialItem;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.AwsClients;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class VisibilityTests {

    private static final String PROBLEMS = "https://eventplatform.dev/problems/";

    @Test
    void checkedInMaterialIsRefusedBeforeCheckInAndGrantedAfter() {
        String eventId = newEvent();
        byte[] roomSlides = randomBytes(4000, 20);
        String agenda = uploadPdf(eventId, randomBytes(100, 21), "attendees");
        String slides = uploadPdf(eventId, roomSlides, "checked_in");
        publish(eventId, agenda);
        publish(eventId, slides);
        String registrationId = confirmedRegistration(eventId);
        String ticket = ticket(registrationId, eventId);

        given().header("X-Ticket", ticket).when().get(BASE + eventId + "/materials").then().statusCode(200)
                .body("materialId", containsInAnyOrder(agenda));
        given().header("X-Ticket", ticket).when().get(BASE + eventId + "/materials/" + slides + "/download")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "not-checked-in"));

        checkIn(registrationId, eventId);

        given().header("X-Ticket", ticket).when().get(BASE + eventId + "/materials").then().statusCode(200)
                .body("materialId", containsInAnyOrder(agenda, slides));
        String url = given().header("X-Ticket", ticket)
                .when().get(BASE + eventId + "/materials/" + slides + "/download").then().statusCode(200)
                .extract().path("url");
        assertArrayEquals(roomSlides, fetch(url).body());
    }

    @Test
    void aReissuedTicketsLostPredecessorNoLongerOpensAnything() {
        String eventId = newEvent();
        String agenda = uploadPdf(eventId, randomBytes(100, 24), "attendees");
        String slides = uploadPdf(eventId, randomBytes(2000, 25), "checked_in");
        publish(eventId, agenda);
        publish(eventId, slides);
        String registrationId = confirmedRegistration(eventId);
        String lost = ticket(registrationId, eventId);
        checkIn(registrationId, eventId);

        String reissued = MaterialsStage.reissue(registrationId, eventId);

        for (String path : List.of("/materials", "/materials/" + slides, "/materials/" + slides + "/download",
                "/materials/" + agenda + "/download")) {
            given().header("X-Ticket", lost).when().get(BASE + eventId + path).then().statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "ticket-revoked"));
        }
        given().header("X-Ticket", reissued).when().get(BASE + eventId + "/materials").then().statusCode(200)
                .body("materialId", containsInAnyOrder(agenda, slides));
        given().header("X-Ticket", reissued).when().get(BASE + eventId + "/materials/" + slides + "/download")
                .then().statusCode(200);
        // Without a ticket the public view stays open: a revoked ticket is refused, not downgraded.
        given().when().get(BASE + eventId + "/materials").then().statusCode(200);
    }

    @Test
    void anExpiredTicketIsRefusedAsExpired() {
        String eventId = newEvent();
        String agenda = uploadPdf(eventId, randomBytes(100, 26), "attendees");
        publish(eventId, agenda);
        String registrationId = confirmedRegistration(eventId);
        var keys = stack().ticketKeys().keyPair();
        Instant lastMonth = Instant.now().minus(Duration.ofDays(30));
        String expired = io.eventplatform.shared.ticket.TicketCodec.sign(new io.eventplatform.shared.ticket.TicketToken(
                registrationId, eventId, 1, lastMonth, lastMonth.plus(Duration.ofDays(1))), keys.getPrivate(),
                io.eventplatform.shared.ticket.TicketCodec.keyId(keys.getPublic()));

        given().header("X-Ticket", expired).when().get(BASE + eventId + "/materials/" + agenda + "/download").then()
                .statusCode(401).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "ticket-expired"));
    }

    @Test
    void attendeeMaterialNeedsATicketOfThisEvent() {
        String eventId = newEvent();
        String otherEvent = newEvent();
        String agenda = uploadPdf(eventId, randomBytes(100, 22), "attendees");
        publish(eventId, agenda);
        String download = BASE + eventId + "/materials/" + agenda + "/download";

        given().when().get(download).then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "ticket-required"));
        given().header("X-Ticket", ticket(confirmedRegistration(otherEvent), otherEvent))
                .when().get(download).then().statusCode(401)
                .body("type", equalTo(PROBLEMS + "invalid-ticket"));
        given().header("X-Ticket", ticket(confirmedRegistration(eventId), eventId))
                .when().get(download).then().statusCode(200);
    }

    @Test
    void tamperedForgedAndCancelledTicketsAreRefused() {
        String eventId = newEvent();
        String agenda = uploadPdf(eventId, randomBytes(100, 23), "attendees");
        publish(eventId, agenda);
        String list = BASE + eventId + "/materials";
        String ticket = ticket(confirmedRegistration(eventId), eventId);
        String[] parts = ticket.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        String cancelledRegistration = confirmedRegistration(eventId);
        String cancelledTicket = ticket(cancelledRegistration, eventId);
        cancel(cancelledRegistration, eventId);

        for (String bad : List.of(tampered, "not-a-ticket", cancelledTicket)) {
            given().header("X-Ticket", bad).when().get(list).then().statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "invalid-ticket"));
        }
        given().header("X-Ticket", ticket).when().get(list).then().statusCode(200)
                .body("materialId", containsInAnyOrder(agenda));
    }

    @Test
    void publishingIsATableWriteThatReachesTheStream() throws InterruptedException {
        String eventId = newEvent();
        String materialId = uploadPdf(eventId, randomBytes(100, 24), "public");
        try (var streams = AwsClients.dynamoDbStreams(stack().dynamoDbEndpoint())) {
            String streamArn = stack().dynamoDb().describeTable(r -> r.tableName(TableSchema.DEFAULT_TABLE_NAME))
                    .table().latestStreamArn();
            List<String> iterators = new ArrayList<>();
            for (var shard : streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards()) {
                if (shard.sequenceNumberRange().endingSequenceNumber() == null) {
                    iterators.add(streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.LATEST)).shardIterator());
                }
            }
            publish(eventId, materialId);

            String materialKey = ItemKeys.MATERIAL_PREFIX + materialId;
            boolean seen = false;
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (!seen && Instant.now().isBefore(deadline)) {
                for (int i = 0; i < iterators.size(); i++) {
                    String iterator = iterators.get(i);
                    var records = streams.getRecords(r -> r.shardIterator(iterator));
                    iterators.set(i, records.nextShardIterator());
                    seen |= records.records().stream().anyMatch(record -> record.eventName() == OperationType.MODIFY
                            && materialKey.equals(record.dynamodb().keys().get(TableSchema.REGISTRATION_ID).s())
                            && record.dynamodb().newImage().get(MaterialItem.PUBLISHED).bool()
                            && !record.dynamodb().oldImage().get(MaterialItem.PUBLISHED).bool());
                }
                Thread.sleep(50);
            }
            assertTrue(seen, "the publish shows up on the table's stream as published false → true");
        }
    }

    @Test
    void organizersOnlyMayChangeVisibility() {
        String eventId = newEvent();
        String materialId = uploadPdf(eventId, randomBytes(100, 25), "attendees");
        String path = BASE + eventId + "/materials/" + materialId;
        given().contentType("application/json").body("{\"visibility\":\"public\"}").when().patch(path)
                .then().statusCode(401);
        given().auth().oauth2(StackTestResource.token("staff", null)).contentType("application/json")
                .body("{\"visibility\":\"public\"}").when().patch(path).then().statusCode(403);
        asOrganizer().contentType("application/json").body("{\"visibility\":\"public\",\"title\":\"Map\"}")
                .when().patch(path).then().statusCode(200)
                .body("visibility", equalTo("public"))
                .body("title", equalTo("Map"));
    }
}
