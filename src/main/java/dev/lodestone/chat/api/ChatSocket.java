package dev.lodestone.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lodestone.chat.ChatConfig;
import dev.lodestone.chat.ChatEvent;
import dev.lodestone.chat.ChatService;
import dev.lodestone.chat.store.ChatFeed;
import dev.lodestone.chat.store.Conversations;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.projection.ProjectionMonitor;
import dev.lodestone.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Live chat over WebSocket, {@code /v1/chat/live/{conversationId}}, for the conversation's shopper (or
 * a storefront for it) and for agents. The upgrade takes the same bearer JWT as the REST API
 * ({@code Authorization} header). The server pushes every new entry of the conversation (JSON
 * {@link ChatEvent}); a client sends {@code {"text":…}} to write, with the same rules as {@code POST
 * …/messages} (an agent only on a conversation assigned to it), and gets back
 * {@code {"written":[…]}} or {@code {"error":{status,code,message}}}.
 */
@WebSocket(path = "/v1/chat/live/{conversationId}")
@RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.AGENT, Roles.ADMIN})
public class ChatSocket {

    private static final Logger LOG = Logger.getLogger(ChatSocket.class);

    private final ChatFeed feed;
    private final ChatService chat;
    private final Conversations conversations;
    private final SecurityIdentity identity;
    private final ChatConfig config;
    private final ProjectionMonitor projections;
    private final Map<String, Consumer<String>> listeners = new ConcurrentHashMap<>();

    ChatSocket(
            ChatFeed feed,
            ChatService chat,
            Conversations conversations,
            SecurityIdentity identity,
            ChatConfig config,
            ProjectionMonitor projections) {
        this.feed = feed;
        this.chat = chat;
        this.conversations = conversations;
        this.identity = identity;
        this.config = config;
        this.projections = projections;
    }

    @OnOpen
    public Uni<String> open(WebSocketConnection connection) {
        String conversationId = connection.pathParam("conversationId");
        boolean shopperToken = identity.hasRole(Roles.SHOPPER) && !identity.hasRole(Roles.STOREFRONT);
        String me = identity.getPrincipal().getName();
        return conversations.get(conversationId).map(c -> {
            if (c == null) {
                connection.close().subscribe().with(x -> {}, e -> {});
                return error(ApiException.notFound("conversation", conversationId));
            }
            if (shopperToken && !c.userId().equals(me)) {
                connection.close().subscribe().with(x -> {}, e -> {});
                return error(ApiException.forbidden("this conversation belongs to another shopper"));
            }
            Consumer<String> listener = json -> connection
                    .sendText(json)
                    .subscribe()
                    .with(x -> {}, e -> LOG.debugf("live entry not delivered: %s", e.getMessage()));
            listeners.put(connection.id(), listener);
            feed.subscribe(conversationId, listener);
            return JsonSerde.MAPPER
                    .createObjectNode()
                    .put("connected", conversationId)
                    .put("state", c.state())
                    .toString();
        });
    }

    @OnTextMessage
    public Uni<String> message(String message, WebSocketConnection connection) {
        String conversationId = connection.pathParam("conversationId");
        String me = identity.getPrincipal().getName();
        Uni<List<ChatEvent>> written;
        try {
            if (projections.phase() != ProjectionMonitor.Phase.READY) {
                // Decided on a conversation Redis has only partly replayed, a step would number its entry
                // twice; the REST steps answer the same while rebuilding (ProjectionRead).
                throw ApiException.unavailable("the conversations are being rebuilt from Kafka", 2);
            }
            JsonNode body = ChatRequests.object(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String text = ChatResource.text(body, config.maxMessageBytes());
            if (identity.hasRole(Roles.AGENT)) {
                written = chat.agentSays(conversationId, me, text).map(List::of);
            } else if (identity.hasRole(Roles.SHOPPER)) {
                written = chat.shopperSays(conversationId, me, text);
            } else if (identity.hasRole(Roles.STOREFRONT)) {
                written = conversations.get(conversationId).chain(c -> {
                    if (c == null) {
                        throw ApiException.notFound("conversation", conversationId);
                    }
                    return chat.shopperSays(conversationId, c.userId(), text);
                });
            } else {
                throw ApiException.forbidden("this token may only read");
            }
        } catch (ApiException e) {
            return Uni.createFrom().item(error(e));
        }
        return written.map(events -> {
                    ObjectNode out = JsonSerde.MAPPER.createObjectNode();
                    out.set("written", JsonSerde.MAPPER.valueToTree(events));
                    return out.toString();
                })
                .onFailure(ApiException.class)
                .recoverWithItem(e -> error((ApiException) e));
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        Consumer<String> listener = listeners.remove(connection.id());
        if (listener != null) {
            feed.unsubscribe(connection.pathParam("conversationId"), listener);
        }
    }

    private static String error(ApiException e) {
        ObjectNode out = JsonSerde.MAPPER.createObjectNode();
        out.putObject("error").put("status", e.status()).put("code", e.code()).put("message", e.getMessage());
        return out.toString();
    }
}
