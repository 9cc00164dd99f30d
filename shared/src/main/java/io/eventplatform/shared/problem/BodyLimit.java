package io.eventplatform.shared.problem;

import io.vertx.core.http.HttpServerRequest;

/**
 * How large a request body may be, judged from its declared Content-Length before anything reads
 * it; {@link RouterProblemHandler} refuses larger ones with a problem+json 413. A service with its
 * own rules provides a bean of this type; otherwise {@link MaxBodySize} applies.
 */
public interface BodyLimit {

    /** The largest body this request may declare, in bytes. */
    long limit(HttpServerRequest request);

    /** What the 413 problem tells a request that declared more than {@code limit}. */
    default String detail(HttpServerRequest request, long limit) {
        return "The request body is larger than " + limit + " bytes.";
    }
}
