package dev.lodestone.platform.openapi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document is one a client generator can use: every operation named, typed and with every
 * status it can answer. Also writes it to {@code target/openapi.json} for the linter and the generated
 * client (examples/storefront-ts).
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final Path WRITTEN = Path.of("target", "openapi.json");
    private static final String ERROR_REF = "#/components/schemas/ApiError";
    private static final Set<String> PLATFORM_ANSWERS = Set.of("401", "403", "429", "503");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /** What the engine answers on success, where that is not a plain 200. */
    private static final Map<String, Set<String>> SUCCESS_CODES = Map.of(
            "postEvents", Set.of("202"),
            "forgetShopper", Set.of("202"),
            "deleteCatalogItem", Set.of("204"),
            "redeemPoints", Set.of("201", "202"),
            "exchangeGift", Set.of("201", "202"),
            "redeemCoupon", Set.of("201"),
            "getRedemption", Set.of("200", "202"),
            "getExchange", Set.of("200", "202"));

    /** Refusals the resources themselves answer (the platform's own are checked for every operation). */
    private static final Map<String, Set<String>> REFUSALS = Map.of(
            "getCatalogItem", Set.of("404"),
            "deleteCatalogItem", Set.of("404"),
            "getActivity", Set.of("404"),
            "getProfile", Set.of("404"),
            "getGift", Set.of("404"),
            "redeemPoints", Set.of("409", "422"),
            "exchangeGift", Set.of("404", "409", "422"),
            "redeemCoupon", Set.of("404", "409", "422"),
            "postEvents", Set.of("400", "403", "413"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonNode document;

    @BeforeEach
    void fetchAndWrite() throws IOException {
        String body = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Files.createDirectories(WRITTEN.getParent());
        Files.writeString(WRITTEN, body);
        document = JSON.readTree(body);
    }

    @Test
    void shouldNameTagAndDescribeEveryOperation() {
        Set<String> ids = new HashSet<>();
        forEachOperation((name, operation) -> {
            String id = operation.path("operationId").asText("");
            assertFalse(id.isEmpty(), name + " has no operationId");
            assertTrue(ids.add(id), "operationId " + id + " is used twice");
            assertFalse(operation.path("tags").isEmpty(), name + " has no tag");
            operation
                    .path("responses")
                    .properties()
                    .forEach(response -> assertFalse(
                            response.getValue().path("description").asText("").isBlank(),
                            name + " " + response.getKey() + " has no description"));
            assertTrue(
                    codes(operation).stream().anyMatch(code -> code.startsWith("2")),
                    name + " documents no success response");
        });
    }

    @Test
    void shouldTypeEveryRequestBody() {
        forEachOperation((name, operation) -> {
            JsonNode body = operation.path("requestBody");
            if (body.isMissingNode()) {
                return;
            }
            JsonNode schema = body.path("content").path("application/json").path("schema");
            assertTrue(schema.has("$ref") || schema.has("oneOf"), name + " has an untyped body: " + schema);
        });
    }

    @Test
    void shouldAnswerEveryErrorWithTheOneErrorSchema() {
        forEachOperation((name, operation) -> operation
                .path("responses")
                .properties()
                .forEach(response -> {
                    if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                        assertEquals(
                                ERROR_REF,
                                response.getValue()
                                        .path("content")
                                        .path("application/json")
                                        .path("schema")
                                        .path("$ref")
                                        .asText(),
                                name + " " + response.getKey());
                    }
                }));
    }

    @Test
    void shouldDocumentTheSuccessCodesTheEngineAnswers() {
        Map<String, JsonNode> byId = operationsById();
        SUCCESS_CODES.forEach((id, expected) -> {
            Set<String> success = new TreeSet<>();
            codes(byId.get(id)).stream().filter(c -> c.startsWith("2")).forEach(success::add);
            assertEquals(new TreeSet<>(expected), success, id);
        });
    }

    @Test
    void shouldDocumentEachOperationsOwnRefusals() {
        Map<String, JsonNode> byId = operationsById();
        REFUSALS.forEach((id, expected) ->
                assertTrue(codes(byId.get(id)).containsAll(expected), id + " documents " + codes(byId.get(id))));
    }

    @Test
    void shouldDocumentSecurityRolesAndThePlatformsAnswersOnEverySecuredOperation() {
        assertEquals(
                "bearer",
                document.path("components")
                        .path("securitySchemes")
                        .path("bearer")
                        .path("scheme")
                        .asText());
        forEachOperation((name, operation) -> {
            assertTrue(operation.has("security"), name + " does not say whether it is secured");
            Set<String> roles = new LinkedHashSet<>();
            operation
                    .path("security")
                    .forEach(requirement -> requirement
                            .properties()
                            .forEach(scheme -> scheme.getValue().forEach(role -> roles.add(role.asText()))));
            if (operation.path("security").isEmpty()) {
                return;
            }
            List<String> declared = new ArrayList<>();
            operation.path("x-roles").forEach(role -> declared.add(role.asText()));
            assertFalse(declared.isEmpty(), name + " has no x-roles");
            assertEquals(roles, new LinkedHashSet<>(declared), name);
            assertTrue(codes(operation).containsAll(PLATFORM_ANSWERS), name + " documents " + codes(operation));
            for (String limited : List.of("429", "503")) {
                assertTrue(
                        operation
                                .path("responses")
                                .path(limited)
                                .path("headers")
                                .has("Retry-After"),
                        name + " " + limited + " without Retry-After");
            }
        });
    }

    private Set<String> codes(JsonNode operation) {
        Set<String> codes = new TreeSet<>();
        operation.path("responses").fieldNames().forEachRemaining(codes::add);
        return codes;
    }

    private Map<String, JsonNode> operationsById() {
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        forEachOperation(
                (name, operation) -> byId.put(operation.path("operationId").asText(name), operation));
        return byId;
    }

    private void forEachOperation(BiConsumer<String, JsonNode> check) {
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(method -> {
                    if (METHODS.contains(method.getKey())) {
                        check.accept(method.getKey().toUpperCase() + " " + path.getKey(), method.getValue());
                    }
                }));
    }
}
