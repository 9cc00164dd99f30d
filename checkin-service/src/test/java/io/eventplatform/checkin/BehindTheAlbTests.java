package io.eventplatform.checkin;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.stack.BehindTheAlb;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every answer of checkin-service to a client behind the ALB: no header or body holds an
 * absolute URL off the public origin (none of this instance's address, none from a client's own
 * X-Forwarded-Host); its redirects stay relative.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class BehindTheAlbTests {

    private final List<String> offOrigin = new ArrayList<>();

    private RequestSpecification alb() {
        return given().headers(BehindTheAlb.headers()).redirects().follow(false);
    }

    private Response check(Response response) {
        response.headers().forEach(header -> offOrigin.addAll(BehindTheAlb.urlsOffThePublicOrigin(
                header.getName() + ": " + header.getValue())));
        offOrigin.addAll(BehindTheAlb.urlsOffThePublicOrigin(response.asString()));
        return response;
    }

    @Test
    void noAnswerPointsAnywhereButThePublicOrigin() {
        String eventId = Fixtures.event("Behind the ALB");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        String staff = Fixtures.staffToken();
        Response scanned = check(alb().auth().oauth2(staff).contentType(ContentType.JSON)
                .body(Map.of("ticket", Fixtures.ticket(ada), "direction", "entry"))
                .post("/api/checkin/events/{e}/scans", eventId));
        assertEquals(200, scanned.statusCode(), scanned.asString());
        check(alb().auth().oauth2(staff).get("/api/checkin/events/{e}/counts", eventId));
        check(alb().auth().oauth2(staff).queryParam("q", "love").get("/api/checkin/events/{e}/attendees", eventId));
        check(alb().auth().oauth2(staff).get("/api/checkin/events/{e}/conflicts", eventId));
        check(alb().auth().oauth2(staff).delete("/api/checkin/events/{e}/check-ins/{r}", eventId, ada.registrationId()));
        check(alb().get("/api/checkin/ticket-keys"));
        check(alb().get("/api/checkin/events/{e}/counts", eventId));
        check(alb().get("/dashboard/"));
        Response swagger = check(alb().get("/api/checkin/swagger-ui"));
        assertEquals(302, swagger.statusCode());
        assertEquals("/api/checkin/swagger-ui/", swagger.header("Location"), "a relative redirect");
        assertEquals(List.of(), offOrigin);
    }
}
