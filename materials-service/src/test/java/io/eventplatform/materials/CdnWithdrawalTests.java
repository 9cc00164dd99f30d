package io.eventplatform.materials;

import static io.eventplatform.materials.MaterialsStage.BASE;
import static io.eventplatform.materials.MaterialsStage.asOrganizer;
import static io.eventplatform.materials.MaterialsStage.materialItem;
import static io.eventplatform.materials.MaterialsStage.newEvent;
import static io.eventplatform.materials.MaterialsStage.objectVersions;
import static io.eventplatform.materials.MaterialsStage.publish;
import static io.eventplatform.materials.MaterialsStage.randomBytes;
import static io.eventplatform.materials.MaterialsStage.stack;
import static io.eventplatform.materials.MaterialsStage.uploadPdf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.item.PendingDeletionItem;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.StackTestResource;
import io.eventplatform.stack.StoreLink;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Withdrawing a CDN copy (issue #16, finding 7): the deletion is recorded in the table with the
 * change, a delete that fails is retried from that record with back-off until the copy is gone,
 * and CloudFront is asked to invalidate the copy's path. S3 fails for real here: the service
 * reaches the stack's S3 server through a link the test cuts. CloudFront has no local server, so
 * its API is a stand-in that records what the service's AWS SDK client sends.
 */
@QuarkusTest
@TestProfile(CdnWithdrawalTests.WithCloudFront.class)
@QuarkusTestResource(StackTestResource.class)
class CdnWithdrawalTests {

    static final String DISTRIBUTION = "E2TESTDISTRIB";
    /** Between the service's S3 client and the S3 server: cut, the service's S3 calls fail on real sockets. */
    static final StoreLink S3_LINK = StoreLink.named("materials-s3");

    public static class WithCloudFront implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The CloudFront client takes the default credential chain, as on an instance with a role.
            System.setProperty("aws.accessKeyId", "test-key");
            System.setProperty("aws.secretAccessKey", "test-secret");
            return Map.of(
                    "materials.cdn-base-url", StackTestResource.stack().s3Endpoint() + "/" + EmbeddedStack.DEFAULT_BUCKET,
                    "materials.cloudfront-distribution-id", DISTRIBUTION,
                    "materials.cloudfront-endpoint", CloudFrontStandIn.endpoint(),
                    "quarkus.s3.endpoint-override", S3_LINK.endpoint(StackTestResource.stack().options().s3Port()));
        }
    }

    @Test
    void unpublishingDeletesTheCopyInvalidatesItsPathAndLeavesNoRecord() {
        String eventId = newEvent();
        String materialId = uploadPdf(eventId, randomBytes(2000, 70), "public");
        publish(eventId, materialId);
        String staticKey = materialItem(eventId, materialId).staticKey();
        int before = CloudFrontStandIn.requests().size();

        asOrganizer().when().post(BASE + eventId + "/materials/" + materialId + "/unpublish").then().statusCode(200);

        assertEquals(List.of(), objectVersions(staticKey));
        assertNull(pendingDeletion(eventId, staticKey), "done at once: nothing left to retry");
        List<String> requests = CloudFrontStandIn.requests();
        assertEquals(before + 1, requests.size(), "one invalidation: " + requests);
        assertInvalidationOf(requests.get(before), staticKey);
    }

    @Test
    void aWithdrawalWhoseDeleteFailsIsRetriedFromTheTableUntilTheCopyIsGone() {
        String eventId = newEvent();
        String materialId = uploadPdf(eventId, randomBytes(2000, 71), "public");
        publish(eventId, materialId);
        String staticKey = materialItem(eventId, materialId).staticKey();
        int before = CloudFrontStandIn.requests().size();

        S3_LINK.cut();
        try {
            asOrganizer().when().post(BASE + eventId + "/materials/" + materialId + "/unpublish").then()
                    .statusCode(200);
            assertEquals(1, objectVersions(staticKey).size(), "S3 was unreachable: the copy is still there");
            PendingDeletionItem pending = pendingDeletion(eventId, staticKey);
            assertNotNull(pending, "the failed delete is recorded in the table");
            assertEquals(1, pending.attempts());
            assertNull(pending.versionId(), "every version of the copy goes");
            assertTrue(pending.cdnPath().startsWith("/static/events/" + eventId + "/" + materialId + "/"),
                    pending.cdnPath());
            assertTrue(pending.nextAttemptAt().isAfter(Instant.now().minusSeconds(1)), "backs off");
            assertNotNull(pending.lastError());
            // The sweep keeps trying while S3 is down, waiting longer each time.
            awaitTrue(Duration.ofSeconds(15), () -> {
                PendingDeletionItem now = pendingDeletion(eventId, staticKey);
                return now != null && now.attempts() >= 2;
            }, "a second attempt by the sweep");
            assertEquals(before, CloudFrontStandIn.requests().size(), "no invalidation before the copy is gone");
        } finally {
            S3_LINK.restore();
        }

        awaitTrue(Duration.ofSeconds(30), () -> pendingDeletion(eventId, staticKey) == null,
                "the retry succeeds and removes the record");
        assertEquals(List.of(), objectVersions(staticKey), "the copy is gone");
        List<String> requests = CloudFrontStandIn.requests();
        assertEquals(before + 1, requests.size(), "invalidated once the copy was gone: " + requests);
        assertInvalidationOf(requests.get(before), staticKey);
    }

    private static void assertInvalidationOf(String request, String staticKey) {
        assertTrue(request.startsWith("POST /2020-05-31/distribution/" + DISTRIBUTION + "/invalidation\n"), request);
        String path = "/" + staticKey.replace(" ", "%20");
        assertTrue(request.contains("<Path>" + path + "</Path>"), request);
        assertTrue(request.contains("<Quantity>1</Quantity>"), request);
    }

    private static PendingDeletionItem pendingDeletion(String eventId, String objectKey) {
        var key = ItemKeys.pendingDeletion(new PendingDeletionItem(eventId, objectKey, null, null, 0, null, null, null)
                .deletionId());
        var response = stack().dynamoDb().getItem(r -> r.tableName(TableSchema.DEFAULT_TABLE_NAME)
                .consistentRead(true).key(key));
        return response.hasItem() ? PendingDeletionItem.from(response.item()) : null;
    }

    private static void awaitTrue(Duration timeout, BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
