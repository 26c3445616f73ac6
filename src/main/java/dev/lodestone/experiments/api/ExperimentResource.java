package dev.lodestone.experiments.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.experiments.Experiment;
import dev.lodestone.experiments.ExperimentResults;
import dev.lodestone.experiments.ExperimentRules;
import dev.lodestone.experiments.ExperimentsConfig;
import dev.lodestone.experiments.store.ExperimentPublisher;
import dev.lodestone.experiments.store.ExperimentReads;
import dev.lodestone.experiments.store.ExperimentRegistry;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.errors.FieldError;
import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.points.api.PointsRequests;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A/B experiments on recommendation ranking: defined, started and stopped by marketers, read with their results. */
@Path("/v1/experiments")
@Tag(name = ExperimentResource.TAG, description = "A/B experiments on recommendation ranking and their results")
public class ExperimentResource {

    static final String TAG = "Experiments";

    /** The documented body of {@code PUT /v1/experiments/{id}} (read field by field, to name the one at fault). */
    @Schema(
            name = "ExperimentInput",
            requiredProperties = {"variants"},
            examples = "{\"variants\":[{\"name\":\"control\",\"share\":50},{\"name\":\"b\",\"share\":50,"
                    + "\"settings\":{\"trendingWeight\":0.2,\"maxPerCategory\":3}}],\"active\":true}")
    public record ExperimentInput(
            @Schema(
                    description = "1-10 variants, the first is the control; shares are percentages adding up"
                            + " to 100; settings override the ranking settings by name (RankerSettings)")
            List<Experiment.Variant> variants,

            @Schema(description = "true starts it (at most one experiment runs at a time), false stops it")
            Boolean active) {}

    private final ExperimentRegistry registry;
    private final ExperimentPublisher publisher;
    private final ExperimentReads reads;
    private final ExperimentsConfig config;

    ExperimentResource(
            ExperimentRegistry registry,
            ExperimentPublisher publisher,
            ExperimentReads reads,
            ExperimentsConfig config) {
        this.registry = registry;
        this.publisher = publisher;
        this.reads = reads;
        this.config = config;
    }

    @PUT
    @Path("/{experimentId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Operation(
            operationId = "putExperiment",
            summary = "Define, start or stop an experiment on recommendation ranking",
            description = "Marketer and admin tokens only: an experiment changes how every shopper's"
                    + " recommendations are ranked. It moves no value (no points, coupons or prizes). Answers"
                    + " once the broker has the definition; every instance serves under it within a second.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ExperimentInput.class)))
    @APIResponse(
            responseCode = "200",
            description = "the experiment as stored",
            content = @Content(schema = @Schema(implementation = Experiment.class)))
    @APIResponse(responseCode = "409", description = "conflict: another experiment is running; stop it first")
    public Uni<Experiment> put(@PathParam("experimentId") String experimentId, byte[] body) {
        requireId(experimentId);
        JsonNode json = PointsRequests.object(body);
        Experiment previous = registry.get(experimentId);
        Experiment experiment = ExperimentRules.parse(experimentId, json, previous, Instant.now());
        Experiment running = registry.running();
        if (experiment.active() && running != null && !running.experimentId().equals(experimentId)) {
            throw new ApiException(
                    409,
                    "conflict",
                    "experiment " + running.experimentId() + " is running; stop it before starting another",
                    List.of(FieldError.of("active", "another experiment is running: " + running.experimentId())),
                    Map.of());
        }
        return publisher
                .put(experiment)
                .invoke(() -> registry.applied(experiment))
                .replaceWith(experiment);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Operation(operationId = "listExperiments", summary = "Every experiment, running or not")
    public List<Experiment> list() {
        return registry.all();
    }

    @GET
    @Path("/{experimentId}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Operation(operationId = "getExperiment", summary = "One experiment's definition")
    @APIResponse(
            responseCode = "200",
            description = "the experiment",
            content = @Content(schema = @Schema(implementation = Experiment.class)))
    @APIResponse(responseCode = "404", description = "not_found: no such experiment")
    public Experiment get(@PathParam("experimentId") String experimentId) {
        requireId(experimentId);
        return find(experimentId);
    }

    @GET
    @Path("/{experimentId}/results")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Operation(
            operationId = "getExperimentResults",
            summary = "Per variant: exposures, CTR, conversion, revenue per shopper, 95 % intervals, difference"
                    + " to control with always-valid intervals, and the sample-ratio-mismatch check",
            description = "Safe to read as often as wanted: the always-valid intervals keep their error rate"
                    + " under continuous monitoring (docs/experiments.md).")
    @APIResponse(
            responseCode = "200",
            description = "the results",
            content = @Content(schema = @Schema(implementation = ExperimentResults.class)))
    @APIResponse(responseCode = "404", description = "not_found: no such experiment")
    @ProjectionRead
    public Uni<ExperimentResults> results(@PathParam("experimentId") String experimentId) {
        requireId(experimentId);
        Experiment experiment = find(experimentId);
        return reads.totals(experiment)
                .map(totals -> ExperimentResults.of(
                        experiment, totals, config.alpha(), config.mixtureLift(), config.srmThreshold()));
    }

    private Experiment find(String experimentId) {
        Experiment experiment = registry.get(experimentId);
        if (experiment == null) {
            throw ApiException.notFound("experiment", experimentId);
        }
        return experiment;
    }

    private static void requireId(String experimentId) {
        if (!ExperimentRules.validId(experimentId)) {
            throw ApiException.badRequest("experimentId", "must be 1-48 letters, digits, '_', '-' or '.'");
        }
    }
}
