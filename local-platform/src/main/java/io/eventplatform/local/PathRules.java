package io.eventplatform.local;

import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The public path rules of {@code deploy/contract/path-rules.json}: which prefix goes to which
 * service. The ALB listener rules are generated from the same file.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PathRules(Map<String, Service> services, List<Rule> rules, StaticRule staticRule) {

    static final String RESOURCE = "/contract/path-rules.json";

    /** A service behind the gateway: its port, its management port (health, metrics) and readiness path. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Service(int port, @JsonProperty("management_port") int managementPort,
            @JsonProperty("health_path") String healthPath, boolean sticky) {
    }

    /** Requests whose path starts with {@code prefix} go to {@code service}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rule(int priority, String prefix, String service) {
    }

    /** Published materials, served from the bucket (CloudFront in AWS). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StaticRule(String prefix, String origin) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record File(Map<String, Service> services, List<Rule> rules, @JsonProperty("static") StaticRule staticRule) {
    }

    /** The rules shipped in the shared module. */
    public static PathRules load() {
        try (InputStream in = PathRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            File file = new ObjectMapper().readValue(in, File.class);
            List<Rule> sorted = file.rules().stream().sorted(Comparator.comparingInt(Rule::priority)).toList();
            for (Rule rule : sorted) {
                if (!file.services().containsKey(rule.service())) {
                    throw new IllegalStateException("rule " + rule.prefix() + " names unknown service " + rule.service());
                }
            }
            return new PathRules(Map.copyOf(file.services()), sorted, file.staticRule());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable " + RESOURCE, e);
        }
    }

    /**
     * The service for a request path: the rule whose prefix matches, also without its trailing
     * slash ({@code /dashboard} as well as {@code /dashboard/...}), in priority order as on the ALB.
     */
    public Optional<String> serviceFor(String path) {
        for (Rule rule : rules) {
            String bare = rule.prefix().substring(0, rule.prefix().length() - 1);
            if (path.startsWith(rule.prefix()) || path.equals(bare)) {
                return Optional.of(rule.service());
            }
        }
        return Optional.empty();
    }

    public boolean isStatic(String path) {
        return staticRule != null && path.startsWith(staticRule.prefix());
    }
}
