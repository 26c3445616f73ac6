package dev.lodestone.recommend.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lodestone.profile.ProfileConfig;
import dev.lodestone.profile.ProfileSettings;
import dev.lodestone.profile.ShopperProfile;
import dev.lodestone.recommend.RecommendConfig;
import dev.lodestone.shopper.ForgetRequest;
import dev.lodestone.shopper.ShopperEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The items of the events this instance accepted for each shopper, until the shopper's profile shows
 * them: a shopper who just viewed an item gets a list about it on their next request, from the item's
 * neighbour list in memory, instead of after the event went through the pipeline (a commit, the profile
 * projection, the candidates' ranking: a few hundred milliseconds, seconds under load). Only events whose
 * item enters the profile's recent items count (a positive profile weight). An entry ends when a profile
 * read for the shopper shows every event in it ({@link ShopperProfile#lastReceivedAt()}), or
 * {@code own-events-window} after its newest event, whichever comes first.
 *
 * <p>Per instance: a request served by another instance than the one that took the event follows the
 * pipeline, as before. A shopper forgotten through this instance is dropped at once; one forgotten through
 * another instance stays here at most the window after their last event here.
 */
@ApplicationScoped
public class OwnEvents {

    /** Shoppers held at most: the ones with events in the last window, a few per second each at most. */
    static final int MAX_SHOPPERS = 100_000;

    /** An accepted event's item and when the intake took it. */
    record Accepted(String itemId, Instant receivedAt) {}

    private final ProfileSettings weights;
    private final int maxItems;
    private final Cache<String, List<Accepted>> shoppers;

    OwnEvents(RecommendConfig config, ProfileConfig profile) {
        this.weights = ProfileSettings.from(profile);
        // As many as a profile's recent items serve as sources: older ones would weigh next to nothing.
        this.maxItems = config.recentSources();
        this.shoppers = config.ownEventsWindow().isZero()
                ? null
                : Caffeine.newBuilder()
                        .expireAfterWrite(config.ownEventsWindow())
                        .maximumSize(MAX_SHOPPERS)
                        .build();
    }

    /** Called once the broker acknowledged {@code events}. */
    public void accepted(List<ShopperEvent> events) {
        if (shoppers == null) {
            return;
        }
        for (ShopperEvent event : events) {
            if (event.itemId() == null || event.shopperKey() == null || !(weights.weight(event) > 0)) {
                continue;
            }
            Accepted accepted = new Accepted(event.itemId(), event.receivedAt());
            shoppers.asMap().merge(event.shopperKey(), List.of(accepted), (held, added) -> {
                List<Accepted> more = new ArrayList<>(held.size() + 1);
                more.addAll(held.size() < maxItems ? held : held.subList(held.size() - maxItems + 1, held.size()));
                more.add(accepted);
                return List.copyOf(more);
            });
        }
    }

    /** A shopper forgotten through this instance: nothing they did stays here. */
    void forgotten(@Observes ForgetRequest request) {
        if (shoppers != null && request.shopperKey() != null) {
            shoppers.invalidate(request.shopperKey());
        }
    }

    /** Whether this instance holds events of the shopper that a profile read may not show yet. */
    public boolean holds(String shopperKey) {
        return shoppers != null && shopperKey != null && shoppers.getIfPresent(shopperKey) != null;
    }

    /**
     * The items of the shopper's held events that {@code profile} does not show, each once, in the order
     * last engaged (the current item last); empty when it shows them all, and the shopper is then no
     * longer held.
     */
    public List<String> notYetIn(String shopperKey, ShopperProfile profile) {
        List<Accepted> held = shoppers == null ? null : shoppers.getIfPresent(shopperKey);
        if (held == null) {
            return List.of();
        }
        // In milliseconds: the profile's codecs need not keep the intake clock's finer digits.
        long shown = profile == null || profile.lastReceivedAt() == null
                ? Long.MIN_VALUE
                : profile.lastReceivedAt().toEpochMilli();
        Map<String, Boolean> items = new LinkedHashMap<>();
        for (Accepted a : held) {
            if (a.receivedAt().toEpochMilli() > shown) {
                items.remove(a.itemId());
                items.put(a.itemId(), Boolean.TRUE);
            }
        }
        if (items.isEmpty()) {
            // Only what was looked at: events accepted since then stay held.
            shoppers.asMap().remove(shopperKey, held);
            return List.of();
        }
        return List.copyOf(items.keySet());
    }
}
