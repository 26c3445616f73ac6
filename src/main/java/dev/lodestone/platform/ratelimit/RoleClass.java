package dev.lodestone.platform.ratelimit;

import dev.lodestone.platform.security.Access;
import io.quarkus.security.identity.SecurityIdentity;

/** Which budget a caller draws from; also the {@code role} tag of the rejection counter. */
public enum RoleClass {
    /** A token whose roles are not staff: one shopper's app. */
    SHOPPER,
    /** Storefront, marketer, agent, moderator or admin: servers and tools acting for many shoppers. */
    STAFF,
    /** No valid token: counted per remote address. */
    ANONYMOUS;

    public static RoleClass of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return ANONYMOUS;
        }
        return Access.isStaff(identity) ? STAFF : SHOPPER;
    }

    String tag() {
        return name().toLowerCase();
    }
}
