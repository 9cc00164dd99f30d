package io.eventplatform.registration.idempotency;

/**
 * What a write answers: HTTP-free status and body, and whether it is the remembered answer of an
 * earlier request with the same {@code Idempotency-Key}.
 */
public record Answer<T>(int status, T body, boolean replayed) {

    public static <T> Answer<T> of(int status, T body) {
        return new Answer<>(status, body, false);
    }
}
