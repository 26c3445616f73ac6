package dev.lodestone.eval;

import java.time.Instant;

/**
 * One interaction of a replayed log.
 *
 * @param userId the visitor, when the log has one (RetailRocket); null for session-only logs
 */
public record Click(String sessionId, String userId, String itemId, Instant time) {}
