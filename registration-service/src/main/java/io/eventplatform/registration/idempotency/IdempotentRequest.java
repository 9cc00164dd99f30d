package io.eventplatform.registration.idempotency;

/**
 * One write as its {@code Idempotency-Key} identifies it.
 *
 * @param scope the operation and its target, e.g. {@code register}
 * @param key the client's key, or null when the client sent none
 * @param range the table range key the remembered answer is stored under (an event id)
 * @param requestHash SHA-256 of the operation, target and canonical body
 */
public record IdempotentRequest(String scope, String key, String range, String requestHash) {

    public boolean hasKey() {
        return key != null;
    }
}
