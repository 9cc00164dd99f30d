package io.eventplatform.registration;

import io.eventplatform.stack.ServiceContractTests;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class RegistrationContractTests extends ServiceContractTests {

    @Override
    protected String prefix() {
        return "/api/registration";
    }
}
