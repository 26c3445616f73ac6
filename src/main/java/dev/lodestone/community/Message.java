package dev.lodestone.community;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A member's message in a group.
 *
 * @param itemId optional catalog item the message is about
 * @param replyTo the message this one answers, if any
 * @param story a usage story (earns points once through the share rule)
 * @param seq its position in the group: the offset of its record on {@code community-events}; set by the
 *     projection
 * @param replies replies counted so far; set by the projection
 * @param reactions reactions counted so far, by reaction; set by the projection
 * @param flagged published but marked for a moderator's review
 * @param deleted its author was forgotten: the message stays in its place (replies keep their thread)
 *     without author and text; set by the projection
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Message(
        String messageId,
        String groupId,
        String userId,
        String text,
        String itemId,
        String replyTo,
        boolean story,
        Instant at,
        Long seq,
        Integer replies,
        Map<String, Integer> reactions,
        Boolean flagged,
        Boolean deleted) {

    public Message flaggedForReview() {
        return new Message(
                messageId, groupId, userId, text, itemId, replyTo, story, at, seq, replies, reactions, true, deleted);
    }
}
