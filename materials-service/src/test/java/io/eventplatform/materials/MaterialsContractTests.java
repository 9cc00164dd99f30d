package io.eventplatform.materials;

import java.util.List;

import io.eventplatform.stack.ServiceContractTests;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class MaterialsContractTests extends ServiceContractTests {

    @Override
    protected String prefix() {
        return "/api/materials";
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("dynamodb-table", "s3-bucket");
    }
}
