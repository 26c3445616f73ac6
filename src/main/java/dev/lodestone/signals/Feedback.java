package dev.lodestone.signals;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lodestone.chat.ChatRating;
import java.time.Instant;
import java.util.Set;

/**
 * One piece of feedback as carried on {@code feedback}: a score (NPS 0-10, CSAT 1-5) and/or free text
 * about something, from a shopper or a storefront on their behalf, a chat rating, or a "not interested".
 *
 * @param source {@code feedback} (POST /v1/feedback), {@code chat} (a chat rating), {@code not_interested}
 * @param at when the engine accepted it (or the chat rating's time)
 * @param demote for a "not interested", the item's close neighbours to demote for this shopper
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Feedback(
        String feedbackId,
        String userId,
        Integer nps,
        Integer csat,
        String text,
        About about,
        String source,
        Instant at,
        java.util.List<String> demote) {

    public Feedback(
            String feedbackId,
            String userId,
            Integer nps,
            Integer csat,
            String text,
            About about,
            String source,
            Instant at) {
        this(feedbackId, userId, nps, csat, text, about, source, at, null);
    }

    public static final String FROM_API = "feedback";
    public static final String FROM_CHAT = "chat";
    public static final String NOT_INTERESTED = "not_interested";

    /** What feedback can be about; {@code shop} needs no id. */
    public static final Set<String> ABOUT_TYPES = Set.of("order", "item", "recommendation", "conversation", "shop");

    public static final String PROMOTERS = "promoters";
    public static final String PASSIVES = "passives";
    public static final String DETRACTORS = "detractors";

    /** @param id the order, item, recommendation ({@code recommendationId}) or conversation id; null for the shop */
    public record About(String type, String id) {}

    /**
     * The score band: by NPS (9-10 promoters, 7-8 passives, 0-6 detractors), else by CSAT (4-5, 3, 1-2); a
     * "not interested" is a detractor's signal; null without any score.
     */
    @JsonIgnore
    public String band() {
        if (NOT_INTERESTED.equals(source)) {
            return DETRACTORS;
        }
        if (nps != null) {
            return nps >= 9 ? PROMOTERS : nps >= 7 ? PASSIVES : DETRACTORS;
        }
        if (csat != null) {
            return csat >= 4 ? PROMOTERS : csat == 3 ? PASSIVES : DETRACTORS;
        }
        return null;
    }

    /**
     * A shopper's rating of a chat conversation (the chat feature's {@code chat-ratings}) as CSAT
     * feedback about that conversation; null when it is not a valid rating.
     */
    public static Feedback fromChatRating(ChatRating rating) {
        if (rating == null
                || rating.conversationId() == null
                || rating.rating() < 1
                || rating.rating() > 5
                || rating.at() == null) {
            return null;
        }
        return new Feedback(
                "chat:" + rating.conversationId(),
                rating.userId(),
                null,
                rating.rating(),
                null,
                new About("conversation", rating.conversationId()),
                FROM_CHAT,
                rating.at());
    }
}
