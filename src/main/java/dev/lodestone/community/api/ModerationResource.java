package dev.lodestone.community.api;

import static dev.lodestone.community.api.CommunityRequests.TAG;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.community.CommunityConfig;
import dev.lodestone.community.CommunityMetrics;
import dev.lodestone.community.GroupEvent;
import dev.lodestone.community.Message;
import dev.lodestone.community.store.CommunityReads;
import dev.lodestone.community.store.StoryPoints;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.points.api.PointsRequests;
import dev.lodestone.points.store.PointsGateway;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Moderators review reports and act: hide, warn, mute for a time, ban, approve a held post. */
@Path("/v1/community/moderation")
@Tag(name = TAG)
public class ModerationResource {

    static final Set<String> ACTIONS = Set.copyOf(CommunityMetrics.MODERATION_ACTIONS);

    /** The documented body of an action. */
    @Schema(
            requiredProperties = {"groupId", "action"},
            examples =
                    "{\"groupId\":\"grp-…\",\"action\":\"mute\",\"userId\":\"u1\",\"minutes\":60,\"reason\":\"spam\"}")
    public record ActionRequest(
            String groupId,

            @Schema(enumeration = {"hide", "warn", "mute", "ban", "approve"})
            String action,

            @Schema(description = "hide and approve: the message")
            String messageId,

            @Schema(description = "warn, mute, ban: the member")
            String userId,

            @Schema(description = "mute: how long, in minutes")
            Integer minutes,

            @Schema(description = "mute: how long, in seconds (instead of minutes)")
            Integer seconds,

            String reason) {}

    /** An action taken. */
    public record Taken(String eventId, String action) {}

    /** Moderation events (JSON of {@code community-events}), newest first. */
    public record Log(
            @Schema(type = SchemaType.ARRAY, implementation = GroupEvent.class)
            List<JsonNode> entries) {}

    private final CommunityReads reads;
    private final PointsGateway gateway;
    private final SecurityIdentity identity;
    private final CommunityConfig config;
    private final CommunityMetrics metrics;
    private final StoryPoints stories;

    ModerationResource(
            CommunityReads reads,
            PointsGateway gateway,
            SecurityIdentity identity,
            CommunityConfig config,
            CommunityMetrics metrics,
            StoryPoints stories) {
        this.stories = stories;
        this.reads = reads;
        this.gateway = gateway;
        this.identity = identity;
        this.config = config;
        this.metrics = metrics;
    }

    @POST
    @Path("/actions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MODERATOR, Roles.AGENT, Roles.ADMIN})
    @Operation(
            operationId = "moderate",
            summary = "Hide a message, warn, mute (for minutes) or ban a member, approve a held post; 201",
            description = "Moderators, agents and admins. Every action is an event of the group's log, listed at"
                    + " GET /v1/community/moderation/log; a hidden message leaves history and live feeds.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ActionRequest.class)))
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = Taken.class)))
    @ProjectionRead
    public Uni<Response> act(byte[] body) {
        JsonNode json = PointsRequests.object(body);
        String groupId = CommunityRequests.id(json, "groupId", true);
        String action = PointsRequests.text(json, "action", 20, true);
        if (!ACTIONS.contains(action)) {
            throw ApiException.badRequest("action", "must be one of " + new java.util.TreeSet<>(ACTIONS));
        }
        String reason = PointsRequests.text(json, "reason", 500, false);
        boolean aboutMessage = action.equals("hide") || action.equals("approve");
        String messageId = CommunityRequests.id(json, "messageId", aboutMessage);
        String userId = CommunityRequests.id(json, "userId", !aboutMessage);
        Instant now = Instant.now();
        Instant until = null;
        if (action.equals("mute")) {
            boolean inSeconds = json.hasNonNull("seconds");
            String field = inSeconds ? "seconds" : "minutes";
            long amount = PointsRequests.points(json, field, 1, true);
            Duration length = inSeconds ? Duration.ofSeconds(amount) : Duration.ofMinutes(amount);
            if (length.compareTo(config.maxMute()) > 0) {
                throw ApiException.badRequest(field, "the mute must be at most " + config.maxMute());
            }
            until = now.plus(length);
        }
        String actor = identity.getPrincipal().getName();
        String eventId = CommunityRequests.newId("mod");
        Instant muteEnd = until;
        Message[] target = new Message[1];
        return reads.group(groupId)
                .chain(g -> {
                    if (g == null) {
                        throw ApiException.notFound("group", groupId);
                    }
                    return switch (action) {
                        case "hide" ->
                            reads.message(groupId, messageId)
                                    .chain(m -> m != null ? Uni.createFrom().item(m) : reads.held(groupId, messageId))
                                    .map(m -> {
                                        target[0] = m;
                                        return GroupEvent.of(
                                                GroupEvent.Type.HIDDEN,
                                                eventId,
                                                groupId,
                                                m == null ? userId : m.userId(),
                                                now);
                                    });
                        case "approve" ->
                            reads.held(groupId, messageId).map(m -> {
                                if (m == null) {
                                    throw ApiException.notFound("held message", messageId);
                                }
                                target[0] = m;
                                return GroupEvent.of(GroupEvent.Type.APPROVED, eventId, groupId, m.userId(), now)
                                        .withMessage(m);
                            });
                        case "mute" ->
                            Uni.createFrom().item(GroupEvent.of(GroupEvent.Type.MUTED, eventId, groupId, userId, now));
                        case "ban" ->
                            Uni.createFrom().item(GroupEvent.of(GroupEvent.Type.BANNED, eventId, groupId, userId, now));
                        default ->
                            Uni.createFrom().item(GroupEvent.of(GroupEvent.Type.WARNED, eventId, groupId, userId, now));
                    };
                })
                .chain(e -> {
                    GroupEvent event = e.withActor(actor).because(reason, muteEnd);
                    if (event.messageId() == null && messageId != null) {
                        event = event.about(messageId, null);
                    }
                    GroupEvent publish = event;
                    metrics.moderated(action);
                    Uni<Void> sent = CommunityRequests.publish(gateway, publish);
                    Message story = target[0];
                    if (story != null && story.story()) {
                        // A hidden story gives back what it earned; an approved held story earns now.
                        sent = sent.chain(
                                () -> action.equals("hide") ? stories.reverse(story, now) : stories.earn(story, now));
                    }
                    return sent.map(v -> PointsRequests.json(201, new Taken(eventId, action)));
                });
    }

    @GET
    @Path("/log")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MODERATOR, Roles.AGENT, Roles.ADMIN})
    @Operation(
            operationId = "getModerationLog",
            summary = "Every moderation event (rules and moderators), newest first")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Log.class)))
    @ProjectionRead
    public Uni<Log> log(
            @Parameter(
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "1",
                                            maximum = "1000",
                                            defaultValue = "100"))
                    @QueryParam("limit")
                    String limit) {
        return reads.moderationLog(CommunityRequests.limit(limit, 100, 1000)).map(Log::new);
    }

    @GET
    @Path("/reports")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MODERATOR, Roles.AGENT, Roles.ADMIN})
    @Operation(
            operationId = "getModerationReports",
            summary = "Reports, held and flagged posts to review, newest first")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Log.class)))
    @ProjectionRead
    public Uni<Log> reports(
            @Parameter(
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "1",
                                            maximum = "1000",
                                            defaultValue = "100"))
                    @QueryParam("limit")
                    String limit) {
        return reads.reports(CommunityRequests.limit(limit, 100, 1000)).map(Log::new);
    }
}
