package io.eventplatform.registration;

import static io.eventplatform.registration.RegistrationApi.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.item.RegistrationStatus;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Registrations per second on one event through the service (HTTP, validation, signing,
 * the three-item transaction) next to raw conditional writes to the same DynamoDB Local in the
 * same run, at the same concurrency, in alternating rounds; prints the median ratio and the
 * transaction retries per registration. Run: {@code ./mvnw -B verify -pl registration-service -am -Pbench}
 * (the profile runs DynamoDB Local with its full JIT).
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@Tag("benchmark")
class RegistrationThroughputBenchmark {

    private static final int WARMUP = 1000;
    private static final int OPERATIONS = Integer.getInteger("bench.operations", 1500);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);

    @TestHTTPResource("/")
    URI base;

    @Test
    void registrationsPerSecondOnOneEventAgainstRawConditionalWrites() throws Exception {
        String eventId = publishedEvent(1_000_000);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        DynamoDbClient dynamoDb = StackTestResource.stack().dynamoDb();
        IntConsumer register = i -> {
            try {
                HttpResponse<String> response = http.send(post(base, "/events/" + eventId + "/registrations",
                        toJson(person("Bench " + i, "bench" + i + "@example.org"))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 201) {
                    throw new IllegalStateException(response.statusCode() + " " + response.body());
                }
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        String rawEvent = "bench-raw-" + UUID.randomUUID();
        IntConsumer rawPut = i -> dynamoDb.putItem(p -> p.tableName(TableSchema.DEFAULT_TABLE_NAME)
                .item(registration(rawEvent, i).toItem())
                .conditionExpression("attribute_not_exists(registration_id)"));
        String txEvent = "bench-tx-" + UUID.randomUUID();
        dynamoDb.putItem(p -> p.tableName(TableSchema.DEFAULT_TABLE_NAME).item(Map.of(
                TableSchema.REGISTRATION_ID, Attributes.s(ItemKeys.eventHash(txEvent)), TableSchema.EVENT_ID, Attributes.s(txEvent),
                "confirmed_count", Attributes.n(0), "capacity", Attributes.n(1_000_000))));
        IntConsumer rawTransaction = i -> {
            RegistrationItem item = registration(txEvent, i);
            dynamoDb.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().update(u -> u.tableName(TableSchema.DEFAULT_TABLE_NAME)
                            .key(ItemKeys.event(txEvent)).updateExpression("SET confirmed_count = confirmed_count + :one")
                            .conditionExpression("confirmed_count < #capacity")
                            .expressionAttributeNames(Map.of("#capacity", "capacity"))
                            .expressionAttributeValues(Map.of(":one", Attributes.n(1)))).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(TableSchema.DEFAULT_TABLE_NAME).item(item.toItem())
                            .conditionExpression("attribute_not_exists(registration_id)")).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(TableSchema.DEFAULT_TABLE_NAME)
                            .item(Map.of(TableSchema.REGISTRATION_ID, Attributes.s("EMAIL#" + item.attendeeEmail()),
                                    TableSchema.EVENT_ID, Attributes.s(txEvent)))
                            .conditionExpression("attribute_not_exists(registration_id)")).build()));
        };

        IntConsumer retriedTransaction = i -> {
            for (int attempt = 0;; attempt++) {
                try {
                    rawTransaction.accept(i);
                    return;
                } catch (software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException e) {
                    if (attempt > 50) {
                        throw e;
                    }
                }
            }
        };

        // Both sides warm (the emulator's JIT included) before anything counts; then rounds alternate,
        // so that a noisy neighbour or a late compilation hits both sides alike.
        run("warm-up service", WARMUP, i -> register.accept(1_000_000 + i));
        run("warm-up raw", WARMUP, i -> retriedTransaction.accept(1_000_000 + i));
        Result raw = run("raw conditional PutItem", OPERATIONS, rawPut);
        List<Result> services = new ArrayList<>();
        List<Result> transactions = new ArrayList<>();
        double collisionsBefore = collisions(http);
        for (int round = 0; round < ROUNDS; round++) {
            int offset = round * OPERATIONS;
            services.add(run("service registrations (HTTP)", OPERATIONS, i -> register.accept(offset + i)));
            transactions.add(run("raw 3-item TransactWriteItems", OPERATIONS, i -> retriedTransaction.accept(offset + i)));
        }
        double collisionsPerRegistration = (collisions(http) - collisionsBefore) / (ROUNDS * (double) OPERATIONS);

        System.out.printf("%nRegistration throughput, one event, %d rounds of %d operations, concurrency %d, %d cores%n",
                ROUNDS, OPERATIONS, CONCURRENCY, Runtime.getRuntime().availableProcessors());
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Result service = services.get(round);
            Result transaction = transactions.get(round);
            ratios.add(service.perSecond() / transaction.perSecond());
            System.out.printf("  round %d%n", round + 1);
            for (Result r : List.of(service, transaction)) {
                print(r);
            }
            System.out.printf("    service / raw 3-item transaction   = %.2f%n", ratios.get(round));
        }
        print(raw);
        ratios.sort(null);
        System.out.printf("  median service / raw 3-item transaction = %.2f%n", ratios.get(ROUNDS / 2));
        System.out.printf("  transaction collisions (retries) per registration = %.2f%n%n", collisionsPerRegistration);
    }

    private static void print(Result r) {
        System.out.printf("    %-32s %8.1f ops/s   p50 %6.1f ms   p99 %6.1f ms%n", r.name, r.perSecond(),
                r.latency.getValueAtPercentile(50) / 1000.0, r.latency.getValueAtPercentile(99) / 1000.0);
    }

    /** The service's own count of transaction retries, from its Prometheus endpoint (management port). */
    private double collisions(HttpClient http) throws Exception {
        URI metricsUri = URI.create("http://localhost:" + StackTestResource.managementPort() + "/q/metrics");
        String metrics = http.send(HttpRequest.newBuilder(metricsUri).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        List<String> lines = metrics.lines().filter(line -> line.startsWith("registration_transaction_collisions_total"))
                .toList();
        if (lines.isEmpty()) {
            throw new IllegalStateException("no registration_transaction_collisions_total in /q/metrics");
        }
        return lines.stream().mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static RegistrationItem registration(String eventId, int i) {
        return new RegistrationItem(UUID.randomUUID().toString(), eventId, "Raw " + i, "raw" + i + "@example.org",
                RegistrationStatus.CONFIRMED, Instant.now(), Map.of(), null, null, false, 1, 1, null);
    }

    private record Result(String name, int operations, long nanos, Histogram latency) {
        double perSecond() {
            return operations / (nanos / 1e9);
        }
    }

    private static Result run(String name, int operations, IntConsumer operation) throws Exception {
        Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
            workers.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < operations) {
                    long t = System.nanoTime();
                    operation.accept(i);
                    synchronized (latency) {
                        latency.recordValue((System.nanoTime() - t) / 1000);
                    }
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        long nanos = System.nanoTime() - start;
        pool.shutdown();
        return new Result(name, operations, nanos, latency);
    }
}
