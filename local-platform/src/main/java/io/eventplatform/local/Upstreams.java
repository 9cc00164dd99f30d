package io.eventplatform.local;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The instances behind each service, as the ALB's target groups hold them: requests and new
 * WebSockets go round-robin over the instances, and one that refused a connection is left out for
 * a while (the ALB stops routing to a target that fails its checks), so clients of an instance
 * that stopped reach another one. An open WebSocket stays on the instance it was opened on.
 */
final class Upstreams {

    /** How long an instance that refused a connection gets no new ones. */
    static final long RESTING_NANOS = 2_000_000_000L;

    private final Map<String, Service> services = new LinkedHashMap<>();

    private record Service(List<URI> instances, AtomicInteger next, AtomicLongArray restingUntil) {
    }

    /** Each service's instances (base URIs), at least one each. */
    Upstreams(Map<String, List<URI>> instances) {
        instances.forEach((service, uris) -> {
            if (uris.isEmpty()) {
                throw new IllegalArgumentException(service + " has no instance");
            }
            services.put(service, new Service(List.copyOf(uris), new AtomicInteger(),
                    new AtomicLongArray(uris.size())));
        });
    }

    /** One instance per service. */
    static Upstreams single(Map<String, URI> upstreams) {
        Map<String, List<URI>> instances = new LinkedHashMap<>();
        upstreams.forEach((service, uri) -> instances.put(service, List.of(uri)));
        return new Upstreams(instances);
    }

    boolean serves(String service) {
        return services.containsKey(service);
    }

    java.util.Set<String> services() {
        return services.keySet();
    }

    int count(String service) {
        return services.get(service).instances().size();
    }

    /**
     * The next instance of {@code service} in turn, skipping resting ones and {@code besides}
     * (one that just failed); any instance when all rest, empty when none but {@code besides} exists.
     */
    Optional<URI> pick(String service, URI besides) {
        Service target = services.get(service);
        List<URI> instances = target.instances();
        long now = System.nanoTime();
        int start = Math.floorMod(target.next().getAndIncrement(), instances.size());
        URI fallback = null;
        for (int i = 0; i < instances.size(); i++) {
            int index = (start + i) % instances.size();
            URI candidate = instances.get(index);
            if (candidate.equals(besides)) {
                continue;
            }
            if (target.restingUntil().get(index) - now <= 0) {
                return Optional.of(candidate);
            }
            if (fallback == null) {
                fallback = candidate;
            }
        }
        return Optional.ofNullable(fallback);
    }

    /** The instance refused a connection: it gets none for {@link #RESTING_NANOS}. */
    void refused(String service, URI instance) {
        Service target = services.get(service);
        int index = target.instances().indexOf(instance);
        if (index >= 0) {
            target.restingUntil().set(index, System.nanoTime() + RESTING_NANOS);
        }
    }
}
