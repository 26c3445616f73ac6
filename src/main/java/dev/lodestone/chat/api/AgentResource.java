package dev.lodestone.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.chat.ChatBot;
import dev.lodestone.chat.store.Conversations;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The agents' side: the queue of waiting conversations, the service figures, and the bot's answer to a
 * question without a conversation (a chat lookup: search and answer from Redis, nothing written).
 */
@Path("/v1/chat")
@Tag(name = ChatResource.TAG, description = "Customer-service chat, the agents' queue and the knowledge base")
public class AgentResource {

    /** A waiting conversation: since when (epoch ms), how long, and the bot's best guesses. */
    public record Waiting(String conversationId, String userId, long waitingSince, long waitMs, JsonNode guesses) {}

    public record Queue(int length, List<Waiting> waiting) {}

    /** First-response times (ms) over the conversations Redis still keeps. */
    public record Stats(
            int firstResponses,
            Long firstResponseP50Ms,
            Long firstResponseP90Ms,
            long queueLength,
            long oldestWaitMs) {}

    /** What the bot would answer; {@code handOver} names why it would pass the question to a person. */
    public record Lookup(String text, JsonNode data, String handOver, JsonNode guesses) {}

    private final Conversations conversations;
    private final ChatBot bot;
    private final SecurityIdentity identity;

    AgentResource(Conversations conversations, ChatBot bot, SecurityIdentity identity) {
        this.conversations = conversations;
        this.bot = bot;
        this.identity = identity;
    }

    @GET
    @Path("/answer")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.AGENT, Roles.ADMIN})
    @Operation(
            operationId = "lookupChatAnswer",
            summary = "The bot's answer to a question, without a conversation: search and answer from Redis",
            description = "Points questions answer the caller's own points for a shopper token; staff name the"
                    + " shopper in userId (else the balance is 0). Nothing is written.")
    @APIResponse(
            responseCode = "200",
            description = "the answer",
            content = @Content(schema = @Schema(implementation = Lookup.class)))
    @APIResponse(responseCode = "400", description = "invalid_request: q is missing, blank or too long")
    @ProjectionRead
    public Uni<Lookup> answer(
            @Parameter(required = true, description = "the question, 1-500 characters") @QueryParam("q") String q,
            @Parameter(description = "staff only: whose points a points question reads") @QueryParam("userId")
                    String userId) {
        if (q == null || q.isBlank()) {
            throw ApiException.badRequest("q", "is required");
        }
        if (q.length() > KbResource.MAX_QUERY) {
            throw ApiException.badRequest("q", "must be at most " + KbResource.MAX_QUERY + " characters");
        }
        String who;
        if (identity.hasRole(Roles.SHOPPER) && !identity.hasRole(Roles.STOREFRONT)) {
            who = identity.getPrincipal().getName();
        } else {
            who = userId == null ? "" : Ids.require("userId", userId);
        }
        return bot.answer(q, who)
                .map(a -> new Lookup(
                        a.text(),
                        a.data(),
                        a.handOverReason(),
                        a.guesses() == null ? null : JsonSerde.read(a.guesses(), JsonNode.class)));
    }

    @GET
    @Path("/queue")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.AGENT, Roles.ADMIN})
    @Operation(operationId = "getChatQueue", summary = "Waiting conversations, oldest first, with their wait")
    @APIResponse(
            responseCode = "200",
            description = "the queue",
            content = @Content(schema = @Schema(implementation = Queue.class)))
    @ProjectionRead
    public Uni<Queue> queue(
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
                    @QueryParam("limit")
                    String limit) {
        int size = ChatRequests.intParam("limit", limit, 50, 1, 200);
        long now = System.currentTimeMillis();
        return conversations.queue(size).chain(waiting -> {
            if (waiting.isEmpty()) {
                return Uni.createFrom().item(new Queue(0, List.of()));
            }
            return Multi.createFrom()
                    .iterable(waiting)
                    .onItem()
                    .transformToUniAndConcatenate(w -> conversations
                            .get(w.conversationId())
                            .map(c -> new Waiting(
                                    w.conversationId(),
                                    c == null ? null : c.userId(),
                                    w.since(),
                                    Math.max(0, now - w.since()),
                                    c == null
                                                    || c.guesses() == null
                                                    || c.guesses().isEmpty()
                                            ? null
                                            : JsonSerde.read(c.guesses(), JsonNode.class))))
                    .collect()
                    .asList()
                    .map(list -> new Queue(list.size(), list));
        });
    }

    @GET
    @Path("/stats")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.AGENT, Roles.MARKETER, Roles.ADMIN})
    @Operation(
            operationId = "getChatStats",
            summary = "p50/p90 first-response time, queue length and oldest wait, for the dashboard")
    @APIResponse(
            responseCode = "200",
            description = "the figures",
            content = @Content(schema = @Schema(implementation = Stats.class)))
    @ProjectionRead
    public Uni<Stats> stats() {
        return conversations
                .stats(System.currentTimeMillis())
                .map(s -> new Stats(
                        s.firstResponses(),
                        s.firstResponseP50Ms(),
                        s.firstResponseP90Ms(),
                        s.queueLength(),
                        s.oldestWaitMs()));
    }
}
