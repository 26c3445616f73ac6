package dev.lodestone.community.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lodestone.community.CommunityMetrics;
import dev.lodestone.community.Group;
import dev.lodestone.community.store.CommunityReads;
import dev.lodestone.community.store.LiveFeed;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.security.Access;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@code ws(s)://…/v1/community/live}: one connection follows several groups. The upgrade is
 * authenticated with the same bearer token as the API ({@code Authorization} header, or for browsers
 * the {@code Sec-WebSocket-Protocol} carrier, docs/community.md). Follow at connect with
 * {@code ?groups=g1,g2} or later with {@code {"follow":"g1"}} / {@code {"unfollow":"g1"}}; each follow is
 * answered {@code {"type":"following"}} or {@code {"type":"error"}}. Pushed: {@code {"type":"message"}}
 * (with {@code seq}, the group's order), {@code {"type":"hidden","messageId"}} (remove it from view),
 * {@code {"type":"reaction"}}.
 */
@WebSocket(path = "/v1/community/live")
@RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.MARKETER, Roles.AGENT, Roles.MODERATOR, Roles.ADMIN})
public class LiveSocket {

    /** One connection's follows: the sink the feed pushes into, and the groups it follows. */
    private record Follows(Consumer<String> sink, Set<String> groups) {}

    private final Map<String, Follows> connections = new ConcurrentHashMap<>();
    private final LiveFeed feed;
    private final CommunityReads reads;
    private final SecurityIdentity identity;
    private final CommunityMetrics metrics;

    LiveSocket(LiveFeed feed, CommunityReads reads, SecurityIdentity identity, CommunityMetrics metrics) {
        this.feed = feed;
        this.reads = reads;
        this.identity = identity;
        this.metrics = metrics;
    }

    @OnOpen
    public Multi<String> onOpen(WebSocketConnection connection) {
        Follows follows = new Follows(
                json -> connection.sendText(json).subscribe().with(ok -> {}, failure -> {}),
                ConcurrentHashMap.newKeySet());
        connections.put(connection.id(), follows);
        metrics.connected();
        List<String> groups = new ArrayList<>();
        String query = connection.handshakeRequest().query();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("groups=")) {
                    for (String g : URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8)
                            .split(",")) {
                        if (!g.isEmpty()) {
                            groups.add(g);
                        }
                    }
                }
            }
        }
        return Multi.createFrom().iterable(groups).onItem().transformToUniAndConcatenate(g -> follow(connection, g));
    }

    @OnTextMessage
    public Uni<String> onMessage(String text, WebSocketConnection connection) {
        JsonNode json;
        try {
            json = JsonSerde.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            return Uni.createFrom().item(error(null, "invalid_request", "send {\"follow\":\"<groupId>\"}"));
        }
        if (json != null && json.path("follow").isTextual()) {
            return follow(connection, json.get("follow").asText());
        }
        if (json != null && json.path("unfollow").isTextual()) {
            String g = json.get("unfollow").asText();
            Follows f = connections.get(connection.id());
            if (f != null && f.groups().remove(g)) {
                feed.unfollow(g, f.sink());
            }
            return Uni.createFrom().item(status("unfollowed", g));
        }
        return Uni.createFrom().item(error(null, "invalid_request", "send {\"follow\":\"<groupId>\"}"));
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        Follows f = connections.remove(connection.id());
        if (f != null) {
            f.groups().forEach(g -> feed.unfollow(g, f.sink()));
            metrics.disconnected();
        }
    }

    private Uni<String> follow(WebSocketConnection connection, String groupId) {
        if (!Ids.valid(groupId)) {
            return Uni.createFrom().item(error(groupId, "invalid_request", "groupId: " + Ids.RULE));
        }
        return reads.group(groupId).chain(group -> allowed(group)).map(problem -> {
            if (problem != null) {
                return error(
                        groupId,
                        problem,
                        "not_found".equals(problem)
                                ? "group '" + groupId + "' not found"
                                : "this group is private: join it to follow it");
            }
            Follows f = connections.get(connection.id());
            if (f != null && f.groups().add(groupId)) {
                feed.follow(groupId, f.sink());
            }
            return status("following", groupId);
        });
    }

    /** Null when the caller may follow the group, else the error code. */
    private Uni<String> allowed(Group group) {
        if (group == null) {
            return Uni.createFrom().item("not_found");
        }
        if (!group.privateGroup() || Access.isStaff(identity)) {
            return Uni.createFrom().nullItem();
        }
        return reads.joinedAt(group.groupId(), identity.getPrincipal().getName())
                .map(joined -> joined == null ? "not_member" : null);
    }

    private static String status(String type, String groupId) {
        ObjectNode out = JsonSerde.MAPPER.createObjectNode();
        out.put("type", type);
        out.put("groupId", groupId);
        return out.toString();
    }

    private static String error(String groupId, String code, String message) {
        ObjectNode out = JsonSerde.MAPPER.createObjectNode();
        out.put("type", "error");
        if (groupId != null) {
            out.put("groupId", groupId);
        }
        out.put("code", code);
        out.put("message", message);
        return out.toString();
    }
}
