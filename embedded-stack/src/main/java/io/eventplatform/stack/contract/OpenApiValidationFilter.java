package io.eventplatform.stack.contract;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;

import io.restassured.authentication.PreemptiveOAuth2HeaderScheme;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Holds every REST-assured exchange of a service's tests to the service's own OpenAPI document
 * (Atlassian's swagger-request-validator): each response must be one the document describes for
 * that operation and status, with no field the document does not name; each request the service
 * accepted must be one the document allows. Requests the service refused are not judged (tests send
 * bad input on purpose), but their problem+json answers are. Exchanges on paths the document does
 * not cover (health, metrics, Swagger UI, unknown paths, unsupported methods) pass untouched.
 */
public final class OpenApiValidationFilter implements Filter {

    private final String documentPath;
    private volatile OpenApiInteractionValidator validator;

    /** @param documentPath where the service serves its document, e.g. {@code /api/registration/openapi} */
    public OpenApiValidationFilter(String documentPath) {
        this.documentPath = documentPath;
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(request, responseSpec);
        // The document itself, and health and metrics on the management port, are not the API.
        if (request.getURI().contains(documentPath) || URI.create(request.getURI()).getPath().startsWith("/q/")) {
            return response;
        }
        OpenApiInteractionValidator validator = validator(request);
        Request validated = withBearerToken(RestAssuredRequest.of(request), request);
        ValidationReport report = validator.validateResponse(validated.getPath(), validated.getMethod(),
                RestAssuredResponse.of(response));
        if (response.statusCode() < 400) {
            report = report.merge(validator.validateRequest(validated));
        }
        if (report.hasErrors()) {
            throw new AssertionError("%s %s → %d does not match %s:%n%s%nresponse body: %s".formatted(
                    request.getMethod(), validated.getPath(), response.statusCode(), documentPath,
                    report.getMessages().stream().map(m -> "  - " + m.getKey() + ": " + m.getMessage())
                            .collect(Collectors.joining(System.lineSeparator())),
                    response.asString()));
        }
        return response;
    }

    /** REST-assured sends a preemptive bearer token without making it a header of the spec. */
    private static Request withBearerToken(Request sent, FilterableRequestSpecification request) {
        if (!(request.getAuthenticationScheme() instanceof PreemptiveOAuth2HeaderScheme bearer)) {
            return sent;
        }
        SimpleRequest.Builder copy = new SimpleRequest.Builder(sent.getMethod(), sent.getPath())
                .withAuthorization("Bearer " + bearer.getAccessToken());
        sent.getRequestBody().ifPresent(copy::withBody);
        sent.getHeaders().forEach((name, values) -> copy.withHeader(name, List.copyOf(values)));
        sent.getQueryParameters().forEach(name -> copy.withQueryParam(name, List.copyOf(sent.getQueryParameterValues(name))));
        return copy.build();
    }

    private OpenApiInteractionValidator validator(FilterableRequestSpecification request) {
        if (validator == null) {
            synchronized (this) {
                if (validator == null) {
                    validator = OpenApiInteractionValidator
                            .createForInlineApiSpecification(fetch(request.getBaseUri(), request.getPort()))
                            .withBasePathOverride("/")
                            .withLevelResolver(LevelResolver.create()
                                    // Paths and methods outside the document: health, Swagger UI, 404/405 tests.
                                    .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                                    .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.IGNORE)
                                    // A field the service sends but the document lacks is a failure.
                                    .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
                                    .build())
                            .build();
                }
            }
        }
        return validator;
    }

    private String fetch(String baseUri, int port) {
        URI uri = URI.create(baseUri + ":" + port + documentPath);
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new AssertionError("no OpenAPI document at " + uri + ": " + answer.statusCode());
            }
            return answer.body();
        } catch (IOException e) {
            throw new AssertionError("no OpenAPI document at " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while fetching " + uri, e);
        }
    }
}
