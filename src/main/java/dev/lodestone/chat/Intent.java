package dev.lodestone.chat;

/** What a shopper's message asks for; the bot answers each differently. Wire names are lower case. */
public enum Intent {
    /** A catalog item: its name, price, stock, description. */
    PRODUCT,
    /** The shopper's own points: balance and latest entries. */
    POINTS,
    /** Orders, delivery, tracking, cancellation. */
    ORDER,
    /** A question the knowledge base answers (returns, payment, invoices, …). */
    FAQ,
    /** The shopper asks for a person. */
    HUMAN,
    /** Greetings, thanks, goodbyes and everything else. */
    GREETING;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Intent of(String wireName) {
        return valueOf(wireName.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
