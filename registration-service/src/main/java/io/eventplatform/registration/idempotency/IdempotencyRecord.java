package io.eventplatform.registration.idempotency;

import java.time.Instant;

/**
 * The remembered answer to a keyed write, stored in the same transaction as the write.
 *
 * @param request the keyed request
 * @param status the HTTP status answered
 * @param body the JSON body answered
 * @param expiresAt when the table's TTL may drop it
 */
public record IdempotencyRecord(IdempotentRequest request, int status, String body, Instant expiresAt) {
}
