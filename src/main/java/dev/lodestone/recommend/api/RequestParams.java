package dev.lodestone.recommend.api;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.security.Ids;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Parses and validates the query parameters and body fields shared by the recommendation endpoints. */
final class RequestParams {

    static final int MAX_LIMIT = 100;
    static final int MAX_EXCLUDE = 200;

    private RequestParams() {}

    static int limit(String value, int defaultLimit) {
        if (value == null || value.isEmpty()) {
            return defaultLimit;
        }
        try {
            return limit(Integer.parseInt(value.strip()), defaultLimit);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit", "must be an integer between 1 and " + MAX_LIMIT);
        }
    }

    static int limit(Integer value, int defaultLimit) {
        int limit = value == null ? defaultLimit : value;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit", "must be an integer between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    static Double price(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return price(field, Double.parseDouble(value.strip()));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field, "must be a number");
        }
    }

    static Double price(String field, Double value) {
        if (value != null && (value.isNaN() || value < 0 || value > 1e9)) {
            throw ApiException.badRequest(field, "must be between 0 and 1000000000");
        }
        return value;
    }

    static void priceRange(Double min, Double max) {
        if (min != null && max != null && min > max) {
            throw ApiException.badRequest("minPrice", "must not exceed maxPrice");
        }
    }

    static String category(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > 512
                || List.of(value.split(CatalogItem.CATEGORY_SEPARATOR, -1)).stream()
                        .anyMatch(String::isBlank)) {
            throw ApiException.badRequest("category", "must be a category path such as 电子产品/手机");
        }
        return value;
    }

    static List<String> csv(String field, String value, int max) {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        return ids(field, List.of(value.split(",", -1)), max);
    }

    static List<String> ids(String field, List<String> values, int max) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > max) {
            throw ApiException.badRequest(field, "at most " + max + " item ids");
        }
        List<String> ids = new ArrayList<>(values.size());
        for (String id : values) {
            if (!Ids.valid(id)) {
                throw ApiException.badRequest(field, "every item id " + Ids.RULE);
            }
            ids.add(id);
        }
        return ids;
    }

    static Set<String> set(List<String> ids) {
        return new LinkedHashSet<>(ids);
    }
}
