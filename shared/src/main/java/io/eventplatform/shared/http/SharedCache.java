package io.eventplatform.shared.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Public data that shared caches (CloudFront, proxies) may keep for a short while: an anonymous
 * request's success gets {@code Cache-Control: public, max-age=<maxAge>}. A request carrying a
 * JWT or a ticket never does ({@link HttpCaching}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SharedCache {

    /** Seconds a cache may serve the answer without asking again. */
    int maxAge();
}
