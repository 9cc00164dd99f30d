package io.eventplatform.shared.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Which methods each path of the service answers, read from its OpenAPI document when the service
 * starts, so a {@code 405} can say them in {@code Allow} (Quarkus REST's own 405 names none).
 * The document is the contract: what it lists for a path is what the path allows.
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class AllowedMethods implements OASFilter {

    private record Route(Pattern path, String allow) {
    }

    private static volatile List<Route> routes = List.of();

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        List<Route> indexed = new ArrayList<>();
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            TreeSet<String> methods = new TreeSet<>();
            path.getValue().getOperations().keySet()
                    .forEach(method -> methods.add(method.name().toUpperCase(Locale.ROOT)));
            if (methods.contains("GET")) {
                // Quarkus answers HEAD wherever it answers GET.
                methods.add("HEAD");
            }
            indexed.add(new Route(template(path.getKey()), String.join(", ", methods)));
        }
        routes = List.copyOf(indexed);
    }

    /** The {@code Allow} value for a request path, if the document lists that path. */
    public static Optional<String> forPath(String requestPath) {
        return routes.stream().filter(route -> route.path().matcher(requestPath).matches()).map(Route::allow)
                .findFirst();
    }

    private static Pattern template(String path) {
        // Each {parameter} matches one path segment; the literal parts match as written.
        List<String> literals = java.util.Arrays.stream(path.split("\\{[^}/]+}", -1)).map(Pattern::quote).toList();
        return Pattern.compile(String.join("[^/]+", literals) + "/?");
    }
}
