package io.eventplatform.registration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.problem.ProblemType;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The shared mappers turn every client mistake into problem+json, never a 500 or a stack trace. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class ProblemMappingTests {

    private static final String PATH = "/api/registration/test-probe";

    private static String organizer() {
        return StackTestResource.token(Roles.ORGANIZER, null);
    }

    @Test
    void aServiceUnavailableProblemSaysWhenToRetry() {
        given().when().post(PATH + "/unavailable").then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("type", equalTo(ProblemType.SERVICE_UNAVAILABLE.uri().toString()));
    }

    @Test
    void wrongRoleIsProblem403() {
        given().auth().oauth2(StackTestResource.token(Roles.STAFF, null)).contentType("application/json")
                .body("{\"name\":\"a\",\"email\":\"a@example.org\",\"seats\":1}")
                .when().post(PATH).then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo(ProblemType.FORBIDDEN.uri().toString()));
    }

    @Test
    void kioskCannotActAsOrganizer() {
        given().auth().oauth2(StackTestResource.token(Roles.KIOSK, "e1")).contentType("application/json")
                .body("{\"name\":\"a\",\"email\":\"a@example.org\",\"seats\":1}")
                .when().post(PATH).then().statusCode(403);
    }

    @Test
    void malformedJsonIsProblem400WithItsPosition() {
        given().auth().oauth2(organizer()).contentType("application/json").body("{\"name\": \"a\",")
                .when().post(PATH).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(ProblemType.MALFORMED_REQUEST.uri().toString()))
                .body("detail", containsString("line 1"))
                .body(not(containsString("com.fasterxml")));
    }

    @Test
    void valueOfTheWrongTypeNamesTheField() {
        given().auth().oauth2(organizer()).contentType("application/json")
                .body("{\"name\":\"a\",\"email\":\"a@example.org\",\"seats\":\"many\"}")
                .when().post(PATH).then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", containsInAnyOrder("seats"));
    }

    @Test
    void invalidFieldsAreListedOneByOne() {
        given().auth().oauth2(organizer()).contentType("application/json")
                .body("{\"name\":\"\",\"email\":\"not-an-email\",\"seats\":0}")
                .when().post(PATH).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(ProblemType.VALIDATION.uri().toString()))
                .body("violations.field", containsInAnyOrder("name", "email", "seats"));
    }

    @Test
    void wrongContentTypeIsProblem415() {
        given().auth().oauth2(organizer()).contentType("text/plain").body("hello")
                .when().post(PATH).then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo(ProblemType.UNSUPPORTED_MEDIA_TYPE.uri().toString()));
    }

    @Test
    void oversizedBodyIsProblem413() {
        String big = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        given().auth().oauth2(organizer()).contentType("application/json").body(big)
                .when().post(PATH).then().statusCode(413)
                .contentType("application/problem+json");
    }
}
