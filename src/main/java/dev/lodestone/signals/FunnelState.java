package dev.lodestone.signals;

import java.util.Map;

/**
 * A shopper's open funnel journeys: {@code c:<topCategory>} and {@code r:<recommendationId>} → journey.
 *
 * @param due the wall-clock time (epoch ms) the earliest window closes; null when nothing is open
 */
public record FunnelState(Map<String, Journey> journeys, Long due) {}
