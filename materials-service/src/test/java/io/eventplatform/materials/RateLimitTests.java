package io.eventplatform.materials;

import static io.eventplatform.materials.MaterialsStage.BASE;
import static io.eventplatform.materials.MaterialsStage.asOrganizer;
import static io.eventplatform.materials.MaterialsStage.itemsOfEvent;
import static io.eventplatform.materials.MaterialsStage.newEvent;
import static io.eventplatform.materials.MaterialsStage.randomBytes;
import static io.eventplatform.materials.MaterialsStage.upload;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** Direct and presigned uploads share one limit per client address; past it, 429 and nothing stored. */
@QuarkusTest
@TestProfile(RateLimitTests.LowLimit.class)
@QuarkusTestResource(StackTestResource.class)
class RateLimitTests {

    public static class LowLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rate-limit.limits.uploads.requests", "3", "rate-limit.limits.uploads.period", "1h");
        }
    }

    @Test
    void uploadsPastTheLimitGet429WithRetryAfterAndStoreNothing() {
        String eventId = newEvent();
        for (int i = 0; i < 2; i++) {
            upload(eventId, randomBytes(100, i), "application/pdf", "slides-" + i + ".pdf", "Slides", "public")
                    .statusCode(201);
        }
        asOrganizer().contentType("application/json")
                .body(Map.of("fileName", "big.pdf", "title", "Big", "contentType", "application/pdf", "size", 10))
                .when().post(BASE + eventId + "/uploads").then().statusCode(201);
        int stored = itemsOfEvent(eventId).size();
        Response refused = upload(eventId, randomBytes(100, 9), "application/pdf", "late.pdf", "Late", "public")
                .statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("https://eventplatform.dev/problems/rate-limited")).extract().response();
        assertTrue(Integer.parseInt(refused.header("Retry-After")) > 60, "an hour's bucket: " + refused.header("Retry-After"));
        asOrganizer().contentType("application/json")
                .body(Map.of("fileName", "big.pdf", "title", "Big", "contentType", "application/pdf", "size", 10))
                .when().post(BASE + eventId + "/uploads").then().statusCode(429);
        assertEquals(stored, itemsOfEvent(eventId).size(), "refused uploads stored nothing");
    }
}
