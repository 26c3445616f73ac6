package dev.lodestone.gifts;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The gift shop: gifts with limited stock, exchanges for points, coupons. */
@ConfigMapping(prefix = "lodestone.gifts")
public interface GiftsConfig {

    /**
     * Secret (at least 16 bytes) that coupon codes are keyed with; every instance of a deployment needs
     * the same one. Unset: the engine creates one in {@code <data dir>/keys/coupon-secret} on first start.
     */
    Optional<String> couponSecret();
}
