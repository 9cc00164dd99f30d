package io.eventplatform.registration;

import static io.eventplatform.registration.RegistrationApi.*;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.AwsClients;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Other services learn of registrations only through the table's stream: every change must be on it. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class ChangeFeedTests {

    @Test
    void registeringCancellingAndPromotingEachReachTheStream() throws Exception {
        String eventId = publishedEvent(1);
        var stack = StackTestResource.stack();
        try (DynamoDbStreamsClient streams = AwsClients.dynamoDbStreams(stack.dynamoDbEndpoint())) {
            String arn = stack.dynamoDb().describeTable(d -> d.tableName(TableSchema.DEFAULT_TABLE_NAME))
                    .table().latestStreamArn();
            List<String> iterators = new ArrayList<>();
            streams.describeStream(d -> d.streamArn(arn)).streamDescription().shards().stream()
                    .filter(shard -> shard.sequenceNumberRange().endingSequenceNumber() == null)
                    .forEach(shard -> iterators.add(streams.getShardIterator(i -> i.streamArn(arn)
                            .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.LATEST)).shardIterator()));

            String[] seated = registered(eventId, "Seated", "seated@example.org");
            String[] waiting = registered(eventId, "Waiting", "waiting@example.org");
            given().header("X-Ticket", seated[1]).post(PREFIX + "/tickets/me/cancel").then().statusCode(200);

            List<String> changes = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (changes.size() < 4 && System.nanoTime() < deadline) {
                for (int i = 0; i < iterators.size(); i++) {
                    String iterator = iterators.get(i);
                    var page = streams.getRecords(g -> g.shardIterator(iterator));
                    page.records().forEach(record -> {
                        Map<String, AttributeValue> image = record.dynamodb().newImage();
                        // The SDK gives empty maps, not nulls, for absent images.
                        if (image.containsKey("item_type") && "registration".equals(image.get("item_type").s())
                                && eventId.equals(image.get("event_id").s())) {
                            Map<String, AttributeValue> old = record.dynamodb().oldImage();
                            changes.add(image.get("registration_id").s() + " "
                                    + (old.isEmpty() ? "new" : old.get("status").s()) + "->" + image.get("status").s());
                        }
                    });
                    iterators.set(i, page.nextShardIterator());
                }
                Thread.sleep(50);
            }

            assertEquals(List.of(seated[0] + " new->confirmed", waiting[0] + " new->waitlisted",
                    seated[0] + " confirmed->cancelled", waiting[0] + " waitlisted->confirmed"), changes);
        }
    }
}
