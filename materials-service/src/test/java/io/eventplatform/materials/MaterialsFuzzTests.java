package io.eventplatform.materials;

import java.util.Map;

import io.eventplatform.stack.ServiceFuzzTests;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class MaterialsFuzzTests extends ServiceFuzzTests {

    @Override
    protected String prefix() {
        return "/api/materials";
    }

    @Override
    protected Map<String, String> validParameters() {
        String eventId = MaterialsStage.newEvent();
        String materialId = MaterialsStage.uploadPdf(eventId, MaterialsStage.randomBytes(200, 1), "public");
        return Map.of("eventId", eventId, "materialId", materialId);
    }
}
