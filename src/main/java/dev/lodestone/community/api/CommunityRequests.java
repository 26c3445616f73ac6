package dev.lodestone.community.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.community.CommunityTopics;
import dev.lodestone.community.GroupEvent;
import dev.lodestone.community.store.CommunityReads;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.kafka.Topic;
import dev.lodestone.platform.security.Access;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.points.Decision;
import dev.lodestone.points.PointsMetrics;
import dev.lodestone.points.RequestIds;
import dev.lodestone.points.api.PointsRequests;
import dev.lodestone.points.store.PointsGateway;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.util.UUID;

/** What the community resources share: who asks, ids, the event log. */
final class CommunityRequests {

    static final String TAG = "Community";

    private CommunityRequests() {}

    /** The shopper the token names: only a shopper acts as a member, and only as itself. */
    static String self(SecurityIdentity identity) {
        if (!identity.hasRole(Roles.SHOPPER) || Access.isStaff(identity)) {
            throw ApiException.forbidden("only a shopper token acts as a member, and only as itself");
        }
        return Ids.require("sub", identity.getPrincipal().getName());
    }

    static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Publishes an event of the group and emits once the broker acknowledged it. */
    static Uni<Void> publish(PointsGateway gateway, GroupEvent event) {
        return gateway.send(CommunityTopics.COMMUNITY_EVENTS, event.groupId(), event)
                .onFailure()
                .transform(e -> ApiException.unavailable("the event log is not reachable; retry", 1));
    }

    /**
     * The request id of a member's claim or entry: derived from what it is for, the shopper and the
     * Idempotency-Key (a random one without a key), so a retry with the same key names the same request.
     */
    static String requestId(String prefix, String what, String id, String userId, String key) {
        String idem = key == null ? UUID.randomUUID().toString() : PointsRequests.idempotencyKey(key);
        return prefix + "-" + RequestIds.fingerprint(what, id, userId, idem);
    }

    /**
     * Sends a member's command to the partition that decides it and waits for the decision: 403
     * {@code not_member} unless the shopper is a member of the group, 503 when undecided in time, the
     * decision's refusal (409, 404) as it is; else the decision.
     */
    static <V> Uni<Decision> decide(
            CommunityReads reads,
            PointsGateway gateway,
            PointsMetrics metrics,
            String kind,
            String groupId,
            String userId,
            String requestId,
            Topic<String, V> topic,
            String key,
            V command) {
        return reads.joinedAt(groupId, userId)
                .chain(joined -> {
                    if (joined == null) {
                        throw new ApiException(403, "not_member", "join the group first");
                    }
                    return gateway.request(requestId, null, topic, key, command);
                })
                .invoke(decision -> metrics.answered(kind, decision))
                .map(decision -> {
                    if (decision == null) {
                        throw ApiException.unavailable("not decided in time; retry with the same Idempotency-Key", 1);
                    }
                    ApiException refusal = PointsRequests.refusal(decision);
                    if (refusal != null) {
                        throw refusal;
                    }
                    return decision;
                });
    }

    static int limit(String value, int fallback, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 1 || n > max) {
                throw ApiException.badRequest("limit", "must be from 1 to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit", "must be an integer from 1 to " + max);
        }
    }

    static long cursor(String value) {
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw ApiException.badRequest("cursor", "must be a nextCursor this API returned");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("cursor", "must be a nextCursor this API returned");
        }
    }

    static boolean bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest(field, "must be true or false");
        }
        return v.asBoolean();
    }

    static String id(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiException.badRequest(field, "is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(field, Ids.RULE);
        }
        return Ids.require(field, v.asText());
    }
}
