package io.eventplatform.shared.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import io.eventplatform.shared.http.ConditionalGet;
import io.eventplatform.shared.problem.ProblemResponses;
import io.eventplatform.shared.problem.ProblemType;
import io.eventplatform.shared.ticket.InvalidTicketException;
import io.eventplatform.shared.ticket.TicketCodec;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * What every service's OpenAPI document says the same way, written once: the problem+json schema
 * on every error response (with the problem {@code type}s it may carry), the error answers every
 * operation of a kind can give, the {@code X-Ticket} header as a security scheme, and servers that
 * work locally and behind the ALB. Runs at build time, so native images serve the same document.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ApiDocumentFilter implements OASFilter {

    /** Extension on an error response: the problem type slugs it may carry, comma-separated. */
    public static final String PROBLEM_TYPES = "x-problem-types";
    /** The bearer JWT scheme (its name comes from quarkus.smallrye-openapi.security-scheme-name). */
    public static final String JWT = "jwt";
    /** The attendee's ticket token in the X-Ticket header. */
    public static final String TICKET = "ticket";

    private static final String PROBLEM = "Problem";
    private static final String VIOLATION = "Violation";
    private static final String REF_PREFIX = "#/components/schemas/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().addSchema(PROBLEM, problemSchema());
        openAPI.getComponents().addSchema(VIOLATION, violationSchema());
        openAPI.getComponents().addSecurityScheme(TICKET, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(TicketCodec.HEADER)
                .description("The attendee's ticket token, as the registration answer gave it "
                        + "(ES256-signed; the QR code encodes the same token)."));
        openAPI.getComponents().getSecuritySchemes().get(JWT)
                .description("A JWT from the identity provider (Cognito in AWS; `./platform token ROLE` locally) "
                        + "whose `groups` name the caller's roles: organizer, staff or kiosk.");
        openAPI.servers(List.of(
                OASFactory.createServer().url("http://localhost:8080")
                        .description("The local platform's gateway (`./platform run`)"),
                OASFactory.createServer().url("https://{host}")
                        .description("The platform behind its load balancer in AWS")
                        .variables(Map.of("host", OASFactory.createServerVariable().defaultValue("events.eventplatform.dev")
                                .description("The platform's public host name")))));
        openAPI.getComponents().addParameter(ConditionalGet.PARAMETER, OASFactory.createParameter()
                .name("If-None-Match").in(Parameter.In.HEADER).required(false)
                .description("The `ETag` of the copy the client holds; when it is still current the answer is "
                        + "`304 Not Modified` with no body.")
                .schema(OASFactory.createSchema().addType(SchemaType.STRING))
                .example("W/\"q0sYwJ2Zb3Hn5q3VnUQ2_A\""));
        inlineScalarSchemas(openAPI);
        if (openAPI.getPaths() == null) {
            return;
        }
        boolean conditional = false;
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            for (Operation operation : path.getValue().getOperations().values()) {
                describe(path.getKey(), operation);
                conditional |= conditional(operation);
            }
        }
        if (!conditional) {
            // A service without conditional GETs does not list the parameter (no unused components).
            openAPI.getComponents().removeParameter(ConditionalGet.PARAMETER);
        }
    }

    private static void describe(String path, Operation operation) {
        Ticket ticket = ticketParameter(operation);
        boolean jwt = requires(operation, JWT);
        if (ticket == Ticket.REQUIRED) {
            operation.setSecurity(List.of(requirement(TICKET)));
        } else if (ticket == Ticket.OPTIONAL) {
            // Open to anyone; a ticket or an organizer's JWT shows more.
            operation.setSecurity(List.of(OASFactory.createSecurityRequirement(), requirement(TICKET),
                    requirement(JWT)));
        }
        APIResponses responses = operation.getResponses();
        if (conditional(operation)) {
            APIResponse ok = responses.getAPIResponse("200");
            if (ok != null) {
                ok.addHeader("ETag", etagHeader()).addHeader("Cache-Control", cacheControlHeader());
            }
            responses.addAPIResponse("304", OASFactory.createAPIResponse()
                    .description("Not modified: the copy named in If-None-Match is current; no body")
                    .addHeader("ETag", etagHeader()).addHeader("Cache-Control", cacheControlHeader()));
        }
        if (!jwt && mentions(operation, JWT)) {
            // An optional token: none is fine, but one that is present must be valid.
            addIfMissing(responses, "401", "The bearer token given is not valid", ProblemType.UNAUTHORIZED);
        }
        if (hasInput(operation)) {
            addIfMissing(responses, "400", "Invalid input: `violations` names each field",
                    ProblemType.VALIDATION, ProblemType.MALFORMED_REQUEST);
        }
        if (jwt) {
            addIfMissing(responses, "401", "No valid bearer token", ProblemType.UNAUTHORIZED);
            addIfMissing(responses, "403", "The token's role may not do this", ProblemType.FORBIDDEN);
        }
        if (ticket == Ticket.REQUIRED) {
            addIfMissing(responses, "401", "Ticket missing, altered or not ours, expired, or replaced by a re-issue",
                    InvalidTicketException.TYPE, InvalidTicketException.EXPIRED, InvalidTicketException.REVOKED);
        }
        if (path.contains("{")) {
            addIfMissing(responses, "404", "No such resource", ProblemType.NOT_FOUND);
        }
        if (operation.getRequestBody() != null) {
            addIfMissing(responses, "413", "The body is larger than this operation accepts",
                    ProblemType.PAYLOAD_TOO_LARGE);
            addIfMissing(responses, "415", "The body's Content-Type is not one this operation reads",
                    ProblemType.UNSUPPORTED_MEDIA_TYPE);
        }
        for (Map.Entry<String, APIResponse> response : responses.getAPIResponses().entrySet()) {
            if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                problemContent(Integer.parseInt(response.getKey()), response.getValue());
            }
        }
    }

    /**
     * Java value types that JSON carries as strings (Instant, OffsetDateTime, ...) become inline
     * {@code type}/{@code format}, not components: no Java names in the contract, and a nullable one
     * is plainly nullable rather than an {@code allOf} that null cannot match.
     */
    private static void inlineScalarSchemas(OpenAPI openAPI) {
        Map<String, Schema> components = openAPI.getComponents().getSchemas();
        if (components == null) {
            return;
        }
        Map<String, Schema> scalars = new LinkedHashMap<>();
        components.forEach((name, schema) -> {
            if (schema.getProperties() == null && schema.getType() != null && schema.getType().size() == 1
                    && schema.getType().get(0) != SchemaType.OBJECT && schema.getType().get(0) != SchemaType.ARRAY) {
                scalars.put(REF_PREFIX + name, schema);
            }
        });
        if (scalars.isEmpty()) {
            return;
        }
        components.values().forEach(schema -> inline(schema, scalars));
        if (openAPI.getPaths() != null) {
            openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(operation -> {
                if (operation.getParameters() != null) {
                    operation.getParameters().forEach(parameter -> inline(parameter.getSchema(), scalars));
                }
                if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                    operation.getRequestBody().getContent().getMediaTypes().values()
                            .forEach(media -> inline(media.getSchema(), scalars));
                }
                if (operation.getResponses() != null) {
                    operation.getResponses().getAPIResponses().values().stream()
                            .filter(response -> response.getContent() != null)
                            .forEach(response -> response.getContent().getMediaTypes().values()
                                    .forEach(media -> inline(media.getSchema(), scalars)));
                }
            }));
        }
        scalars.keySet().forEach(ref -> openAPI.getComponents().removeSchema(ref.substring(REF_PREFIX.length())));
    }

    private static void inline(Schema schema, Map<String, Schema> scalars) {
        if (schema == null) {
            return;
        }
        Schema scalar = scalars.get(schema.getRef());
        boolean nullable = false;
        if (scalar != null) {
            schema.setRef(null);
        } else {
            // A reference with its own description or example is wrapped in allOf; a nullable one,
            // in the model, is anyOf [reference, null].
            for (List<Schema> members : java.util.Arrays.asList(schema.getAllOf(), schema.getAnyOf())) {
                if (members == null || members.isEmpty()) {
                    continue;
                }
                Schema referenced = null;
                boolean onlyReferenceAndNull = true;
                for (Schema member : members) {
                    if (scalars.containsKey(member.getRef()) && referenced == null) {
                        referenced = scalars.get(member.getRef());
                    } else if (member.getType() != null && member.getType().equals(List.of(SchemaType.NULL))) {
                        nullable = true;
                    } else {
                        onlyReferenceAndNull = false;
                    }
                }
                if (referenced != null && onlyReferenceAndNull) {
                    scalar = referenced;
                    schema.setAllOf(null);
                    schema.setAnyOf(null);
                    break;
                }
                nullable = false;
            }
        }
        if (scalar != null) {
            List<SchemaType> types = new ArrayList<>(scalar.getType());
            if (nullable || schema.getType() != null && schema.getType().contains(SchemaType.NULL)) {
                types.add(SchemaType.NULL);
            }
            schema.setType(types);
            schema.setFormat(scalar.getFormat());
            if (schema.getExamples() == null && schema.getExample() == null) {
                schema.setExample(scalar.getExample());
            }
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> inline(property, scalars));
        }
        inline(schema.getItems(), scalars);
        inline(schema.getAdditionalPropertiesSchema(), scalars);
    }

    private enum Ticket { NONE, OPTIONAL, REQUIRED }

    /** Removes the X-Ticket header parameter, which the {@link #TICKET} scheme stands for. */
    private static Ticket ticketParameter(Operation operation) {
        if (operation.getParameters() == null) {
            return Ticket.NONE;
        }
        for (Parameter parameter : List.copyOf(operation.getParameters())) {
            if (parameter.getIn() == Parameter.In.HEADER && TicketCodec.HEADER.equalsIgnoreCase(parameter.getName())) {
                operation.removeParameter(parameter);
                return Boolean.TRUE.equals(parameter.getRequired()) ? Ticket.REQUIRED : Ticket.OPTIONAL;
            }
        }
        return Ticket.NONE;
    }

    /** Whether the operation names the shared If-None-Match parameter ({@link ConditionalGet}). */
    private static boolean conditional(Operation operation) {
        return operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> parameter.getRef() != null
                        && parameter.getRef().endsWith("/" + ConditionalGet.PARAMETER));
    }

    private static org.eclipse.microprofile.openapi.models.headers.Header etagHeader() {
        return OASFactory.createHeader().description("A weak validator of this answer; send it back in If-None-Match")
                .schema(OASFactory.createSchema().addType(SchemaType.STRING));
    }

    private static org.eclipse.microprofile.openapi.models.headers.Header cacheControlHeader() {
        return OASFactory.createHeader()
                .description("`public, max-age=N` for an anonymous caller (shared caches may keep it briefly); "
                        + "`private, no-store` for a caller with a token or ticket")
                .schema(OASFactory.createSchema().addType(SchemaType.STRING));
    }

    private static boolean mentions(Operation operation, String scheme) {
        List<SecurityRequirement> security = operation.getSecurity();
        return security != null && security.stream().anyMatch(requirement -> requirement.hasScheme(scheme));
    }

    private static boolean requires(Operation operation, String scheme) {
        List<SecurityRequirement> security = operation.getSecurity();
        return security != null && !security.isEmpty()
                && security.stream().allMatch(requirement -> requirement.hasScheme(scheme));
    }

    private static SecurityRequirement requirement(String scheme) {
        return OASFactory.createSecurityRequirement().addScheme(scheme);
    }

    private static boolean hasInput(Operation operation) {
        if (operation.getRequestBody() != null) {
            return true;
        }
        if (operation.getParameters() == null) {
            return false;
        }
        for (Parameter parameter : operation.getParameters()) {
            Schema schema = parameter.getSchema();
            if (parameter.getIn() != Parameter.In.PATH || schema != null && (schema.getPattern() != null
                    || schema.getMaxLength() != null || schema.getMinLength() != null)) {
                return true;
            }
        }
        return false;
    }

    private static void addIfMissing(APIResponses responses, String status, String description,
            ProblemType... types) {
        if (responses.hasAPIResponse(status)) {
            return;
        }
        List<String> slugs = new ArrayList<>();
        for (ProblemType type : types) {
            slugs.add(slug(type));
        }
        responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                .addExtension(PROBLEM_TYPES, String.join(",", slugs)));
    }

    /** The problem+json body of an error response, with the types it may carry as examples. */
    private static void problemContent(int status, APIResponse response) {
        List<String> slugs = new ArrayList<>();
        Object declared = response.getExtensions() == null ? null : response.getExtensions().get(PROBLEM_TYPES);
        if (declared instanceof String list && !list.isBlank()) {
            for (String slug : list.split(",")) {
                slugs.add(slug.trim());
            }
        } else {
            slugs.add(slug(ProblemType.forStatus(status)));
        }
        List<String> uris = slugs.stream().map(slug -> ProblemType.BASE + slug).toList();
        response.addExtension(PROBLEM_TYPES, uris);
        Map<String, Example> examples = new LinkedHashMap<>();
        for (String slug : slugs) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", ProblemType.BASE + slug);
            problem.put("title", ProblemType.forStatus(status).title());
            problem.put("status", status);
            problem.put("detail", response.getDescription());
            examples.put(slug, OASFactory.createExample().summary(slug).value(problem));
        }
        Content content = OASFactory.createContent().addMediaType(ProblemResponses.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)).examples(examples));
        response.setContent(content);
        if (status == 503 || status == 429) {
            response.addHeader("Retry-After", OASFactory.createHeader()
                    .description("Seconds to wait before retrying")
                    .schema(OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32")));
        }
    }

    private static String slug(ProblemType type) {
        return type.uri().toString().substring(ProblemType.BASE.length());
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("RFC 9457 problem details: the body of every 4xx and 5xx answer (docs/errors.md).")
                .addRequired("type").addRequired("title").addRequired("status")
                .addProperty("type", OASFactory.createSchema().addType(SchemaType.STRING).format("uri")
                        .description("Stable URI naming the kind of problem; clients switch on it. "
                                + "Each error response lists the types it may carry in `x-problem-types`.")
                        .examples(List.of(ProblemType.VALIDATION.uri().toString())))
                .addProperty("title", OASFactory.createSchema().addType(SchemaType.STRING)
                        .description("Short human summary of the kind").examples(List.of("Invalid request")))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32")
                        .description("The HTTP status").examples(List.of(400)))
                .addProperty("detail", OASFactory.createSchema().addType(SchemaType.STRING)
                        .description("Human explanation of this occurrence")
                        .examples(List.of("The request has invalid fields.")))
                .addProperty("instance", OASFactory.createSchema().addType(SchemaType.STRING)
                        .description("The request path it happened on")
                        .examples(List.of("/api/registration/events/devconf-2026/registrations")))
                .addProperty("violations", OASFactory.createSchema().addType(SchemaType.ARRAY)
                        .description("Per-field problems of a validation error")
                        .items(OASFactory.createSchema().ref(VIOLATION)));
    }

    private static Schema violationSchema() {
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("One invalid field of a request")
                .addRequired("field").addRequired("message")
                .addProperty("field", OASFactory.createSchema().addType(SchemaType.STRING)
                        .description("The field's path in the request").examples(List.of("attendee.email")))
                .addProperty("message", OASFactory.createSchema().addType(SchemaType.STRING)
                        .description("What is wrong with it").examples(List.of("must be a well-formed email address")));
    }
}
