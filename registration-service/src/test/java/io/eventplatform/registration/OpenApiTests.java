package io.eventplatform.registration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class OpenApiTests {

    private static final String P = "/api/registration";

    @Test
    void theOpenApiDocumentDescribesEveryEndpointWithExamples() {
        ValidatableResponse doc = given().accept("application/json").get(P + "/openapi").then().statusCode(200);
        for (String path : List.of("/events", "/events/{eventId}", "/events/{eventId}/publish", "/events/{eventId}/close",
                "/events/{eventId}/counts", "/events/{eventId}/registrations", "/events/{eventId}/registrations/export",
                "/events/{eventId}/registrations/{registrationId}", "/events/{eventId}/registrations/{registrationId}/cancel",
                "/events/{eventId}/registrations/{registrationId}/ticket", "/registrations/by-email", "/tickets/me",
                "/tickets/me/cancel", "/tickets/me/qr.png", "/tickets/me/qr.svg",
                "/events/{eventId}/registrations/{registrationId}/notifications",
                "/events/{eventId}/registrations/{registrationId}/notifications/{key}/resend",
                "/events/{eventId}/notifications/failures")) {
            doc.body("paths", hasKey(P + path));
        }
        doc.body("components.schemas.RegistrationRequest.properties.email.example", equalTo("ada@example.org"))
                .body("components.schemas.EventRequest.properties.startsAt.example", notNullValue())
                .body("components.schemas.RegistrationReceipt.properties.ticket.example", notNullValue())
                .body("paths.'" + P + "/events/{eventId}/registrations'.post.parameters.find { it.name == 'Idempotency-Key' }.example",
                        notNullValue());
    }
}
