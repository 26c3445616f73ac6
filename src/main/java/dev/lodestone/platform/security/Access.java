package dev.lodestone.platform.security;

import dev.lodestone.platform.errors.ApiException;
import io.quarkus.security.identity.SecurityIdentity;

/** Row-level checks that role annotations cannot express: a shopper sees only their own data. */
public final class Access {

    private Access() {}

    /** Passes for any role but {@code shopper}; a shopper passes only for their own id. */
    public static void requireSelfUnlessStaff(SecurityIdentity identity, String userId) {
        if (identity.hasRole(Roles.SHOPPER)
                && !isStaff(identity)
                && !identity.getPrincipal().getName().equals(userId)) {
            throw ApiException.forbidden("a shopper token may only access its own data");
        }
    }

    public static boolean isStaff(SecurityIdentity identity) {
        return identity.hasRole(Roles.STOREFRONT)
                || identity.hasRole(Roles.ADMIN)
                || identity.hasRole(Roles.MARKETER)
                || identity.hasRole(Roles.AGENT)
                || identity.hasRole(Roles.MODERATOR);
    }
}
