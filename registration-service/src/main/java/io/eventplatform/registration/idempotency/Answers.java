package io.eventplatform.registration.idempotency;

import jakarta.ws.rs.core.Response;

/** Turns an {@link Answer} into a response; a replayed answer says so in a header. */
public final class Answers {

    /** Header sent with the remembered answer of a retried write. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /** Header a client sends to make a write idempotent. */
    public static final String KEY_HEADER = "Idempotency-Key";
    /** How OpenAPI describes the header on every write. */
    public static final String KEY_DESCRIPTION = "Makes the write idempotent for 24 h: a retry with the same key returns "
            + "the first answer (with header Idempotent-Replayed: true) and writes nothing; the same key with a "
            + "different request is 422. 1-128 characters of A-Z a-z 0-9 _ . : -";
    public static final String KEY_EXAMPLE = "3f1c0d8e-5d1a-4c1b-9a55-2b8f8e0d7c11";

    private Answers() {
    }

    public static Response response(Answer<?> answer) {
        Response.ResponseBuilder builder = Response.status(answer.status()).entity(answer.body());
        if (answer.replayed()) {
            builder.header(REPLAYED_HEADER, "true");
        }
        return builder.build();
    }
}
