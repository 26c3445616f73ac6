package dev.lodestone.support;

import dev.lodestone.platform.security.Roles;
import dev.lodestone.platform.security.SigningKeys;
import dev.lodestone.platform.security.TokenMinter;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/** Bearer tokens signed with the running engine's local key pair. */
public final class Tokens {

    private Tokens() {}

    public static String storefront() {
        return mint(Roles.STOREFRONT, "storefront-test");
    }

    public static String admin() {
        return mint(Roles.ADMIN, "admin-test");
    }

    public static String marketer() {
        return mint(Roles.MARKETER, "marketer-test");
    }

    public static String shopper(String userId) {
        return mint(Roles.SHOPPER, userId);
    }

    public static String mint(String role, String subject) {
        String dataDir = ConfigProvider.getConfig().getValue("lodestone.resolved-data-dir", String.class);
        return new TokenMinter(SigningKeys.ensure(Path.of(dataDir))).mint(role, subject, Duration.ofHours(1));
    }

    /** The value of an Authorization header. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
