package dev.lodestone.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The protocol check: global popularity, the same top list for everyone (session-rec's POP). If the
 * harness does not reproduce POP's published score, the harness is wrong, not the model.
 */
public final class PopularityModel implements NextItemModel {

    private final Map<String, Long> counts = new HashMap<>();
    private List<String> ranked = List.of();
    private boolean dirty = true;

    @Override
    public String name() {
        return "pop";
    }

    @Override
    public void learn(Click click) {
        counts.merge(click.itemId(), 1L, Long::sum);
        dirty = true;
    }

    @Override
    public List<String> recommend(List<Click> session, int k) {
        if (dirty) {
            List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
            entries.sort(
                    Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            ranked = entries.stream().map(Map.Entry::getKey).toList();
            dirty = false;
        }
        return ranked.subList(0, Math.min(k, ranked.size()));
    }
}
