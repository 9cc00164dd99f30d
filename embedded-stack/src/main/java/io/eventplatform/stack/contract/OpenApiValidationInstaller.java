package io.eventplatform.stack.contract;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Puts {@link OpenApiValidationFilter} in front of every REST-assured call of every
 * {@code @QuarkusTest} of a service (registered as a Quarkus test callback), so no test can forget
 * it. One filter per test JVM: a JVM tests one service, whose document it reads once.
 */
public class OpenApiValidationInstaller implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (RestAssured.filters().stream().noneMatch(OpenApiValidationFilter.class::isInstance)) {
            ConfigProvider.getConfig().getOptionalValue("quarkus.smallrye-openapi.path", String.class)
                    .ifPresent(path -> RestAssured.filters(new OpenApiValidationFilter(path)));
        }
    }
}
