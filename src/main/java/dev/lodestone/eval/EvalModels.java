package dev.lodestone.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The models the {@code eval} command can measure, by name; the first is the default. */
public final class EvalModels {

    private EvalModels() {}

    public static Map<String, Function<Map<String, String>, NextItemModel>> all() {
        Map<String, Function<Map<String, String>, NextItemModel>> models = new LinkedHashMap<>();
        models.put("engine", EngineModel::new);
        models.put("pop", overrides -> new PopularityModel());
        return models;
    }
}
