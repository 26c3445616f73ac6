package dev.lodestone.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.chat.ChatConfig;
import dev.lodestone.chat.ChatEvent;
import dev.lodestone.chat.ChatRating;
import dev.lodestone.chat.ChatService;
import dev.lodestone.chat.store.Conversations;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.errors.FieldError;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Conversations as the shopper (or a storefront for it) and the agents see them. */
@Path("/v1/chat/conversations")
@Tag(name = ChatResource.TAG, description = "Customer-service chat, the agents' queue and the knowledge base")
// Every step reads the conversation Redis rebuilds from chat-messages: while it is being rebuilt a step
// would decide on a partial state (and number an entry twice), so all answer 503 rebuilding.
@ProjectionRead
public class ChatResource {

    static final String TAG = "Chat";

    /** The body of a new conversation. */
    @Schema(examples = "{\"human\":false}")
    public record OpenRequest(
            @Schema(description = "the shopper; required for a storefront token, the token's own for a shopper")
            String userId,

            @Schema(description = "true: straight to the agents' queue")
            Boolean human) {}

    @Schema(examples = "{\"conversationId\":\"…\",\"state\":\"bot\"}")
    public record Opened(String conversationId, String state) {}

    @Schema(requiredProperties = "text", examples = "{\"text\":\"我想了解商品X的详细信息\"}")
    public record MessageRequest(
            @Schema(description = "1 byte to lodestone.chat.max-message-bytes (10 kB)")
            String text) {}

    /** Entries oldest first; pass {@code nextCursor} back as {@code after}. */
    public record Entries(
            @Schema(type = SchemaType.ARRAY, implementation = ChatEvent.class)
            List<JsonNode> entries,

            String nextCursor) {}

    /** A conversation's state; {@code placeInQueue} while waiting (1 = next). */
    public record View(
            String conversationId,
            String userId,
            String state,
            String agentId,
            Long placeInQueue,
            long createdAt,
            Long handoverAt,
            Long firstResponseMs,
            Long resolvedAt,
            Integer rating,

            @Schema(description = "the bot's best guesses at hand-over (staff only)")
            JsonNode guesses) {}

    @Schema(examples = "{\"toAgent\":\"agent-7\"}")
    public record TransferRequest(
            @Schema(description = "the agent to hand it to; absent = back to the queue")
            String toAgent) {}

    @Schema(requiredProperties = "rating", examples = "{\"rating\":5}")
    public record RatingRequest(
            @Schema(minimum = "1", maximum = "5") int rating) {}

    private final ChatService chat;
    private final Conversations conversations;
    private final SecurityIdentity identity;
    private final ChatConfig config;

    ChatResource(ChatService chat, Conversations conversations, SecurityIdentity identity, ChatConfig config) {
        this.chat = chat;
        this.conversations = conversations;
        this.identity = identity;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT})
    @Operation(
            operationId = "openConversation",
            summary = "Open a conversation with the bot (or straight with the agents); 201 once the broker has it",
            description = "A shopper for itself, or a storefront for the shopper named in userId.")
    @RequestBody(content = @Content(schema = @Schema(implementation = OpenRequest.class)))
    @APIResponse(
            responseCode = "201",
            description = "opened",
            content = @Content(schema = @Schema(implementation = Opened.class)))
    public Uni<Response> open(byte[] body) {
        JsonNode json =
                body == null || body.length == 0 ? JsonSerde.MAPPER.createObjectNode() : ChatRequests.object(body);
        String userId =
                shopperFor(json.path("userId").isTextual() ? json.get("userId").asText() : null);
        JsonNode human = json.get("human");
        if (human != null && !human.isBoolean() && !human.isNull()) {
            throw ApiException.badRequest("human", "must be true or false");
        }
        boolean toHuman = human != null && human.asBoolean();
        return chat.open(userId, toHuman)
                .map(events -> Response.status(201)
                        .entity(new Opened(
                                events.get(0).conversationId(), events.getLast().state()))
                        .build());
    }

    @GET
    @Path("/{conversationId}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.AGENT, Roles.ADMIN})
    @Operation(operationId = "getConversation", summary = "A conversation's state, and its place in the queue")
    @APIResponse(
            responseCode = "200",
            description = "the conversation",
            content = @Content(schema = @Schema(implementation = View.class)))
    @APIResponse(responseCode = "404", description = "not_found: unknown (or expired) conversation")
    public Uni<View> get(@PathParam("conversationId") String conversationId) {
        Ids.require("conversationId", conversationId);
        return readable(conversationId)
                .chain(c -> conversations
                        .placeInQueue(conversationId)
                        .map(place -> new View(
                                c.conversationId(),
                                c.userId(),
                                c.state(),
                                c.agentId(),
                                place,
                                c.createdAt(),
                                c.handoverAt() == 0 ? null : c.handoverAt(),
                                c.firstResponseAt() == 0 ? null : c.firstResponseMs(),
                                c.resolvedAt() == 0 ? null : c.resolvedAt(),
                                c.rating(),
                                staff() && c.guesses() != null && !c.guesses().isEmpty()
                                        ? JsonSerde.read(c.guesses(), JsonNode.class)
                                        : null)));
    }

    @POST
    @Path("/{conversationId}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.AGENT})
    @Operation(
            operationId = "postChatMessage",
            summary = "Write in a conversation; 201 with the new entries (the bot's answer included)",
            description = "The shopper (or a storefront for it) while the conversation is open; an agent only on a"
                    + " conversation assigned to it (else 409). Text is kept and returned as written, never as"
                    + " HTML. Shoppers are limited to lodestone.chat.rate-messages per rate-window (429).")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = MessageRequest.class)))
    @APIResponse(
            responseCode = "201",
            description = "the entries written",
            content = @Content(schema = @Schema(implementation = Entries.class)))
    @APIResponse(responseCode = "400", description = "invalid_request: text is missing or empty")
    @APIResponse(responseCode = "404", description = "not_found: unknown conversation")
    @APIResponse(responseCode = "409", description = "not_your_conversation or conversation_state")
    @APIResponse(responseCode = "413", description = "message_too_large: text over the limit")
    public Uni<Response> post(@PathParam("conversationId") String conversationId, byte[] body) {
        Ids.require("conversationId", conversationId);
        String text = text(ChatRequests.object(body), config.maxMessageBytes());
        Uni<List<ChatEvent>> written;
        if (identity.hasRole(Roles.AGENT)) {
            written = chat.agentSays(conversationId, me(), text).map(List::of);
        } else if (identity.hasRole(Roles.SHOPPER)) {
            written = chat.shopperSays(conversationId, me(), text);
        } else {
            written = existing(conversationId).chain(c -> chat.shopperSays(conversationId, c.userId(), text));
        }
        return written.map(
                events -> Response.status(201).entity(entries(events)).build());
    }

    @GET
    @Path("/{conversationId}/messages")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.AGENT, Roles.ADMIN})
    @Operation(operationId = "getChatMessages", summary = "A conversation's entries after a cursor, oldest first")
    @APIResponse(
            responseCode = "200",
            description = "the entries",
            content = @Content(schema = @Schema(implementation = Entries.class)))
    @APIResponse(responseCode = "404", description = "not_found: unknown conversation")
    public Uni<Entries> messages(
            @PathParam("conversationId") String conversationId,
            @Parameter(description = "nextCursor of the previous page (an entry's seq); absent = from the start")
                    @QueryParam("after")
                    String after,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
                    @QueryParam("limit")
                    String limit) {
        Ids.require("conversationId", conversationId);
        long from = ChatRequests.longParam("after", after, 0);
        int size = ChatRequests.intParam("limit", limit, 50, 1, 200);
        return readable(conversationId)
                .chain(c -> conversations.messages(conversationId, from, size).map(list -> {
                    List<JsonNode> nodes = new ArrayList<>(list.size());
                    for (String json : list) {
                        nodes.add(JsonSerde.read(json, JsonNode.class));
                    }
                    String next = nodes.isEmpty()
                            ? String.valueOf(from)
                            : nodes.getLast().path("seq").asText();
                    return new Entries(nodes, next);
                }));
    }

    @POST
    @Path("/{conversationId}/handover")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT})
    @Operation(
            operationId = "handOverConversation",
            summary = "Ask for a person: the conversation joins the agents' queue",
            description = "The conversation's shopper, or a storefront for it; 409 unless the bot has it.")
    @APIResponse(
            responseCode = "200",
            description = "waiting",
            content = @Content(schema = @Schema(implementation = ChatEvent.class)))
    public Uni<ChatEvent> handOver(@PathParam("conversationId") String conversationId) {
        Ids.require("conversationId", conversationId);
        return shopperOf(conversationId).chain(userId -> chat.handOver(conversationId, userId));
    }

    @POST
    @Path("/{conversationId}/resolve")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.AGENT})
    @Operation(
            operationId = "resolveConversation",
            summary = "Close a conversation",
            description = "The agent it is assigned to (409 for another agent), or its shopper.")
    @APIResponse(
            responseCode = "200",
            description = "resolved",
            content = @Content(schema = @Schema(implementation = ChatEvent.class)))
    public Uni<ChatEvent> resolve(@PathParam("conversationId") String conversationId) {
        Ids.require("conversationId", conversationId);
        if (identity.hasRole(Roles.AGENT)) {
            return chat.resolve(conversationId, me(), true);
        }
        return shopperOf(conversationId).chain(userId -> chat.resolve(conversationId, userId, false));
    }

    @POST
    @Path("/{conversationId}/reopen")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT})
    @Operation(
            operationId = "reopenConversation",
            summary = "Reopen a resolved conversation; the bot has it again",
            description = "Its shopper, or a storefront for it.")
    @APIResponse(
            responseCode = "200",
            description = "reopened",
            content = @Content(schema = @Schema(implementation = ChatEvent.class)))
    public Uni<ChatEvent> reopen(@PathParam("conversationId") String conversationId) {
        Ids.require("conversationId", conversationId);
        return shopperOf(conversationId).chain(userId -> chat.reopen(conversationId, userId));
    }

    @POST
    @Path("/{conversationId}/rating")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT})
    @Operation(
            operationId = "rateConversation",
            summary = "Rate a resolved conversation 1-5, once; written to chat-ratings",
            description = "Its shopper, or a storefront for it. A rating moves no value.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = RatingRequest.class)))
    @APIResponse(
            responseCode = "201",
            description = "rated",
            content = @Content(schema = @Schema(implementation = ChatRating.class)))
    @APIResponse(responseCode = "409", description = "conversation_state (not resolved) or already_rated")
    public Uni<Response> rate(@PathParam("conversationId") String conversationId, byte[] body) {
        Ids.require("conversationId", conversationId);
        JsonNode rating = ChatRequests.object(body).get("rating");
        if (rating == null || !rating.isInt() || rating.asInt() < 1 || rating.asInt() > 5) {
            throw ApiException.badRequest("rating", "must be an integer from 1 to 5");
        }
        return shopperOf(conversationId)
                .chain(userId -> chat.rate(conversationId, userId, rating.asInt()))
                .map(r -> Response.status(201).entity(r).build());
    }

    @POST
    @Path("/{conversationId}/claim")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.AGENT})
    @Operation(
            operationId = "claimConversation",
            summary = "Take a waiting conversation; of agents racing for one, exactly one gets 200",
            description = "Agents only; the others get 409 conversation_state, a full agent 409 agent_at_capacity.")
    @APIResponse(
            responseCode = "200",
            description = "assigned to you",
            content = @Content(schema = @Schema(implementation = ChatEvent.class)))
    @APIResponse(responseCode = "409", description = "conversation_state (not waiting) or agent_at_capacity")
    public Uni<ChatEvent> claim(@PathParam("conversationId") String conversationId) {
        Ids.require("conversationId", conversationId);
        return chat.claim(conversationId, me());
    }

    @POST
    @Path("/{conversationId}/transfer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.AGENT})
    @Operation(
            operationId = "transferConversation",
            summary = "Hand your conversation to another agent ({\"toAgent\":…}) or back to the queue ({})",
            description = "The agent it is assigned to only (409 for another). Back in the queue it keeps its place.")
    @APIResponse(
            responseCode = "200",
            description = "transferred",
            content = @Content(schema = @Schema(implementation = ChatEvent.class)))
    @RequestBody(content = @Content(schema = @Schema(implementation = TransferRequest.class)))
    @APIResponse(responseCode = "409", description = "not_your_conversation or agent_at_capacity (the target)")
    public Uni<ChatEvent> transfer(@PathParam("conversationId") String conversationId, byte[] body) {
        Ids.require("conversationId", conversationId);
        String toAgent = null;
        if (body != null && body.length > 0) {
            JsonNode target = ChatRequests.object(body).get("toAgent");
            if (target != null && !target.isNull()) {
                if (!target.isTextual()) {
                    throw ApiException.badRequest("toAgent", "must be an agent id");
                }
                toAgent = Ids.require("toAgent", target.asText());
            }
        }
        return chat.transfer(conversationId, me(), toAgent);
    }

    private static Entries entries(List<ChatEvent> events) {
        List<JsonNode> nodes = new ArrayList<>(events.size());
        for (ChatEvent e : events) {
            nodes.add(JsonSerde.MAPPER.valueToTree(e));
        }
        return new Entries(nodes, String.valueOf(events.getLast().seq()));
    }

    /** The text of a message body: present, not blank, at most {@code maxBytes} UTF-8 bytes. */
    static String text(JsonNode body, int maxBytes) {
        JsonNode text = body.get("text");
        if (text == null || !text.isTextual()) {
            throw ApiException.badRequest("text", "is required, a string");
        }
        if (text.asText().isBlank()) {
            throw ApiException.badRequest("text", "must not be empty");
        }
        int bytes = text.asText().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new ApiException(
                    413,
                    "message_too_large",
                    "text: " + bytes + " bytes; the limit is " + maxBytes,
                    List.of(FieldError.of("text", "must be at most " + maxBytes + " bytes")),
                    java.util.Map.of());
        }
        return text.asText();
    }

    private String me() {
        return identity.getPrincipal().getName();
    }

    private boolean staff() {
        return identity.hasRole(Roles.AGENT) || identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.STOREFRONT);
    }

    /** The shopper of a new conversation: the token's own, or for a storefront the one named. */
    private String shopperFor(String userId) {
        if (identity.hasRole(Roles.SHOPPER) && !identity.hasRole(Roles.STOREFRONT)) {
            if (userId != null && !userId.equals(me())) {
                throw ApiException.forbidden("a shopper token may only open its own conversations");
            }
            return me();
        }
        if (userId == null) {
            throw ApiException.badRequest("userId", "is required for a storefront token");
        }
        return Ids.require("userId", userId);
    }

    private Uni<Conversations.Conversation> existing(String conversationId) {
        return conversations.get(conversationId).map(c -> {
            if (c == null) {
                throw ApiException.notFound("conversation", conversationId);
            }
            return c;
        });
    }

    /** The conversation, when this caller may read it: its shopper, or staff. */
    private Uni<Conversations.Conversation> readable(String conversationId) {
        return existing(conversationId).map(c -> {
            if (!staff() && !c.userId().equals(me())) {
                throw ApiException.forbidden("this conversation belongs to another shopper");
            }
            return c;
        });
    }

    /** The shopper a shopper-side step acts as: the token's own, or for a storefront the conversation's. */
    private Uni<String> shopperOf(String conversationId) {
        if (identity.hasRole(Roles.SHOPPER) && !identity.hasRole(Roles.STOREFRONT)) {
            return Uni.createFrom().item(me());
        }
        return existing(conversationId).map(Conversations.Conversation::userId);
    }
}
