package dev.lodestone.platform.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * Completes the OpenAPI document with what the platform answers for every operation, so that the
 * resources declare only what is theirs (success codes, bodies, 404/409/422) and a client generator
 * still sees every status with the one error type, {@code ApiError}.
 *
 * <ul>
 *   <li>secured operations: 401 and 403 (security), 429 (rate limits), 503 (Redis or the broker
 *       unreachable, projections rebuilding), and the roles of {@code @RolesAllowed} as {@code x-roles}
 *       and in the description;
 *   <li>operations with parameters or a body: 400; with a body: 413;
 *   <li>every error response without content gets {@code ApiError}; 429 and 503 get {@code Retry-After};
 *   <li>open operations say so ({@code security: []}), and responses are ordered by status.
 * </ul>
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ApiDocumentFilter implements OASFilter {

    /** The one error shape (platform/errors), as the annotation scanner names its schema. */
    public static final String ERROR_SCHEMA = "ApiError";

    /** The operation extension that lists the roles allowed to call it. */
    public static final String ROLES_EXTENSION = "x-roles";

    static final String RETRY_AFTER = "Retry-After";

    /** What each platform-wide status means, used where an operation does not say more. */
    private static final Map<String, String> ERRORS = Map.of(
            "400",
            "invalid_request or malformed_json: a parameter or the body is invalid; errors names each field",
            "401",
            "unauthenticated: no valid bearer token (WWW-Authenticate: Bearer)",
            "403",
            "forbidden: this token's role may not call the operation, or a shopper token named another shopper",
            "404",
            "not_found",
            "413",
            "payload_too_large: the body is larger than the server accepts",
            "429",
            "rate_limited: the client's request budget is spent; retry after Retry-After seconds",
            "503",
            "unavailable or rebuilding: the read store or the broker is unreachable, or the projections are"
                    + " being rebuilt; retry after Retry-After seconds");

    private static final Map<String, String> SUCCESSES = Map.of(
            "200", "OK",
            "201", "created",
            "202", "accepted; the result follows asynchronously",
            "204", "done; no content");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getServers() == null || openAPI.getServers().isEmpty()) {
            // The document is served by the engine it describes: requests go to the same origin.
            openAPI.addServer(OASFactory.createServer().url("/").description("the engine serving this document"));
        }
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem path : openAPI.getPaths().getPathItems().values()) {
            if (path.getOperations() == null) {
                continue;
            }
            for (Operation operation : path.getOperations().values()) {
                complete(
                        operation,
                        !(path.getParameters() == null || path.getParameters().isEmpty()));
            }
        }
    }

    private static void complete(Operation operation, boolean pathParameters) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
            // Open on purpose: say so, rather than leave a generator guessing.
            operation.setSecurity(new ArrayList<>());
        } else {
            List<String> roles = roles(operation);
            if (!roles.isEmpty()) {
                operation.addExtension(ROLES_EXTENSION, roles);
                String note = "Roles: " + String.join(", ", roles) + ".";
                String description = operation.getDescription();
                operation.setDescription(
                        description == null || description.isBlank() ? note : description + "\n\n" + note);
            }
            addIfMissing(responses, "401", "403", "429", "503");
        }
        boolean hasBody = operation.getRequestBody() != null;
        boolean hasParameters = pathParameters
                || !(operation.getParameters() == null
                        || operation.getParameters().isEmpty());
        if (hasBody || hasParameters) {
            addIfMissing(responses, "400");
        }
        if (hasBody) {
            addIfMissing(responses, "413");
        }
        Map<String, APIResponse> ordered = new TreeMap<>(responses.getAPIResponses());
        ordered.forEach(ApiDocumentFilter::describe);
        responses.setAPIResponses(new LinkedHashMap<>(ordered));
    }

    private static void addIfMissing(APIResponses responses, String... codes) {
        for (String code : codes) {
            if (!responses.hasAPIResponse(code)) {
                responses.addAPIResponse(code, OASFactory.createAPIResponse());
            }
        }
    }

    /** Gives a response its required description and, for an error, the one error schema. */
    private static void describe(String code, APIResponse response) {
        boolean error = code.startsWith("4") || code.startsWith("5");
        String description = response.getDescription();
        if (description == null || description.isBlank() || isGeneric(description)) {
            response.setDescription(error ? ERRORS.getOrDefault(code, "error") : SUCCESSES.getOrDefault(code, "OK"));
        }
        if (!error) {
            return;
        }
        if (response.getContent() == null
                || response.getContent().getMediaTypes() == null
                || response.getContent().getMediaTypes().isEmpty()) {
            response.setContent(OASFactory.createContent()
                    .addMediaType(
                            "application/json",
                            OASFactory.createMediaType()
                                    .schema(OASFactory.createSchema().ref(ERROR_SCHEMA))));
        }
        if ((code.equals("429") || code.equals("503"))
                && (response.getHeaders() == null || !response.getHeaders().containsKey(RETRY_AFTER))) {
            response.addHeader(
                    RETRY_AFTER,
                    OASFactory.createHeader()
                            .description("seconds to wait before retrying")
                            .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        }
        if (code.equals("401")
                && (response.getHeaders() == null || !response.getHeaders().containsKey("WWW-Authenticate"))) {
            response.addHeader(
                    "WWW-Authenticate",
                    OASFactory.createHeader()
                            .description("Bearer")
                            .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        }
    }

    /** The scanner's own placeholders for 401 and 403, replaced by what the engine actually answers. */
    private static boolean isGeneric(String description) {
        return description.equals("Not Authorized") || description.equals("Not Allowed");
    }

    /** The roles of {@code @RolesAllowed}, as the scanner put them on the bearer requirement. */
    private static List<String> roles(Operation operation) {
        Set<String> roles = new LinkedHashSet<>();
        if (operation.getSecurity() != null) {
            for (SecurityRequirement requirement : operation.getSecurity()) {
                if (requirement.getSchemes() != null) {
                    requirement.getSchemes().values().forEach(roles::addAll);
                }
            }
        }
        return List.copyOf(roles);
    }
}
