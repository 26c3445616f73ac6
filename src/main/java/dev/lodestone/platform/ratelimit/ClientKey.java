package dev.lodestone.platform.ratelimit;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.TreeSet;

/**
 * One client of the API: a token's subject with its roles, or, without a valid token, the remote
 * address. Only verified identities name a client, so nobody can spend another client's budget.
 */
public record ClientKey(String id, RoleClass roleClass) {

    /** The client of a request; {@code remoteHost} counts only when the identity is anonymous. */
    public static ClientKey of(SecurityIdentity identity, String remoteHost) {
        RoleClass roleClass = RoleClass.of(identity);
        if (roleClass == RoleClass.ANONYMOUS) {
            return new ClientKey(remoteHost == null ? "unknown" : remoteHost, roleClass);
        }
        return new ClientKey(identity.getPrincipal().getName() + "|" + new TreeSet<>(identity.getRoles()), roleClass);
    }
}
