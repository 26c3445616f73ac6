package dev.lodestone.points.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.errors.FieldError;
import dev.lodestone.platform.errors.JsonProblems;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.points.PointsKeys;
import dev.lodestone.points.PointsRules;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.points.store.PointsGateway;
import dev.lodestone.points.streams.PointsTopology;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET/PUT /v1/points/rules}. The compacted topic {@code points-rules} is the truth the ledger
 * reads; Redis keeps a copy for this GET.
 */
@Path("/v1/points/rules")
@Tag(name = PointsResource.TAG)
public class RulesResource {

    private final ReactiveRedisDataSource redis;
    private final PointsGateway gateway;

    RulesResource(ReactiveRedisDataSource redis, PointsGateway gateway) {
        this.redis = redis;
        this.gateway = gateway;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN, Roles.STOREFRONT, Roles.AGENT})
    @Operation(
            operationId = "getPointsRules",
            summary = "The earn rules in force",
            description = "Marketer, admin, storefront and agent tokens: staff read what events earn.")
    @ProjectionRead
    public Uni<PointsRules> get() {
        return redis.value(String.class).get(PointsKeys.POINTS_RULES).map(json -> {
            if (json == null) {
                return PointsRules.defaults();
            }
            try {
                return JsonSerde.MAPPER.readValue(json, PointsRules.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Operation(
            operationId = "putPointsRules",
            summary = "Replace the earn rules; omitted fields take their defaults",
            description = "Marketer and admin tokens only: the rules decide how many points every purchase,"
                    + " review and share earns, so they are the one place that sets the value of points.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = PointsRules.class)))
    @APIResponse(
            responseCode = "200",
            description = "the rules in force from now on",
            content = @Content(schema = @Schema(implementation = PointsRules.class)))
    @APIResponse(responseCode = "400", description = "invalid_request: errors names each field")
    public Uni<PointsRules> put(byte[] body) {
        JsonNode json = PointsRequests.object(body);
        PointsRules given;
        try {
            given = JsonSerde.MAPPER.treeToValue(json, PointsRules.class);
        } catch (JsonProcessingException e) {
            FieldError problem = JsonProblems.describe(e);
            throw ApiException.invalid(
                    "invalid_request",
                    "the rules have a value of the wrong type: " + problem.field(),
                    List.of(problem));
        }
        PointsRules d = PointsRules.defaults();
        PointsRules rules = new PointsRules(
                given.purchasePointsPerUnit() == null ? d.purchasePointsPerUnit() : given.purchasePointsPerUnit(),
                given.reviewPoints() == null ? d.reviewPoints() : given.reviewPoints(),
                given.sharePoints() == null ? d.sharePoints() : given.sharePoints(),
                given.shareDailyCap() == null ? d.shareDailyCap() : given.shareDailyCap(),
                given.reviewDailyCap() == null ? d.reviewDailyCap() : given.reviewDailyCap(),
                given.firstPurchaseBonus() == null ? d.firstPurchaseBonus() : given.firstPurchaseBonus(),
                given.campaigns() == null ? List.of() : given.campaigns(),
                Instant.now());
        List<FieldError> problems =
                rules.problems().stream().map(p -> FieldError.of(p[0], p[1])).toList();
        if (!problems.isEmpty()) {
            throw ApiException.invalid("invalid_request", "the rules have invalid values", problems);
        }
        String stored;
        try {
            stored = JsonSerde.MAPPER.writeValueAsString(rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gateway.send(PointsTopics.POINTS_RULES, PointsTopology.RULES_KEY, rules)
                .chain(() -> redis.value(String.class).set(PointsKeys.POINTS_RULES, stored))
                .replaceWith(rules);
    }
}
