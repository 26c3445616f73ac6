package dev.lodestone.points;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Points ledger and redemptions. */
@Unremovable
@ConfigMapping(prefix = "lodestone.points")
public interface PointsConfig {
    /** How long a redemption or exchange call waits for the ledger's decision before answering 202. */
    @WithDefault("PT5S")
    Duration replyTimeout();

    /** How long an Idempotency-Key and its decision are remembered in Redis. */
    @WithDefault("P7D")
    Duration idempotencyRetention();

    /** Most ledger entries kept per shopper in the Redis history (the ledger topic keeps all). */
    @WithDefault("1000")
    int historyLimit();

    /**
     * How long a shopper's balance and history stay in Redis after their newest entry; 0 (the default)
     * keeps them until the shopper is forgotten. The API serves balances from Redis only, so an expired
     * balance reads 0 until the next entry: set this only where points of inactive accounts lapse.
     */
    @WithDefault("P0D")
    Duration redisTtl();
}
