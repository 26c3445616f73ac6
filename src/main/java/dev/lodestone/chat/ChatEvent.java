package dev.lodestone.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One entry of a conversation on {@code chat-messages}: a message (from the shopper, the bot or an
 * agent) or a state change. {@code seq} numbers a conversation's entries from 1 without gaps in the
 * order they were decided; it is the paging cursor.
 *
 * @param from {@code shopper}, {@code bot}, {@code agent} or {@code system} (state changes)
 * @param authorId the shopper's or agent's id; null for the bot and the system
 * @param text the text exactly as written: clients must show it as text, never as HTML
 * @param state the conversation's state after this entry
 * @param data what the bot attaches: the intent, a product card, points, articles, best guesses
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatEvent(
        String conversationId,
        long seq,
        String kind,
        String from,
        String authorId,
        String text,
        String state,
        Instant at,
        JsonNode data) {

    public static final String MESSAGE = "message";
    public static final String STATE = "state";

    public static final String SHOPPER = "shopper";
    public static final String BOT = "bot";
    public static final String AGENT = "agent";
    public static final String SYSTEM = "system";
}
