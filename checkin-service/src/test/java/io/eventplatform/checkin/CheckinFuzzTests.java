package io.eventplatform.checkin;

import java.util.Map;

import io.eventplatform.stack.ServiceFuzzTests;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class CheckinFuzzTests extends ServiceFuzzTests {

    @Override
    protected String prefix() {
        return "/api/checkin";
    }

    @Override
    protected Map<String, String> validParameters() {
        String eventId = Fixtures.event("Fuzz");
        return Map.of("eventId", eventId, "registrationId", Fixtures.register(eventId, "Fuzz Target").registrationId());
    }
}
