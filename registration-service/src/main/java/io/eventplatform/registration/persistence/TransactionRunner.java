package io.eventplatform.registration.persistence;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.registration.config.RegistrationConfig;
import io.eventplatform.shared.problem.ProblemException;
import io.eventplatform.shared.problem.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

/**
 * Runs TransactWriteItems, retrying with jittered backoff while it only collides with concurrent
 * transactions; a failed condition comes back as {@link TransactionFailure} for the caller to read.
 */
@ApplicationScoped
public class TransactionRunner {

    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final String CONFLICT = "TransactionConflict";

    private final DynamoDbClient dynamoDb;
    private final RegistrationConfig config;
    private final Counter collisions;

    public TransactionRunner(DynamoDbClient dynamoDb, RegistrationConfig config, MeterRegistry meters) {
        this.dynamoDb = dynamoDb;
        this.config = config;
        // A rising rate says one event's item is the bottleneck: registrations queue behind each other.
        this.collisions = Counter.builder("registration.transaction.collisions")
                .description("Transactions retried because a concurrent one held an item they write")
                .register(meters);
    }

    /** Writes all items or none; throws {@link TransactionFailure} when a condition does not hold. */
    public void write(List<TransactWriteItem> items) {
        for (int attempt = 1;; attempt++) {
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(items));
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (reasons.stream().anyMatch(r -> CONDITION_FAILED.equals(r.code()))) {
                    throw new TransactionFailure(reasons);
                }
                if (reasons.stream().noneMatch(r -> CONFLICT.equals(r.code()))) {
                    throw e;
                }
                backOff(attempt);
            } catch (TransactionInProgressException e) {
                backOff(attempt);
            } catch (DynamoDbException e) {
                // A 500 on a transaction (DynamoDB Local: a lock wait timed out) changed nothing: AWS says retry.
                if (e.statusCode() != 500) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    private void backOff(int attempt) {
        collisions.increment();
        if (attempt >= config.transactionAttempts()) {
            throw new ProblemException(503, ProblemType.SERVICE_UNAVAILABLE,
                    "Too many concurrent changes to this event; retry with the same Idempotency-Key.");
        }
        // Full jitter, capped: colliding writers spread out instead of colliding again in lockstep.
        long cap = Math.min(200, 5L << Math.min(attempt, 6));
        Log.debugf("transaction conflict, attempt %d, backing off up to %d ms", attempt, cap);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(503, ProblemType.SERVICE_UNAVAILABLE, "Interrupted; retry.");
        }
    }
}
