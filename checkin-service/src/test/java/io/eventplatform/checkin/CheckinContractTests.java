package io.eventplatform.checkin;

import java.util.List;

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
        return List.of("dynamodb-table", "change-feed");
    }
}
