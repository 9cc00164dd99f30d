package io.eventplatform.stack;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.eventplatform.stack.contract.ApiDocuments;

/**
 * The breaking-change check that each service's contract tests run (docs/api-versioning.md) fails
 * on a deliberate breaking change to the released registration document and lets additive ones by.
 */
class ApiCompatibilityTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode released() throws Exception {
        return (ObjectNode) JSON.readTree(Files.readString(ApiDocuments.released("registration")));
    }

    private static String breakingChanges(ObjectNode changed) throws Exception {
        return ApiDocuments.breakingChanges(JSON.writeValueAsString(released()), JSON.writeValueAsString(changed));
    }

    @Test
    void theReleasedDocumentAgainstItselfBreaksNothing() throws Exception {
        assertNull(breakingChanges(released()));
    }

    @Test
    void aNewOptionalFieldAndANewOperationBreakNothing() throws Exception {
        ObjectNode document = released();
        ((ObjectNode) document.at("/components/schemas/EventView/properties"))
                .putObject("livestreamUrl").put("type", "string");
        document.with("paths").set("/api/registration/events/{eventId}/agenda",
                document.at("/paths/~1api~1registration~1events~1{eventId}").deepCopy());
        ((ObjectNode) document.at("/paths/~1api~1registration~1events~1{eventId}~1agenda/get"))
                .put("operationId", "getEventAgenda");
        assertNull(breakingChanges(document));
    }

    @Test
    void removingAnOperationThatAppsCallIsABreakingChange() throws Exception {
        ObjectNode document = released();
        ((ObjectNode) document.at("/paths/~1api~1registration~1tickets~1me")).remove("get");
        String report = breakingChanges(document);
        assertNotNull(report, "removing getMyTicket must count as breaking");
        assertTrue(report.contains("/api/registration/tickets/me"), report);
    }

    @Test
    void aNewRequiredRequestFieldIsABreakingChange() throws Exception {
        ObjectNode document = released();
        ObjectNode request = (ObjectNode) document.at("/components/schemas/RegistrationRequest");
        ((ObjectNode) request.get("properties")).putObject("phone").put("type", "string");
        request.withArray("required").add("phone");
        assertNotNull(breakingChanges(document), "a new required request field must count as breaking");
    }
}
