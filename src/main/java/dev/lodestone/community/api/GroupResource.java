package dev.lodestone.community.api;

import static dev.lodestone.community.api.CommunityRequests.TAG;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.community.CommunityConfig;
import dev.lodestone.community.CommunityMetrics;
import dev.lodestone.community.Group;
import dev.lodestone.community.GroupEvent;
import dev.lodestone.community.GroupRules;
import dev.lodestone.community.Message;
import dev.lodestone.community.TextModeration;
import dev.lodestone.community.store.CommunityReads;
import dev.lodestone.community.store.StoryPoints;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.errors.FieldError;
import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.security.Access;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.points.api.PointsRequests;
import dev.lodestone.points.store.PointsGateway;
import io.quarkus.security.identity.SecurityIdentity;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Groups, their members and their messages. */
@Path("/v1/community/groups")
@Tag(name = TAG, description = "Community: groups, live messages, coupon drops and moderation")
public class GroupResource {

    /** The answer to a created group. */
    public record Created(String groupId) {}

    /** A group with its member count. */
    public record GroupView(Group group, long members) {}

    /** Groups, newest first. */
    public record Groups(List<Group> groups) {}

    /** A membership. */
    public record Membership(String groupId, String userId, String status) {}

    /** A posted message: {@code published}, {@code flagged} (published, marked for review) or {@code held}. */
    public record Posted(
            String messageId,

            @Schema(enumeration = {"published", "flagged", "held"})
            String status) {}

    /** One page of messages, newest first; pass {@code nextCursor} back as {@code cursor}. */
    public record History(
            String groupId,

            @Schema(type = SchemaType.ARRAY, implementation = Message.class)
            List<JsonNode> messages,

            @Schema(description = "absent on the last page") String nextCursor) {}

    /** An accepted reaction or report. */
    public record Accepted(String eventId) {}

    /** The documented body of a new group. */
    @Schema(
            requiredProperties = "name",
            examples =
                    "{\"name\":\"Tea lovers\",\"description\":\"…\",\"category\":\"tea\",\"private\":false,"
                            + "\"rules\":{\"bannedWords\":[\"spam\",\"傻瓜\"],\"bannedWordAction\":\"block\",\"links\":\"hold\"}}")
    public record GroupRequest(
            @Schema(maxLength = 100) String name,
            @Schema(maxLength = 2000) String description,
            String category,
            @Schema(name = "private") Boolean privateGroup,
            GroupRules rules) {}

    /** The documented body of a message. */
    @Schema(requiredProperties = "text", examples = "{\"text\":\"This kettle is great\",\"itemId\":\"sku-1\"}")
    public record MessageRequest(String text, String itemId, String replyTo, Boolean story) {}

    /** The documented body of a reaction. */
    @Schema(requiredProperties = "reaction", examples = "{\"reaction\":\"like\"}")
    public record ReactionRequest(@Schema(maxLength = 32) String reaction) {}

    /** The documented body of a report. */
    @Schema(examples = "{\"reason\":\"spam\"}")
    public record ReportRequest(@Schema(maxLength = 500) String reason) {}

    private final CommunityReads reads;
    private final PointsGateway gateway;
    private final SecurityIdentity identity;
    private final CommunityConfig config;
    private final CommunityMetrics metrics;
    private final StoryPoints stories;

    GroupResource(
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
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Operation(
            operationId = "createGroup",
            summary = "Create a group with its rules; 201 {groupId} once the event log has it",
            description = "Marketer and admin tokens only: groups belong to the shop.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = GroupRequest.class)))
    @APIResponse(
            responseCode = "201",
            description = "created",
            content = @Content(schema = @Schema(implementation = Created.class)))
    public Uni<Response> create(byte[] body) {
        JsonNode json = PointsRequests.object(body);
        String name = PointsRequests.text(json, "name", 100, true);
        String description = PointsRequests.text(json, "description", 2000, false);
        String category = CommunityRequests.id(json, "category", false);
        boolean privateGroup = CommunityRequests.bool(json, "private");
        GroupRules rules = rules(json.get("rules"), "rules.");
        String groupId = CommunityRequests.newId("grp");
        Instant now = Instant.now();
        Group group = new Group(
                groupId,
                name,
                description,
                category,
                privateGroup,
                rules,
                identity.getPrincipal().getName(),
                now);
        GroupEvent event = GroupEvent.of(GroupEvent.Type.CREATED, CommunityRequests.newId("evt"), groupId, null, now)
                .withActor(group.createdBy())
                .withGroup(group);
        return CommunityRequests.publish(gateway, event).map(v -> PointsRequests.json(201, new Created(groupId)));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.MARKETER, Roles.AGENT, Roles.MODERATOR, Roles.ADMIN})
    @Operation(operationId = "listGroups", summary = "Groups, newest first")
    @ProjectionRead
    public Uni<Groups> list(
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
                    @QueryParam("limit")
                    String limit) {
        int size = CommunityRequests.limit(limit, 50, 200);
        return reads.groupIds(size).chain(reads::groups).map(Groups::new);
    }

    @GET
    @Path("/{groupId}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.MARKETER, Roles.AGENT, Roles.MODERATOR, Roles.ADMIN})
    @Operation(operationId = "getGroup", summary = "A group, its rules and its member count")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = GroupView.class)))
    @APIResponse(responseCode = "404", description = "not_found")
    @ProjectionRead
    public Uni<GroupView> get(@PathParam("groupId") String groupId) {
        Ids.require("groupId", groupId);
        return existing(groupId).chain(g -> reads.memberCount(groupId).map(n -> new GroupView(g, n)));
    }

    @PUT
    @Path("/{groupId}/rules")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.MODERATOR, Roles.ADMIN})
    @Operation(
            operationId = "setGroupRules",
            summary = "Replace a group's rules (banned words, their action, the link policy)",
            description = "Marketers, moderators and admins: the rules are the shop's.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = GroupRules.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Group.class)))
    @ProjectionRead
    public Uni<Group> setRules(@PathParam("groupId") String groupId, byte[] body) {
        Ids.require("groupId", groupId);
        GroupRules rules = rules(PointsRequests.object(body), "");
        return existing(groupId).chain(g -> {
            Group next = g.withRules(rules);
            GroupEvent event = GroupEvent.of(
                            GroupEvent.Type.RULES_CHANGED, CommunityRequests.newId("evt"), groupId, null, Instant.now())
                    .withActor(identity.getPrincipal().getName())
                    .withGroup(next);
            return CommunityRequests.publish(gateway, event).map(v -> next);
        });
    }

    @POST
    @Path("/{groupId}/members")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SHOPPER)
    @Operation(
            operationId = "joinGroup",
            summary = "Join a group: a shopper joins itself; 201",
            description = "Shopper tokens only, for the shopper the token names.")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = Membership.class)))
    @APIResponse(responseCode = "403", description = "banned: banned from this group")
    @ProjectionRead
    public Uni<Response> join(@PathParam("groupId") String groupId) {
        Ids.require("groupId", groupId);
        String userId = CommunityRequests.self(identity);
        return reads.poster(groupId, userId).chain(p -> {
            if (p.group() == null) {
                throw ApiException.notFound("group", groupId);
            }
            if (p.banned()) {
                throw new ApiException(403, "banned", "you are banned from this group");
            }
            if (p.joinedAt() != null) {
                return Uni.createFrom().item(PointsRequests.json(201, new Membership(groupId, userId, "member")));
            }
            GroupEvent event = GroupEvent.of(
                    GroupEvent.Type.JOINED, CommunityRequests.newId("evt"), groupId, userId, Instant.now());
            return CommunityRequests.publish(gateway, event)
                    .map(v -> PointsRequests.json(201, new Membership(groupId, userId, "member")));
        });
    }

    @DELETE
    @Path("/{groupId}/members/{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SHOPPER)
    @Operation(operationId = "leaveGroup", summary = "Leave a group: a shopper leaves itself; 200")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Membership.class)))
    public Uni<Membership> leave(@PathParam("groupId") String groupId, @PathParam("userId") String userId) {
        Ids.require("groupId", groupId);
        Ids.require("userId", userId);
        if (!CommunityRequests.self(identity).equals(userId)) {
            throw ApiException.forbidden("a shopper token may only leave for itself");
        }
        GroupEvent event =
                GroupEvent.of(GroupEvent.Type.LEFT, CommunityRequests.newId("evt"), groupId, userId, Instant.now());
        return CommunityRequests.publish(gateway, event).map(v -> new Membership(groupId, userId, "left"));
    }

    @GET
    @Path("/{groupId}/members")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.MARKETER, Roles.AGENT, Roles.MODERATOR, Roles.ADMIN})
    @Operation(
            operationId = "listGroupMembers",
            summary = "Members in join order, paged by cursor; a private group's only to its members and staff")
    @APIResponse(
            responseCode = "200",
            content = @Content(schema = @Schema(implementation = CommunityReads.Members.class)))
    @ProjectionRead
    public Uni<CommunityReads.Members> members(
            @PathParam("groupId") String groupId,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "1",
                                            maximum = "500",
                                            defaultValue = "100"))
                    @QueryParam("limit")
                    String limit) {
        Ids.require("groupId", groupId);
        int size = CommunityRequests.limit(limit, 100, 500);
        long from = cursor == null || cursor.isEmpty() ? 0 : CommunityRequests.cursor(cursor);
        if (from > Integer.MAX_VALUE) {
            throw ApiException.badRequest("cursor", "must be a nextCursor this API returned");
        }
        return readable(groupId).chain(g -> reads.members(groupId, (int) from, size));
    }

    @POST
    @Path("/{groupId}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SHOPPER)
    @Operation(
            operationId = "postMessage",
            summary = "Post a message as the shopper the token names; 201 published/flagged, 202 held, 422 blocked",
            description = "Members only, as themselves (a staff token cannot post as a shopper). The group's rules"
                    + " apply to the normalised text; muted and banned members are refused; members have a least"
                    + " interval between posts and a daily cap, stricter in their first day.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = MessageRequest.class)))
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = Posted.class)))
    @APIResponse(
            responseCode = "202",
            description = "held for a moderator",
            content = @Content(schema = @Schema(implementation = Posted.class)))
    @APIResponse(responseCode = "403", description = "not_member, muted (until when, Retry-After), banned")
    @APIResponse(responseCode = "404", description = "not_found: no such group")
    @APIResponse(responseCode = "422", description = "blocked: the text breaks the group's rules (field text)")
    @APIResponse(
            responseCode = "429",
            description = "rate_limited: too soon after the last post, or the day's posts spent")
    @ProjectionRead
    public Uni<Response> post(@PathParam("groupId") String groupId, byte[] body) {
        Ids.require("groupId", groupId);
        String userId = CommunityRequests.self(identity);
        JsonNode json = PointsRequests.object(body);
        String text = PointsRequests.text(json, "text", config.maxTextLength(), true);
        String itemId = CommunityRequests.id(json, "itemId", false);
        String replyTo = CommunityRequests.id(json, "replyTo", false);
        boolean story = CommunityRequests.bool(json, "story");
        if (story && itemId == null) {
            throw ApiException.badRequest("itemId", "is required for a story: a usage story is about an item");
        }
        Instant now = Instant.now();
        return reads.poster(groupId, userId).chain(p -> {
            member(groupId, p, now);
            GroupRules rules =
                    p.group().rules() == null ? GroupRules.DEFAULT : p.group().rules();
            String action = null;
            String reason = null;
            Optional<String> word = TextModeration.of(rules.bannedWordsOrNone()).bannedWord(text);
            if (word.isPresent()) {
                action = rules.bannedWordActionOrDefault();
                reason = "banned word '" + word.get() + "'";
            } else if (!GroupRules.ALLOW.equals(rules.linksOrDefault()) && TextModeration.hasLink(text)) {
                action = rules.linksOrDefault();
                reason = "link";
            }
            String messageId = CommunityRequests.newId("msg");
            Message message = new Message(
                    messageId, groupId, userId, text, itemId, replyTo, story, now, null, null, null, null, null);
            if (GroupRules.BLOCK.equals(action)) {
                String why = reason;
                GroupEvent blocked = GroupEvent.of(
                                GroupEvent.Type.BLOCKED, CommunityRequests.newId("evt"), groupId, userId, now)
                        .withActor("rules")
                        .because(why, null);
                metrics.posted("blocked");
                return CommunityRequests.publish(gateway, blocked).map(v -> {
                    throw new ApiException(
                            422,
                            "blocked",
                            "the message breaks this group's rules: " + why,
                            List.of(FieldError.of("text", "contains a " + why + " this group does not allow")),
                            Map.of());
                });
            }
            boolean newMember =
                    p.joinedAt() > now.minus(config.newMemberPeriod()).toEpochMilli();
            Duration interval = newMember ? config.newMemberPostInterval() : config.postInterval();
            int daily = newMember ? config.newMemberDailyPosts() : config.dailyPosts();
            String finalAction = action;
            String finalReason = reason;
            return reads.takePost(groupId, userId, interval, daily, now).chain(allowance -> {
                if (!allowance.taken()) {
                    metrics.posted("rate_limited");
                    long seconds = Math.max(1, (allowance.waitMillis() + 999) / 1000);
                    throw ApiException.rateLimited(
                            allowance.dailyLimit()
                                    ? "you posted " + daily + " messages in this group today, the most a"
                                            + (newMember ? " new member" : " member") + " may"
                                    : "wait " + seconds + " s between posts"
                                            + (newMember ? " (new members: " + interval.toSeconds() + " s)" : ""),
                            seconds);
                }
                return publishPost(message, finalAction, finalReason, now);
            });
        });
    }

    private Uni<Response> publishPost(Message message, String action, String reason, Instant now) {
        String groupId = message.groupId();
        if (GroupRules.HOLD.equals(action)) {
            GroupEvent held = GroupEvent.of(
                            GroupEvent.Type.HELD, CommunityRequests.newId("evt"), groupId, message.userId(), now)
                    .withActor("rules")
                    .withMessage(message)
                    .because(reason, null);
            metrics.posted("held");
            return CommunityRequests.publish(gateway, held)
                    .map(v -> PointsRequests.json(202, new Posted(message.messageId(), "held")));
        }
        boolean flag = GroupRules.FLAG.equals(action);
        Message published = flag ? message.flaggedForReview() : message;
        GroupEvent event = GroupEvent.of(
                        GroupEvent.Type.MESSAGE, CommunityRequests.newId("evt"), groupId, message.userId(), now)
                .withMessage(published);
        Uni<Void> sent = CommunityRequests.publish(gateway, event);
        if (flag) {
            GroupEvent flagged = GroupEvent.of(
                            GroupEvent.Type.FLAGGED, CommunityRequests.newId("evt"), groupId, message.userId(), now)
                    .withActor("rules")
                    .about(message.messageId(), null)
                    .because(reason, null);
            sent = sent.chain(() -> CommunityRequests.publish(gateway, flagged));
        }
        if (message.story()) {
            sent = sent.chain(() -> stories.earn(message, now));
        }
        metrics.posted(flag ? "flagged" : "published");
        return sent.map(v -> PointsRequests.json(201, new Posted(message.messageId(), flag ? "flagged" : "published")));
    }

    @GET
    @Path("/{groupId}/messages")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.MARKETER, Roles.AGENT, Roles.MODERATOR, Roles.ADMIN})
    @Operation(
            operationId = "getGroupMessages",
            summary = "Messages, newest first, paged by cursor; a private group's only to its members and staff")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = History.class)))
    @ProjectionRead
    public Uni<History> history(
            @PathParam("groupId") String groupId,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
                    @QueryParam("limit")
                    String limit) {
        Ids.require("groupId", groupId);
        int size = CommunityRequests.limit(limit, 50, 200);
        Long before = cursor == null || cursor.isEmpty() ? null : CommunityRequests.cursor(cursor);
        return readable(groupId)
                .chain(g -> reads.history(groupId, before, size))
                .map(messages -> {
                    String next = messages.size() < size
                            ? null
                            : messages.getLast().path("seq").asText();
                    return new History(groupId, messages, next);
                });
    }

    @POST
    @Path("/{groupId}/messages/{messageId}/reactions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SHOPPER)
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ReactionRequest.class)))
    @Operation(operationId = "reactToMessage", summary = "React to a message ({\"reaction\":\"like\"}); members only")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = Accepted.class)))
    @ProjectionRead
    public Uni<Response> react(
            @PathParam("groupId") String groupId, @PathParam("messageId") String messageId, byte[] body) {
        Ids.require("groupId", groupId);
        Ids.require("messageId", messageId);
        String userId = CommunityRequests.self(identity);
        JsonNode json = PointsRequests.object(body);
        String reaction = CommunityRequests.id(json, "reaction", true);
        if (reaction.length() > 32) {
            throw ApiException.badRequest("reaction", "must be at most 32 characters");
        }
        Instant now = Instant.now();
        return reads.poster(groupId, userId)
                .chain(p -> {
                    member(groupId, p, now);
                    return existingMessage(groupId, messageId);
                })
                .chain(m -> {
                    GroupEvent event = GroupEvent.of(
                                    GroupEvent.Type.REACTION, CommunityRequests.newId("evt"), groupId, userId, now)
                            .about(messageId, reaction);
                    return CommunityRequests.publish(gateway, event)
                            .map(v -> PointsRequests.json(201, new Accepted(event.eventId())));
                });
    }

    @POST
    @Path("/{groupId}/messages/{messageId}/reports")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SHOPPER)
    @RequestBody(content = @Content(schema = @Schema(implementation = ReportRequest.class)))
    @Operation(
            operationId = "reportMessage",
            summary = "Report a message to the moderators ({\"reason\":…}); members only; 202")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = Accepted.class)))
    @ProjectionRead
    public Uni<Response> report(
            @PathParam("groupId") String groupId, @PathParam("messageId") String messageId, byte[] body) {
        Ids.require("groupId", groupId);
        Ids.require("messageId", messageId);
        String userId = CommunityRequests.self(identity);
        JsonNode json = body == null || body.length == 0 ? null : PointsRequests.object(body);
        String reason = json == null ? null : PointsRequests.text(json, "reason", 500, false);
        Instant now = Instant.now();
        return reads.joinedAt(groupId, userId)
                .chain(joined -> {
                    if (joined == null) {
                        throw new ApiException(403, "not_member", "only members report messages of a group");
                    }
                    return existingMessage(groupId, messageId);
                })
                .chain(m -> {
                    GroupEvent event = GroupEvent.of(
                                    GroupEvent.Type.REPORTED, CommunityRequests.newId("rpt"), groupId, m.userId(), now)
                            .withActor(userId)
                            .about(messageId, null)
                            .because(reason, null);
                    return CommunityRequests.publish(gateway, event)
                            .map(v -> PointsRequests.json(202, new Accepted(event.eventId())));
                });
    }

    /** The group, or 404. */
    private Uni<Group> existing(String groupId) {
        return reads.group(groupId).map(g -> {
            if (g == null) {
                throw ApiException.notFound("group", groupId);
            }
            return g;
        });
    }

    private Uni<Message> existingMessage(String groupId, String messageId) {
        return reads.message(groupId, messageId).map(m -> {
            if (m == null) {
                throw ApiException.notFound("message", messageId);
            }
            return m;
        });
    }

    /** The group, when the caller may read it: public, or a member, or staff. */
    private Uni<Group> readable(String groupId) {
        return existing(groupId).chain(g -> {
            if (!g.privateGroup() || Access.isStaff(identity)) {
                return Uni.createFrom().item(g);
            }
            return reads.joinedAt(groupId, identity.getPrincipal().getName()).map(joined -> {
                if (joined == null) {
                    throw new ApiException(403, "not_member", "this group is private: join it to read it");
                }
                return g;
            });
        });
    }

    private static void member(String groupId, CommunityReads.Poster p, Instant now) {
        if (p.group() == null) {
            throw ApiException.notFound("group", groupId);
        }
        if (p.banned()) {
            throw new ApiException(403, "banned", "you are banned from this group");
        }
        if (p.joinedAt() == null) {
            throw new ApiException(403, "not_member", "join the group first");
        }
        if (p.mutedUntil() != null && p.mutedUntil() > now.toEpochMilli()) {
            Instant until = Instant.ofEpochMilli(p.mutedUntil());
            long seconds = Math.max(1, Duration.between(now, until).toSeconds());
            throw new ApiException(
                    403,
                    "muted",
                    "you are muted in this group until " + until,
                    List.of(),
                    Map.of("Retry-After", String.valueOf(seconds)));
        }
    }

    /** Parses rules, naming the field at fault ({@code prefix} + field). */
    static GroupRules rules(JsonNode node, String prefix) {
        if (node == null || node.isNull()) {
            return GroupRules.DEFAULT;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest(
                    prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1), "must be an object");
        }
        List<String> words = new ArrayList<>();
        JsonNode list = node.get("bannedWords");
        if (list != null && !list.isNull()) {
            if (!list.isArray() || list.size() > 1000) {
                throw ApiException.badRequest(prefix + "bannedWords", "must be an array of at most 1000 strings");
            }
            for (JsonNode w : list) {
                if (!w.isTextual() || w.asText().isBlank() || w.asText().length() > 100) {
                    throw ApiException.badRequest(
                            prefix + "bannedWords", "every word must be a non-blank string of at most 100 characters");
                }
                words.add(w.asText());
            }
            List<String> empty = TextModeration.meaningless(words);
            if (!empty.isEmpty()) {
                throw ApiException.badRequest(
                        prefix + "bannedWords", "words need a letter or digit (matching ignores the rest): " + empty);
            }
        }
        String action = choice(node, "bannedWordAction", prefix, GroupRules.ACTIONS, GroupRules.BLOCK);
        String links = choice(node, "links", prefix, GroupRules.LINK_POLICIES, GroupRules.ALLOW);
        return new GroupRules(List.copyOf(words), action, links);
    }

    private static String choice(
            JsonNode node, String field, String prefix, java.util.Set<String> allowed, String fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual() || !allowed.contains(v.asText())) {
            throw ApiException.badRequest(prefix + field, "must be one of " + new java.util.TreeSet<>(allowed));
        }
        return v.asText();
    }
}
