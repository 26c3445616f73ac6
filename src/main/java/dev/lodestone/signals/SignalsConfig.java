package dev.lodestone.signals;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Shopping-experience signals. Unremovable: the engine looks it up by type ({@code EngineConfig}). */
@ConfigMapping(prefix = "lodestone.signals")
@Unremovable
public interface SignalsConfig {

    /** Carts left with items and no activity. */
    CartAbandonment cartAbandonment();

    /** Step-by-step conversion per day and category, and per recommendation placement. */
    Funnel funnel();

    interface CartAbandonment {
        /**
         * The idle stages: one {@code cart-abandoned} event per stage when a cart with items has had no
         * cart or purchase activity for that long (e.g. {@code PT1H,PT24H}).
         */
        @WithDefault("PT1H")
        List<Duration> idle();

        /** How often the cart store is checked for carts that reached a stage (wall clock). */
        @WithDefault("PT1S")
        Duration checkInterval();

        /**
         * How long without cart events before the idle clock follows the wall clock; until then it follows
         * the newest intake time read, so events still waiting to be read never count as idle time.
         */
        @WithDefault("PT5S")
        Duration quiet();
    }

    interface Funnel {
        /** How long after entering a funnel a shopper's next steps still count. */
        @WithDefault("P14D")
        Duration window();

        /** How often journeys whose window closed are counted as dropped (wall clock). */
        @WithDefault("PT1M")
        Duration checkInterval();

        /** Most open journeys per shopper; beyond it the oldest is closed (counted dropped). */
        @WithDefault("100")
        int maxOpenJourneys();
    }
}
