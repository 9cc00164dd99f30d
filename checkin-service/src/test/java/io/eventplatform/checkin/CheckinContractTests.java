package io.eventplatform.checkin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.eventplatform.stack.ServiceContractTests;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class CheckinContractTests extends ServiceContractTests {

    @Override
    protected String prefix() {
        return "/api/checkin";
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("dynamodb-table", "change-feed", "scan-path-warm-up");
    }

    @Test
    void theScanPathIsWarmedUpBeforeTheInstanceReportsReady() {
        awaitReady(Duration.ofSeconds(60));
        // Every configured round ran (20 in tests): the warm-up did not stop on an error.
        management().get("/q/health/ready").then()
                .body("checks.find { it.name == 'scan-path-warm-up' }.data.rounds", equalTo(20));
    }
}
