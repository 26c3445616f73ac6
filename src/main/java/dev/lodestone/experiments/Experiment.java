package dev.lodestone.experiments;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An A/B experiment on recommendation ranking, as a marketer defined it.
 *
 * @param variants in the order given; the first is the control the others are compared with
 * @param active whether recommendations are served under it now
 * @param startedAt when it was last switched on (null while never active)
 * @param stoppedAt when it was last switched off (null while active)
 * @param version how many times it was written; the in-process cache never takes an older one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Experiment(
        String experimentId,
        List<Variant> variants,
        boolean active,
        Instant startedAt,
        Instant stoppedAt,
        Instant updatedAt,
        long version) {

    /**
     * One arm: a share of the traffic, in percent, served with named overrides of the ranking settings.
     *
     * @param settings {@code RankerSettings} component names to values; empty for the control
     */
    public record Variant(String name, int share, Map<String, Object> settings) {}

    /** The control arm: the first variant. */
    public Variant control() {
        return variants.getFirst();
    }

    /** The variant named {@code name}, or null. */
    public Variant variant(String name) {
        for (Variant v : variants) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        return null;
    }

    /** The variant a shopper falls into: by their bucket ({@link Assignment#bucket}) over cumulative shares. */
    public Variant assign(String shopperKey) {
        int bucket = Assignment.bucket(experimentId, shopperKey);
        int upper = 0;
        for (Variant v : variants) {
            upper += v.share() * (Assignment.BUCKETS / 100);
            if (bucket < upper) {
                return v;
            }
        }
        return variants.getLast();
    }
}
