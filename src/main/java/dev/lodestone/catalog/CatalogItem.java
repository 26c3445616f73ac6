package dev.lodestone.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One item of the catalog, as carried on {@code catalog-items} and copied to Redis.
 *
 * @param category a path such as {@code 电子产品/手机/配件}; every level counts for affinities
 * @param stock units in stock; null when the catalog does not track stock
 * @param available false hides the item from every recommendation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CatalogItem(
        String itemId,
        String title,
        String category,
        String brand,
        Double price,
        String currency,
        Integer stock,
        Boolean available,
        List<String> tags,
        Map<String, String> attributes,
        Instant updatedAt) {

    public static final String CATEGORY_SEPARATOR = "/";

    /** {@code a}, {@code a/b}, {@code a/b/c} for the path {@code a/b/c}. */
    @JsonIgnore
    public List<String> categoryLevels() {
        return categoryLevels(category);
    }

    public static List<String> categoryLevels(String category) {
        if (category == null || category.isEmpty()) {
            return List.of();
        }
        List<String> levels = new ArrayList<>(4);
        int from = 0;
        while (true) {
            int slash = category.indexOf(CATEGORY_SEPARATOR, from);
            if (slash < 0) {
                levels.add(category);
                return levels;
            }
            levels.add(category.substring(0, slash));
            from = slash + 1;
        }
    }

    @JsonIgnore
    public String topCategory() {
        return topCategory(category);
    }

    public static String topCategory(String category) {
        if (category == null) {
            return null;
        }
        int slash = category.indexOf(CATEGORY_SEPARATOR);
        return slash < 0 ? category : category.substring(0, slash);
    }

    /** True when the item is in {@code path} or one of its sub-categories. */
    public boolean inCategory(String path) {
        return category != null && (category.equals(path) || category.startsWith(path + CATEGORY_SEPARATOR));
    }

    /** Available and, when stock is tracked, in stock. */
    @JsonIgnore
    public boolean sellable() {
        return !Boolean.FALSE.equals(available) && (stock == null || stock > 0);
    }

    public CatalogItem withIdAndTime(String id, Instant at) {
        return new CatalogItem(
                id,
                title,
                category,
                brand,
                price,
                currency,
                stock,
                available == null ? Boolean.TRUE : available,
                tags,
                attributes,
                at);
    }
}
