package dev.lodestone.chat;

import java.time.Instant;

/**
 * A shopper forgotten by the chat, on {@code chat-forgotten} keyed by {@code shopperDigest}: what the
 * chat's Redis projection consults so that a replay of {@code chat-messages} never brings back a
 * conversation the shopper opened before the forget.
 *
 * @param shopperDigest the digest of the shopper key ({@link ChatKeys#shopperDigest}); never the id
 * @param forgottenAt when the forget was requested
 */
public record ChatForgotten(String shopperDigest, Instant forgottenAt) {}
