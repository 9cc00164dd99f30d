package io.eventplatform.registration;

import static io.eventplatform.registration.RegistrationApi.PREFIX;
import static io.eventplatform.registration.RegistrationApi.eventBody;
import static io.eventplatform.registration.RegistrationApi.organizer;
import static io.eventplatform.registration.RegistrationApi.publishedEvent;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * HTTP as apps and caches expect it (issue #14): ETags and 304s on event listings and single
 * events, Cache-Control that lets shared caches keep only anonymous public answers, and gzip for
 * JSON above 1 KiB.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class HttpCachingTests {

    @TestHTTPResource("/")
    URI base;

    @Test
    void anEventListingAnswersItsOwnEtagWith304AndAChangeWithANewEtag() {
        publishedEvent(50);
        var first = given().when().get(PREFIX + "/events").then().statusCode(200)
                .header("Cache-Control", equalTo("public, max-age=30"))
                .header("Vary", containsString("Authorization"))
                .header("Vary", containsString("X-Ticket"))
                .header("ETag", startsWith("W/\"")).extract();
        String etag = first.header("ETag");

        given().header("If-None-Match", etag).when().get(PREFIX + "/events").then().statusCode(304)
                .header("ETag", equalTo(etag)).header("Cache-Control", equalTo("public, max-age=30"))
                .body(emptyString());
        // Weak comparison: the same tag without W/, or in a list, matches too.
        given().header("If-None-Match", "\"other\", " + etag.substring(2)).when().get(PREFIX + "/events").then()
                .statusCode(304);

        publishedEvent(60);
        String changed = given().header("If-None-Match", etag).when().get(PREFIX + "/events").then().statusCode(200)
                .extract().header("ETag");
        assertNotEquals(etag, changed, "a new event changes the listing's ETag");
    }

    @Test
    void aSingleEventIs304UntilItIsEdited() {
        String eventId = publishedEvent(40);
        String path = PREFIX + "/events/" + eventId;
        String etag = given().when().get(path).then().statusCode(200)
                .header("Cache-Control", equalTo("public, max-age=30")).extract().header("ETag");
        assertNotNull(etag);
        given().header("If-None-Match", etag).when().get(path).then().statusCode(304).header("ETag", equalTo(etag));
        given().header("If-None-Match", "*").when().get(path).then().statusCode(304);

        Map<String, Object> edited = eventBody(41, true, List.of());
        given().auth().oauth2(organizer()).contentType(ContentType.JSON).body(edited).when().put(path).then()
                .statusCode(200);
        String after = given().header("If-None-Match", etag).when().get(path).then().statusCode(200)
                .body("capacity", equalTo(41)).extract().header("ETag");
        assertNotEquals(etag, after);
        // Someone else's event: 404, never cached.
        given().header("If-None-Match", etag).when().get(PREFIX + "/events/evt-missing").then().statusCode(404)
                .header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void anOrganizersListingIsPrivateAndNeverStoredButStillRevalidates() {
        publishedEvent(10);
        String etag = given().auth().oauth2(organizer()).when().get(PREFIX + "/events").then().statusCode(200)
                .header("Cache-Control", equalTo("private, no-store")).extract().header("ETag");
        given().auth().oauth2(organizer()).header("If-None-Match", etag).when().get(PREFIX + "/events").then()
                .statusCode(304).header("Cache-Control", equalTo("private, no-store"));
    }

    @Test
    void largeJsonIsGzippedForClientsThatAcceptItAndTinyJsonIsNot() throws Exception {
        for (int i = 0; i < 3; i++) {
            publishedEvent(20 + i);
        }
        HttpResponse<byte[]> listing = get(PREFIX + "/events", Map.of("Accept-Encoding", "gzip"));
        assertEquals(200, listing.statusCode());
        assertEquals("gzip", listing.headers().firstValue("Content-Encoding").orElse(null));
        String json = new String(new GZIPInputStream(new ByteArrayInputStream(listing.body())).readAllBytes());
        assertTrue(json.startsWith("[") && json.length() > 1024, "a listing over 1 KiB: " + json.length());
        assertTrue(listing.body().length < json.length(), "compressed");

        HttpResponse<byte[]> plain = get(PREFIX + "/events", Map.of());
        assertTrue(plain.headers().firstValue("Content-Encoding").filter("gzip"::equals).isEmpty());

        HttpResponse<byte[]> tiny = get(PREFIX + "/caller",
                Map.of("Accept-Encoding", "gzip", "Authorization", "Bearer " + organizer()));
        assertEquals(200, tiny.statusCode());
        assertTrue(tiny.body().length < 1024);
        assertTrue(tiny.headers().firstValue("Content-Encoding").filter("gzip"::equals).isEmpty(),
                "tiny JSON goes uncompressed: " + tiny.headers().map());
        assertTrue(new String(tiny.body()).startsWith("{"));
    }

    private HttpResponse<byte[]> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
