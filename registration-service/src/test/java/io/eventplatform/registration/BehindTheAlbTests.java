package io.eventplatform.registration;

import static io.eventplatform.registration.RegistrationApi.PREFIX;
import static io.eventplatform.registration.RegistrationApi.eventBody;
import static io.eventplatform.registration.RegistrationApi.organizer;
import static io.eventplatform.registration.RegistrationApi.person;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.eventplatform.stack.BehindTheAlb;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every answer of registration-service to a client behind the ALB: no header or body holds an
 * absolute URL off the public origin (none of this instance's address, none from a client's
 * own X-Forwarded-Host). The redirect to the Swagger UI stays relative.
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
        String eventId = check(alb().auth().oauth2(organizer()).contentType(ContentType.JSON)
                .body(eventBody(5, true, List.of())).post(PREFIX + "/events")).path("id");
        check(alb().auth().oauth2(organizer()).post(PREFIX + "/events/" + eventId + "/publish"));
        check(alb().get(PREFIX + "/events"));
        check(alb().get(PREFIX + "/events/" + eventId));
        Response registered = check(alb().contentType(ContentType.JSON)
                .body(person("Ada Lovelace", "ada@example.org")).post(PREFIX + "/events/" + eventId + "/registrations"));
        assertEquals(201, registered.statusCode(), registered.asString());
        String ticket = registered.path("ticket");
        check(alb().header("X-Ticket", ticket).get(PREFIX + "/tickets/me"));
        check(alb().auth().oauth2(organizer()).get(PREFIX + "/events/" + eventId + "/registrations"));
        check(alb().auth().oauth2(organizer()).get(PREFIX + "/events/" + eventId + "/registrations/export"));
        check(alb().auth().oauth2(organizer()).get(PREFIX + "/events/" + eventId + "/counts"));
        check(alb().get(PREFIX + "/events/no-such-event"));
        check(alb().get(PREFIX + "/caller"));
        Response swagger = check(alb().get(PREFIX + "/swagger-ui"));
        assertEquals(302, swagger.statusCode());
        assertEquals(PREFIX + "/swagger-ui/", swagger.header("Location"), "a relative redirect");
        assertEquals(List.of(), offOrigin);
    }
}
