package dev.lodestone.signals;

import java.time.Instant;

/**
 * A rating of a chat conversation, as the chat feature writes it on {@code chat-ratings}; it counts
 * here as CSAT feedback about the conversation.
 *
 * @param rating 1-5
 */
public record ChatRating(String conversationId, String userId, Integer rating, Instant at) {

    /** The rating as feedback; null when it is not a valid rating. */
    public Feedback asFeedback() {
        if (conversationId == null || rating == null || rating < 1 || rating > 5 || at == null) {
            return null;
        }
        return new Feedback(
                "chat:" + conversationId,
                userId,
                null,
                rating,
                null,
                new Feedback.About("conversation", conversationId),
                Feedback.FROM_CHAT,
                at);
    }
}
