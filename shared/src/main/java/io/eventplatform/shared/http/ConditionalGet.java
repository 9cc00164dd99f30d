package io.eventplatform.shared.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A GET whose JSON answer carries a weak {@code ETag} (a hash of the body) and answers
 * {@code If-None-Match} with {@code 304 Not Modified} and no body when the client's copy is
 * current ({@link HttpCaching}). Its OpenAPI operation should name the {@code IfNoneMatch}
 * parameter ({@code @Parameter(ref = ConditionalGet.PARAMETER)}), from which the document gets the
 * header, the {@code ETag} and the 304.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ConditionalGet {

    /** The shared OpenAPI parameter component for {@code If-None-Match}. */
    String PARAMETER = "IfNoneMatch";
}
