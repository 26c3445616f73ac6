package dev.lodestone.community;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Set;

/**
 * One thing that happened in a group, on {@code community-events} keyed by group id.
 *
 * @param eventId unique id of this event
 * @param userId the member it is about (who joined, posted, reacted, was muted, …)
 * @param actor who did it when not the member: the moderator or marketer
 * @param group the group, for {@code CREATED} and {@code RULES_CHANGED}
 * @param message the message, for {@code MESSAGE} and {@code HELD}
 * @param messageId the message a reaction, report or moderation action is about
 * @param until end of a mute
 * @param at when it happened; for {@code FORGET_SHOPPER} and {@code FORGOTTEN} when the forget was asked
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupEvent(
        Type type,
        String eventId,
        String groupId,
        String userId,
        String actor,
        Group group,
        Message message,
        String messageId,
        String reaction,
        Instant until,
        String reason,
        Instant at) {

    /** What happened. */
    public enum Type {
        CREATED,
        RULES_CHANGED,
        JOINED,
        LEFT,
        MESSAGE,
        REACTION,
        /** A member reported a message for review. */
        REPORTED,
        /** A post was refused by the group's rules (banned word, link); nothing was published. */
        BLOCKED,
        /** A post waits for a moderator: not in history until approved. */
        HELD,
        /** A post was published and marked for a moderator's look. */
        FLAGGED,
        /** A moderator approved a held post: it is published as a message. */
        APPROVED,
        HIDDEN,
        WARNED,
        MUTED,
        BANNED,
        /**
         * A request to forget a shopper ({@code userId}), sent to every partition of the topic without a
         * group: each partition's index turns it into one {@code FORGOTTEN} per group the shopper is in.
         */
        FORGET_SHOPPER,
        /**
         * The shopper ({@code userId}) was forgotten in this group: no longer a member, muted or banned,
         * their messages kept as author-less placeholders without text, their held posts dropped.
         */
        FORGOTTEN
    }

    /** The events that are moderation actions, listed in the moderation log. */
    public static final Set<Type> MODERATION = Set.of(
            Type.REPORTED,
            Type.BLOCKED,
            Type.HELD,
            Type.FLAGGED,
            Type.APPROVED,
            Type.HIDDEN,
            Type.WARNED,
            Type.MUTED,
            Type.BANNED);

    @JsonIgnore
    public boolean moderation() {
        return MODERATION.contains(type);
    }

    public static GroupEvent of(Type type, String eventId, String groupId, String userId, Instant at) {
        return new GroupEvent(type, eventId, groupId, userId, null, null, null, null, null, null, null, at);
    }

    public GroupEvent withActor(String actor) {
        return new GroupEvent(
                type, eventId, groupId, userId, actor, group, message, messageId, reaction, until, reason, at);
    }

    public GroupEvent withGroup(Group group) {
        return new GroupEvent(
                type, eventId, groupId, userId, actor, group, message, messageId, reaction, until, reason, at);
    }

    public GroupEvent withMessage(Message message) {
        return new GroupEvent(
                type,
                eventId,
                groupId,
                userId,
                actor,
                group,
                message,
                message.messageId(),
                reaction,
                until,
                reason,
                at);
    }

    public GroupEvent about(String messageId, String reaction) {
        return new GroupEvent(
                type, eventId, groupId, userId, actor, group, message, messageId, reaction, until, reason, at);
    }

    public GroupEvent because(String reason, Instant until) {
        return new GroupEvent(
                type, eventId, groupId, userId, actor, group, message, messageId, reaction, until, reason, at);
    }
}
