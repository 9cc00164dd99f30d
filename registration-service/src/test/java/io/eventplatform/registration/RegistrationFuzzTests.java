package io.eventplatform.registration;

import java.util.Map;

import io.eventplatform.stack.ServiceFuzzTests;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class RegistrationFuzzTests extends ServiceFuzzTests {

    @Override
    protected String prefix() {
        return RegistrationApi.PREFIX;
    }

    @Override
    protected Map<String, String> validParameters() {
        String eventId = RegistrationApi.publishedEvent(50);
        String[] registration = RegistrationApi.registered(eventId, "Fuzz Target", "fuzz@example.org");
        return Map.of("eventId", eventId, "registrationId", registration[0]);
    }
}
