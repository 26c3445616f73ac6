package dev.lodestone.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.recommend.RankerSettings;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an experiment may say, and how a variant's settings override the ranking. A variant's settings
 * are named after the components of {@link RankerSettings} (e.g. {@code trendingWeight},
 * {@code maxPerCategory}, {@code categoryBoost}); every other name is refused with its field.
 */
public final class ExperimentRules {

    public static final int MAX_VARIANTS = 10;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,48}");
    private static final Pattern VARIANT = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    /** Settings a variant may not change: serving never recommends items missing from the catalog. */
    private static final Set<String> FIXED = Set.of("requireCatalog");

    private static final RecordComponent[] COMPONENTS = RankerSettings.class.getRecordComponents();
    private static final Constructor<RankerSettings> CANONICAL = canonical();

    private ExperimentRules() {}

    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches() && !id.equals(".") && !id.equals("..");
    }

    public static boolean validVariantName(String name) {
        return name != null && VARIANT.matcher(name).matches();
    }

    /** The names a variant's settings may use, sorted. */
    public static List<String> settingNames() {
        return Arrays.stream(COMPONENTS)
                .map(RecordComponent::getName)
                .filter(n -> !FIXED.contains(n))
                .sorted()
                .toList();
    }

    /**
     * Reads a {@code PUT /v1/experiments/{id}} body into the experiment it defines, starting or stopping
     * it against {@code previous} (null for a new one).
     */
    public static Experiment parse(String experimentId, JsonNode body, Experiment previous, Instant now) {
        JsonNode variantsNode = body.get("variants");
        if (variantsNode == null || !variantsNode.isArray() || variantsNode.isEmpty()) {
            throw ApiException.badRequest("variants", "is required: a list of 1-" + MAX_VARIANTS + " variants");
        }
        if (variantsNode.size() > MAX_VARIANTS) {
            throw ApiException.badRequest("variants", "at most " + MAX_VARIANTS + " variants");
        }
        List<Experiment.Variant> variants = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int total = 0;
        for (int i = 0; i < variantsNode.size(); i++) {
            String field = "variants[" + i + "]";
            JsonNode v = variantsNode.get(i);
            if (!v.isObject()) {
                throw ApiException.badRequest(field, "must be an object {name, share, settings}");
            }
            JsonNode name = v.get("name");
            if (name == null || !name.isTextual() || !validVariantName(name.asText())) {
                throw ApiException.badRequest(field + ".name", "must be 1-32 letters, digits, '_', '-' or '.'");
            }
            if (!names.add(name.asText())) {
                throw ApiException.badRequest(field + ".name", "names another variant already");
            }
            JsonNode share = v.get("share");
            if (share == null || !share.isIntegralNumber() || share.asLong() < 0 || share.asLong() > 100) {
                throw ApiException.badRequest(field + ".share", "must be an integer percentage from 0 to 100");
            }
            total += share.asInt();
            Map<String, Object> settings = settings(field + ".settings", v.get("settings"));
            for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!Set.of("name", "share", "settings").contains(f)) {
                    throw ApiException.badRequest(field + "." + f, "is not a variant field (name, share, settings)");
                }
            }
            variants.add(new Experiment.Variant(name.asText(), share.asInt(), settings));
        }
        if (total != 100) {
            throw ApiException.badRequest("variants", "shares must add up to 100, not " + total);
        }
        JsonNode activeNode = body.get("active");
        if (activeNode != null && !activeNode.isNull() && !activeNode.isBoolean()) {
            throw ApiException.badRequest("active", "must be true or false");
        }
        boolean active = activeNode != null && activeNode.asBoolean(false);
        boolean wasActive = previous != null && previous.active();
        Instant startedAt =
                active ? (wasActive ? previous.startedAt() : now) : previous == null ? null : previous.startedAt();
        Instant stoppedAt = active ? null : (wasActive ? now : previous == null ? null : previous.stoppedAt());
        return new Experiment(
                experimentId,
                List.copyOf(variants),
                active,
                startedAt,
                stoppedAt,
                now,
                previous == null ? 1 : previous.version() + 1);
    }

    private static Map<String, Object> settings(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw ApiException.badRequest(field, "must be an object of ranking settings");
        }
        Map<String, Object> settings = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String at = field + "." + name;
            RecordComponent component = component(name);
            if (component == null) {
                throw ApiException.badRequest(
                        at, "is not a ranking setting; one of " + String.join(", ", settingNames()));
            }
            JsonNode value = e.getValue();
            Class<?> type = component.getType();
            if (type == boolean.class) {
                if (!value.isBoolean()) {
                    throw ApiException.badRequest(at, "must be true or false");
                }
                settings.put(name, value.asBoolean());
            } else if (type == int.class) {
                if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > 1000) {
                    throw ApiException.badRequest(at, "must be an integer from 0 to 1000");
                }
                settings.put(name, value.asInt());
            } else {
                if (!value.isNumber()
                        || !Double.isFinite(value.asDouble())
                        || value.asDouble() < 0
                        || value.asDouble() > 1000) {
                    throw ApiException.badRequest(at, "must be a number from 0 to 1000");
                }
                settings.put(name, value.asDouble());
            }
        }
        return settings;
    }

    private static RecordComponent component(String name) {
        if (FIXED.contains(name)) {
            return null;
        }
        for (RecordComponent c : COMPONENTS) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** {@code base} with a variant's overrides applied; names and types were checked by {@link #parse}. */
    public static RankerSettings apply(RankerSettings base, Map<String, Object> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return base;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        try {
            for (RecordComponent c : COMPONENTS) {
                values.put(c.getName(), c.getAccessor().invoke(base));
            }
            overrides.forEach((name, value) -> {
                RecordComponent c = component(name);
                if (c == null) {
                    return;
                }
                Object v = value;
                if (c.getType() == int.class && value instanceof Number n) {
                    v = n.intValue();
                } else if (c.getType() == double.class && value instanceof Number n) {
                    v = n.doubleValue();
                }
                values.put(name, v);
            });
            return CANONICAL.newInstance(values.values().toArray());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IllegalStateException("ranking settings could not take " + overrides, e);
        }
    }

    private static Constructor<RankerSettings> canonical() {
        try {
            return RankerSettings.class.getDeclaredConstructor(
                    Arrays.stream(COMPONENTS).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
