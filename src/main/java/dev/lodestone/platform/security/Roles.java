package dev.lodestone.platform.security;

import java.util.Set;

/** The roles a Lodestone token can carry in its {@code groups} claim. */
public final class Roles {

    public static final String SHOPPER = "shopper";
    public static final String STOREFRONT = "storefront";
    public static final String MARKETER = "marketer";
    public static final String AGENT = "agent";
    /** Reviews reported community messages; an agent may do the same. */
    public static final String MODERATOR = "moderator";

    public static final String ADMIN = "admin";

    public static final Set<String> ALL = Set.of(SHOPPER, STOREFRONT, MARKETER, AGENT, MODERATOR, ADMIN);

    private Roles() {}
}
