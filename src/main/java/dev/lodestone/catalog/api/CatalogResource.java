package dev.lodestone.catalog.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.catalog.CatalogConfig;
import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.CatalogKeys;
import dev.lodestone.catalog.CatalogPublisher;
import dev.lodestone.ingest.EventValidator;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.errors.FieldError;
import dev.lodestone.platform.errors.JsonProblems;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The catalog: writes go to {@code catalog-items}; reads come from the Redis copy. */
@Path("/v1/catalog")
@Tag(name = CatalogResource.TAG, description = "Items, categories, brands, prices and stock")
public class CatalogResource {

    static final String TAG = "Catalog";

    /** Answer of a batch write. */
    @Schema(examples = "{\"accepted\":2}")
    public record BatchAccepted(
            @Schema(description = "items the broker acknowledged")
            int accepted) {}

    /** The documented body of a batch write (the resource reads the JSON itself, to name each item's problems). */
    @Schema(description = "Items to create or replace; each names its itemId.")
    public record CatalogBatch(
            @Schema(required = true, minItems = 1) List<CatalogItem> items) {}

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final int MAX_LEVELS = CatalogItem.MAX_LEVELS;
    private static final int MAX_TEXT = CatalogItem.MAX_TEXT;
    private static final int MAX_TAGS = CatalogItem.MAX_TAGS;

    private final CatalogPublisher publisher;
    private final ReactiveRedisDataSource redis;
    private final int maxBatch;

    CatalogResource(CatalogPublisher publisher, ReactiveRedisDataSource redis, CatalogConfig config) {
        this.publisher = publisher;
        this.redis = redis;
        this.maxBatch = config.maxBatch();
    }

    @PUT
    @Path("/items/{itemId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Operation(
            operationId = "putCatalogItem",
            summary = "Create or replace one catalog item; 200 once the broker has it",
            description = "Marketer and admin tokens only: an item's price and stock are the shop's facts."
                    + " Points are earned on the price the storefront's server reports with a purchase event,"
                    + " not on this price.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = CatalogItem.class)))
    @APIResponse(
            responseCode = "200",
            description = "the item as stored",
            content = @Content(schema = @Schema(implementation = CatalogItem.class)))
    @APIResponse(responseCode = "400", description = "invalid_item: errors names each field; nothing was stored")
    public Uni<CatalogItem> put(@PathParam("itemId") String itemId, byte[] body) {
        Ids.require("itemId", itemId);
        CatalogItem item = parseItem(readTree(body), itemId, null);
        return publisher.put(List.of(item)).replaceWith(item);
    }

    @POST
    @Path("/items:batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Operation(
            operationId = "putCatalogItems",
            summary = "Create or replace many items: {\"items\":[{\"itemId\":…,…}]} or a bare array",
            description = "Marketer and admin tokens only, as for a single item.")
    @RequestBody(
            required = true,
            description = "Up to lodestone.catalog.max-batch items, each with its itemId.",
            content = @Content(schema = @Schema(oneOf = {CatalogBatch.class, CatalogItem[].class})))
    @APIResponse(
            responseCode = "200",
            description = "every item is on the broker",
            content = @Content(schema = @Schema(implementation = BatchAccepted.class)))
    @APIResponse(
            responseCode = "400",
            description = "invalid_items or invalid_item: errors names index and field; nothing was stored")
    @APIResponse(responseCode = "413", description = "too_many_items or payload_too_large")
    public Uni<BatchAccepted> batch(byte[] body) {
        JsonNode root = readTree(body);
        JsonNode array = root.isObject() ? root.get("items") : root;
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw ApiException.badRequest("items", "must be a non-empty array of items");
        }
        if (array.size() > maxBatch) {
            throw new ApiException(
                    413, "too_many_items", "the batch has " + array.size() + " items; the limit is " + maxBatch);
        }
        List<CatalogItem> items = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode node = array.get(i);
            JsonNode id = node.get("itemId");
            if (id == null || !id.isTextual() || !Ids.valid(id.asText())) {
                throw ApiException.invalid(
                        "invalid_items",
                        "item " + i + " has no valid itemId",
                        List.of(new FieldError(i, "itemId", "is required and " + Ids.RULE)));
            }
            items.add(parseItem(node, id.asText(), i));
        }
        return publisher.put(items).replaceWith(new BatchAccepted(items.size()));
    }

    @GET
    @Path("/items/{itemId}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.MARKETER, Roles.AGENT, Roles.ADMIN})
    @Operation(operationId = "getCatalogItem", summary = "One catalog item, from the serving copy")
    @APIResponse(
            responseCode = "200",
            description = "the item",
            content = @Content(schema = @Schema(implementation = CatalogItem.class)))
    @APIResponse(responseCode = "404", description = "not_found: no such item")
    @ProjectionRead
    public Uni<Response> get(@PathParam("itemId") String itemId) {
        Ids.require("itemId", itemId);
        return redis.value(String.class).get(CatalogKeys.catalogItem(itemId)).map(json -> {
            if (json == null) {
                throw ApiException.notFound("item", itemId);
            }
            return Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build();
        });
    }

    @DELETE
    @Path("/items/{itemId}")
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Operation(
            operationId = "deleteCatalogItem",
            summary = "Delete an item: a tombstone on catalog-items; it disappears from every list",
            description = "Marketer and admin tokens only.")
    @APIResponse(responseCode = "204", description = "the tombstone is on the broker")
    @APIResponse(responseCode = "404", description = "not_found: no such item")
    @ProjectionRead
    public Uni<Response> delete(@PathParam("itemId") String itemId) {
        Ids.require("itemId", itemId);
        return redis.key().exists(CatalogKeys.catalogItem(itemId)).flatMap(exists -> {
            if (!exists) {
                throw ApiException.notFound("item", itemId);
            }
            return publisher.delete(itemId).replaceWith(Response.noContent().build());
        });
    }

    private static JsonNode readTree(byte[] body) {
        try {
            if (body == null || body.length == 0) {
                throw ApiException.badRequest("body", "is empty");
            }
            return EventValidator.READER.readTree(body);
        } catch (IOException e) {
            throw new ApiException(400, "malformed_json", "the body is not valid JSON", List.of(), Map.of());
        }
    }

    /** Validates one item; {@code index} is its position in a batch, null for a single PUT. */
    static CatalogItem parseItem(JsonNode node, String itemId, Integer index) {
        List<FieldError> errors = new ArrayList<>();
        CatalogItem item = null;
        if (node == null || !node.isObject()) {
            errors.add(new FieldError(index, "", "must be a JSON object"));
        } else {
            try {
                item = JsonSerde.MAPPER.treeToValue(node, CatalogItem.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                FieldError problem = JsonProblems.describe(e);
                errors.add(new FieldError(index, problem.field(), problem.reason()));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(index, "", "does not match the item shape"));
            }
        }
        if (item != null) {
            if (item.itemId() != null && !item.itemId().equals(itemId)) {
                errors.add(new FieldError(index, "itemId", "must match the path"));
            }
            String category = item.category();
            if (category == null || category.isBlank() || category.length() > MAX_TEXT) {
                errors.add(new FieldError(index, "category", "is required, a path such as 电子产品/手机"));
            } else {
                List<String> levels = List.of(category.split(CatalogItem.CATEGORY_SEPARATOR, -1));
                if (levels.size() > MAX_LEVELS || levels.stream().anyMatch(l -> l.isBlank() || !l.equals(l.strip()))) {
                    errors.add(new FieldError(
                            index, "category", "must be 1-" + MAX_LEVELS + " non-empty levels separated by '/'"));
                }
            }
            if (item.title() != null && item.title().length() > MAX_TEXT) {
                errors.add(new FieldError(index, "title", "must be at most " + MAX_TEXT + " characters"));
            }
            if (item.brand() != null && (item.brand().isBlank() || item.brand().length() > CatalogItem.MAX_BRAND)) {
                errors.add(new FieldError(index, "brand", "must be 1-" + CatalogItem.MAX_BRAND + " characters"));
            }
            if (item.price() != null
                    && (item.price() < 0 || item.price() > 1e9 || item.price().isNaN())) {
                errors.add(new FieldError(index, "price", "must be between 0 and 1000000000"));
            }
            if (item.currency() != null && !CURRENCY.matcher(item.currency()).matches()) {
                errors.add(new FieldError(index, "currency", "must be an ISO-4217 code such as CNY"));
            }
            if (item.stock() != null && item.stock() < 0) {
                errors.add(new FieldError(index, "stock", "must not be negative"));
            }
            if (item.tags() != null
                    && (item.tags().size() > MAX_TAGS
                            || item.tags().stream().anyMatch(t -> t == null || t.isBlank() || t.length() > 64))) {
                errors.add(new FieldError(index, "tags", "at most " + MAX_TAGS + " tags of 1-64 characters"));
            }
            if (item.attributes() != null
                    && (item.attributes().size() > MAX_TAGS
                            || item.attributes().entrySet().stream()
                                    .anyMatch(e -> e.getKey().length() > 64
                                            || e.getValue() == null
                                            || e.getValue().length() > 256))) {
                errors.add(new FieldError(index, "attributes", "at most " + MAX_TAGS + " string attributes"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("invalid_item", "the item is invalid", errors);
        }
        return item.withIdAndTime(itemId, Instant.now());
    }
}
