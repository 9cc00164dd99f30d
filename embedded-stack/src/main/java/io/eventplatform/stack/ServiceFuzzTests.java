package io.eventplatform.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.fuzz.ApiFuzzer;
import io.eventplatform.stack.fuzz.FuzzReport;
import io.eventplatform.stack.fuzz.HostileInput;
import io.restassured.RestAssured;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Hostile requests against every operation of the service's live OpenAPI document (docs/security.md):
 * random and boundary values, wrong types, huge strings, deep nesting, invalid UTF-8, truncated
 * bodies. Passes when no answer is a 5xx, every refusal is problem+json, and no refused write
 * changed the table. Bounded by {@code -Dfuzz.seconds} (default 20) and seeded: {@code -Dfuzz.seed=N}
 * repeats a run (the seed is printed with the report).
 */
public abstract class ServiceFuzzTests {

    /** The service's public prefix, e.g. {@code /api/registration}. */
    protected abstract String prefix();

    /** Values that exist, by parameter name (an event id, ...), so half the cases get past the lookups. */
    protected abstract Map<String, String> validParameters();

    @Test
    void everyOperationAnswersHostileInputWithProblemsAndWritesNothing() throws Exception {
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        Duration budget = Duration.ofSeconds(Long.getLong("fuzz.seconds", 20));
        System.out.println("fuzz " + prefix() + ": seed " + seed + ", " + budget.toSeconds() + " s");
        ApiFuzzer fuzzer = new ApiFuzzer(URI.create("http://localhost:" + RestAssured.port), new HostileInput(new Random(seed)),
                validParameters(), StackTestResource.token(Roles.ORGANIZER, null), ServiceFuzzTests::tableItems);
        long itemsBefore = tableItems();
        FuzzReport report = fuzzer.run(prefix(), seed, prefix() + "/openapi", budget);
        System.out.println(report.table());
        // Each refused write costs two counts of a table the module's other tests filled: on a loaded
        // 2-core CI machine that leaves a few dozen cases in the budget, still every operation several times.
        assertTrue(report.tried() > 20, "too few cases for a verdict: " + report.tried());
        assertEquals(java.util.List.of(), report.failures(), report.table());
        assertTrue(tableItems() >= itemsBefore);
    }

    /** Every item in the table, counted by the emulator (the fuzz run is the only writer meanwhile). */
    public static long tableItems() {
        var dynamoDb = StackTestResource.stack().dynamoDb();
        long count = 0;
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> start = null;
        do {
            var startKey = start;
            var page = dynamoDb.scan(r -> r.tableName(TableSchema.DEFAULT_TABLE_NAME).select(Select.COUNT)
                    .consistentRead(true).exclusiveStartKey(startKey));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }
}
