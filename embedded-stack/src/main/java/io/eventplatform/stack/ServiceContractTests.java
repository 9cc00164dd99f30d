package io.eventplatform.stack;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.problem.ProblemType;
import io.eventplatform.stack.contract.ApiDocuments;

/**
 * What every service promises the platform (ARCHITECTURE.md): health, metrics, OpenAPI and
 * Swagger UI under its prefix, problem+json for whatever goes wrong, and JWT checks on its
 * protected paths. Each service's suite extends this as a {@code @QuarkusTest}.
 */
public abstract class ServiceContractTests {

    private static final String PROBLEM_JSON = "application/problem+json";

    /** The service's public prefix, e.g. {@code /api/registration}. */
    protected abstract String prefix();

    /** The readiness checks the service must report UP. */
    protected List<String> readinessChecks() {
        return List.of("dynamodb-table");
    }

    /** Health and metrics are served on the management port only. */
    protected static io.restassured.specification.RequestSpecification management() {
        return given().port(StackTestResource.managementPort()).when();
    }

    @Test
    void healthAndMetricsAreNotOnThePublicPort() {
        for (String path : List.of("/q/health/ready", "/q/health/live", "/q/metrics", "/q/health",
                prefix() + "/%2e%2e/q/metrics", prefix() + "/../../q/metrics")) {
            given().urlEncodingEnabled(false).when().get(path).then().statusCode(404);
        }
    }

    @Test
    void readinessReportsEveryDependencyUp() {
        awaitReady(Duration.ofSeconds(60));
        var response = management().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"));
        for (String check : readinessChecks()) {
            response.body("checks.name", hasItem(check));
        }
    }

    /** Readiness may wait for start-up work (a warm-up), not for ever. */
    protected static void awaitReady(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (management().get("/q/health/ready").statusCode() != 200 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    void livenessIsUp() {
        management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsArePrometheusText() {
        management().get("/q/metrics").then().statusCode(200)
                .contentType(containsString("text"))
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"));
    }

    @Test
    void openApiDocumentDescribesTheServiceUnderItsPrefix() {
        given().accept("application/json").when().get(prefix() + "/openapi").then().statusCode(200)
                .body("openapi", startsWith("3."))
                .body("paths", hasKey(prefix() + "/caller"))
                .body("components.securitySchemes", hasKey("jwt"));
    }

    /** The live document, also written to {@code target/openapi/<service>.json} (what a release copies). */
    private String liveDocument() throws Exception {
        String document = given().accept("application/json").when().get(prefix() + "/openapi").then().statusCode(200)
                .extract().asString();
        java.nio.file.Path copy = java.nio.file.Path.of("target/openapi", service() + ".json");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, document);
        return document;
    }

    /** The service's short name, from its prefix: {@code /api/registration} → {@code registration}. */
    private String service() {
        return prefix().substring(prefix().lastIndexOf('/') + 1);
    }

    @Test
    void openApiDocumentLintsCleanUnderSpectralsOasRuleset() throws Exception {
        String document = liveDocument();
        assumeTrue(Files.isExecutable(ApiDocuments.spectral()),
                "Spectral is not installed: npm ci --prefix contract-tools (./platform test does)");
        assertNull(ApiDocuments.spectralFindings(document, java.nio.file.Path.of("target/spectral")),
                "Spectral's oas ruleset finds problems in " + prefix() + "/openapi");
    }

    @Test
    void openApiDocumentBreaksNothingTheReleasedOnePromised() throws Exception {
        String released = Files.readString(ApiDocuments.released(service()));
        assertNull(ApiDocuments.breakingChanges(released, liveDocument()),
                "The live document breaks clients of docs/openapi/" + service() + ".json (docs/api-versioning.md)");
    }

    @Test
    void swaggerUiLoadsUnderThePrefix() {
        given().when().get(prefix() + "/swagger-ui/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("swagger-ui"));
    }

    @Test
    void unknownPathUnderThePrefixIsProblem404() {
        given().when().get(prefix() + "/no-such-thing").then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo(ProblemType.NOT_FOUND.uri().toString()))
                .body("status", equalTo(404))
                .body("instance", equalTo(prefix() + "/no-such-thing"));
    }

    @Test
    void unknownPathOutsideThePrefixIsProblem404() {
        given().when().get("/definitely/not/here").then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo(ProblemType.NOT_FOUND.uri().toString()));
    }

    @Test
    void wrongMethodIsProblem405WithAllow() {
        given().auth().oauth2(StackTestResource.token(Roles.STAFF, null))
                .when().delete(prefix() + "/caller").then().statusCode(405)
                .contentType(PROBLEM_JSON)
                .header("Allow", containsString("GET"))
                .header("Allow", not(containsString("DELETE")))
                .body("type", equalTo(ProblemType.METHOD_NOT_ALLOWED.uri().toString()));
    }

    /**
     * Every GET the live document lists, with its path parameters filled with ids that exist
     * nowhere, asked with a JWT, with a ticket and with both: whatever the answer (200, 401, 404,
     * 400...), it must forbid storing it, so no cache ever shares a ticket holder's or a token
     * holder's data.
     */
    @Test
    void noAnswerToARequestWithATicketOrTokenAllowsSharedCaching() {
        Map<String, Map<String, Object>> paths = given().accept("application/json").when()
                .get(prefix() + "/openapi").then().statusCode(200).extract().path("paths");
        String organizer = StackTestResource.token(Roles.ORGANIZER, null);
        int asked = 0;
        for (var path : paths.entrySet()) {
            if (!path.getValue().containsKey("get")) {
                continue;
            }
            String url = path.getKey().replaceAll("\\{[^}]+}", "no-such-id");
            for (Map<String, String> credentials : List.of(Map.of("Authorization", "Bearer " + organizer),
                    Map.of("X-Ticket", "not.a.ticket"),
                    Map.of("Authorization", "Bearer " + organizer, "X-Ticket", "not.a.ticket"))) {
                var response = given().headers(credentials).when().get(url).then().extract();
                String cacheControl = response.header("Cache-Control");
                String what = "GET " + url + " with " + credentials.keySet() + " → " + response.statusCode()
                        + ", Cache-Control: " + cacheControl;
                assertNotNull(cacheControl, what);
                assertTrue(cacheControl.contains("no-store") && !cacheControl.contains("public"), what);
                asked++;
            }
        }
        assertTrue(asked >= 3, "the document lists GET operations");
    }

    @Test
    void protectedPathWithoutTokenIsProblem401() {
        given().when().get(prefix() + "/caller").then().statusCode(401)
                .contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo(ProblemType.UNAUTHORIZED.uri().toString()));
    }

    @Test
    void tokenSignedByAnotherKeyIsRefused() throws Exception {
        KeyPairFiles foreign = KeyPairFiles.jwt(Files.createTempDirectory("foreign-keys"));
        String forged = new TokenMinter(foreign).mint(Roles.ORGANIZER, null);
        given().auth().oauth2(forged).when().get(prefix() + "/caller").then().statusCode(401)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void tamperedTokenIsRefused() {
        String token = StackTestResource.token(Roles.STAFF, null);
        String[] parts = token.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
                .replace("\"staff\"", "\"organizer\"");
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes()) + "." + parts[2];
        given().auth().oauth2(tampered).when().get(prefix() + "/caller").then().statusCode(401)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void tokenForAnotherAppClientOfTheSameIssuerIsRefused() {
        var staff = TokenMinter.TokenRequest.forRole(Roles.STAFF, null);
        TokenMinter tokens = StackTestResource.stack().tokens();
        for (String token : List.of(tokens.mint(staff.withAudience("another-app")),
                tokens.mint(staff.withAudience(null)), tokens.mint(staff.asAccessTokenOf("another-app")))) {
            given().auth().oauth2(token).when().get(prefix() + "/caller").then().statusCode(401)
                    .contentType(PROBLEM_JSON).header("WWW-Authenticate", startsWith("Bearer"));
        }
    }

    @Test
    void cognitoAccessTokenOfAnAcceptedAppClientIsAccepted() {
        String token = StackTestResource.stack().tokens().mint(TokenMinter.TokenRequest.forRole(Roles.STAFF, null)
                .asAccessTokenOf(TokenMinter.AUDIENCE));
        given().auth().oauth2(token).when().get(prefix() + "/caller").then().statusCode(200)
                .body("roles", hasItem(Roles.STAFF));
    }

    @Test
    void expiredTokenIsRefused() {
        String expired = StackTestResource.stack().tokens().mint(
                TokenMinter.TokenRequest.forRole(Roles.STAFF, null)
                        .issuedAt(Instant.now().minus(Duration.ofHours(2)))
                        .withLifetime(Duration.ofMinutes(30)));
        given().auth().oauth2(expired).when().get(prefix() + "/caller").then().statusCode(401)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void validTokenNamesTheCaller() {
        given().auth().oauth2(StackTestResource.token(Roles.KIOSK, "event-42"))
                .when().get(prefix() + "/caller").then().statusCode(200)
                .body("roles", hasItem(Roles.KIOSK))
                .body("eventId", equalTo("event-42"))
                .body("gate", equalTo("gate-1"));
    }
}
