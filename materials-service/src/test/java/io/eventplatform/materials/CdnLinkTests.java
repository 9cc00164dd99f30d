package io.eventplatform.materials;

import static io.eventplatform.materials.MaterialsStage.BASE;
import static io.eventplatform.materials.MaterialsStage.asOrganizer;
import static io.eventplatform.materials.MaterialsStage.fetch;
import static io.eventplatform.materials.MaterialsStage.materialItem;
import static io.eventplatform.materials.MaterialsStage.newEvent;
import static io.eventplatform.materials.MaterialsStage.objectVersions;
import static io.eventplatform.materials.MaterialsStage.publish;
import static io.eventplatform.materials.MaterialsStage.randomBytes;
import static io.eventplatform.materials.MaterialsStage.upload;
import static io.eventplatform.materials.MaterialsStage.uploadPdf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With a CDN configured, public published materials are served from their copy under
 * {@code static/}. The bucket itself stands in for CloudFront here: both serve {@code static/*}
 * with the path unchanged.
 */
@QuarkusTest
@TestProfile(CdnLinkTests.WithCdn.class)
@QuarkusTestResource(StackTestResource.class)
class CdnLinkTests {

    /** Points the CDN base URL at the bucket, as CloudFront's {@code /static/*} behaviour does. */
    public static class WithCdn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("materials.cdn-base-url",
                    StackTestResource.stack().s3Endpoint() + "/" + EmbeddedStack.DEFAULT_BUCKET);
        }
    }

    @Test
    void publicPublishedMaterialGetsACdnLinkThatServesItsBytes() {
        String eventId = newEvent();
        byte[] map = randomBytes(20_000, 60);
        String materialId = upload(eventId, map, "image/png", "Venue map.png", "Venue map", "public")
                .statusCode(201).extract().path("materialId");
        publish(eventId, materialId);

        String url = given().when().get(BASE + eventId + "/materials/" + materialId + "/download").then()
                .statusCode(200).body("via", equalTo("cdn")).extract().path("url");
        assertTrue(url.contains("/static/events/" + eventId + "/" + materialId + "/"), url);
        assertTrue(url.endsWith("/Venue%20map.png"), url);
        var response = fetch(url);
        assertEquals(200, response.statusCode());
        assertArrayEquals(map, response.body());
        // A short cache: once unpublished, the CDN stops serving the copy within minutes, not a day.
        assertEquals("public, max-age=300", response.headers().firstValue("cache-control").orElse(null));
    }

    @Test
    void racingPublishesLeaveTheWinnersCopyServing() throws Exception {
        String eventId = newEvent();
        byte[] agenda = randomBytes(5000, 65);
        String materialId = upload(eventId, agenda, "application/pdf", "agenda.pdf", "Agenda", "public")
                .statusCode(201).extract().path("materialId");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return asOrganizer().when().post(BASE + eventId + "/materials/" + materialId + "/publish")
                            .then().extract().statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertTrue(statuses.contains(200), "one publish wins: " + statuses);
        } finally {
            pool.shutdownNow();
        }
        // Losers removed only the copies they made: the published material's URL serves its bytes.
        String url = given().when().get(BASE + eventId + "/materials/" + materialId + "/download").then()
                .statusCode(200).body("via", equalTo("cdn")).extract().path("url");
        var response = fetch(url);
        assertEquals(200, response.statusCode());
        assertArrayEquals(agenda, response.body());
    }

    @Test
    void aNewVersionGetsANewCdnUrlAndTheOldCopyIsWithdrawn() {
        String eventId = newEvent();
        String materialId = uploadPdf(eventId, randomBytes(1000, 61), "public");
        publish(eventId, materialId);
        String path = BASE + eventId + "/materials/" + materialId;
        String first = given().when().get(path + "/download").then().extract().path("url");

        byte[] second = randomBytes(1500, 62);
        asOrganizer().contentType("application/pdf").body(second).queryParam("fileName", "slides.pdf")
                .when().post(path + "/versions").then().statusCode(201);
        String next = given().when().get(path + "/download").then().body("via", equalTo("cdn")).extract().path("url");

        assertNotEquals(first, next, "a cached CDN URL never serves replaced bytes");
        assertArrayEquals(second, fetch(next).body());
        assertEquals(404, fetch(first).statusCode());
        assertEquals(1, objectVersions("static/events/" + eventId + "/").size(), "one copy: the current one");
    }

    @Test
    void unpublishingOrRestrictingWithdrawsTheCdnCopy() {
        String eventId = newEvent();
        String unpublished = uploadPdf(eventId, randomBytes(1000, 63), "public");
        String restricted = uploadPdf(eventId, randomBytes(1000, 64), "public");
        publish(eventId, unpublished);
        publish(eventId, restricted);
        String unpublishedUrl = given().when().get(BASE + eventId + "/materials/" + unpublished + "/download")
                .then().extract().path("url");

        asOrganizer().when().post(BASE + eventId + "/materials/" + unpublished + "/unpublish").then().statusCode(200);
        asOrganizer().contentType("application/json").body(Map.of("visibility", "attendees"))
                .when().patch(BASE + eventId + "/materials/" + restricted).then().statusCode(200);

        assertEquals(404, fetch(unpublishedUrl).statusCode());
        assertEquals(List.of(), objectVersions("static/events/" + eventId + "/"));
        assertNull(materialItem(eventId, restricted).staticKey());
        asOrganizer().when().get(BASE + eventId + "/materials/" + restricted + "/download").then().statusCode(200)
                .body("via", equalTo("presigned"));
    }
}
