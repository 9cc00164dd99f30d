package io.eventplatform.checkin;

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
}
