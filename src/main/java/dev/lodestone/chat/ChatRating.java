package dev.lodestone.chat;

import java.time.Instant;

/**
 * A shopper's rating of a resolved conversation, on {@code chat-ratings}.
 *
 * @param agentId the agent who resolved it; null when the bot alone served the shopper
 * @param rating 1 (poor) to 5 (excellent)
 */
public record ChatRating(String conversationId, String userId, String agentId, int rating, Instant at) {}
