package dev.lodestone.shopper;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What a shopper did. The wire names are snake_case. */
public enum EventType {
    VIEW("view"),
    CLICK("click"),
    ADD_TO_CART("add_to_cart"),
    REMOVE_FROM_CART("remove_from_cart"),
    PURCHASE("purchase"),
    REFUND("refund"),
    REVIEW("review"),
    SHARE("share"),
    IMPRESSION("impression"),
    SEARCH("search");

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * Whether the event can move value: a purchase or refund changes a balance, and a review or share
     * earns points under the earn rules. Only server-side roles (storefront, admin) may post these;
     * a shopper's own token may post the behavioural types only (docs/points.md, "Who may post what").
     */
    public boolean movesValue() {
        return this == PURCHASE || this == REFUND || this == REVIEW || this == SHARE;
    }

    /** Every type but {@code search} is about one item. */
    public boolean needsItem() {
        return this != SEARCH && this != IMPRESSION;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    @JsonCreator
    static EventType fromJson(String name) {
        return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown event type " + name));
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "));
    }
}
