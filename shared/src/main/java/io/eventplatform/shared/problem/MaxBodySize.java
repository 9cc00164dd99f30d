package io.eventplatform.shared.problem;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerRequest;

/** The default {@link BodyLimit}: the HTTP layer's own {@code quarkus.http.limits.max-body-size}. */
@DefaultBean
@ApplicationScoped
public class MaxBodySize implements BodyLimit {

    private final long maxBodySize;

    public MaxBodySize(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.maxBodySize = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    }

    @Override
    public long limit(HttpServerRequest request) {
        return maxBodySize;
    }
}
