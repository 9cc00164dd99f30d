package io.eventplatform.checkin;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The feed's lag gauge, which the CloudWatch lag alarm watches, says the feed is current. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class ChangeFeedLagTests {

    private static final Pattern GAUGE = Pattern.compile("(?m)^stream_iterator_age_millis(?:\\{[^}]*\\})? (\\S+)$");

    private static double lagMillis() {
        Matcher matcher = GAUGE.matcher(given().port(StackTestResource.managementPort()).when().get("/q/metrics")
                .then().statusCode(200).extract().asString());
        assertTrue(matcher.find(), "stream_iterator_age_millis is exported");
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void aReaderThatKeepsUpReportsALagOfAFewPollsAtMost() {
        // Measured once the instance is ready, as the load balancer would first see it.
        await().atMost(Duration.ofSeconds(60)).until(() -> given().port(StackTestResource.managementPort())
                .get("/q/health/ready").statusCode() == 200);
        String eventId = Fixtures.event("Lag");
        Fixtures.register(eventId, "Ada Lovelace");
        // Idle polls every 100 ms; even on a loaded test machine the feed is current within seconds.
        await().atMost(Duration.ofSeconds(10)).until(() -> lagMillis() < 2_000);
    }
}
