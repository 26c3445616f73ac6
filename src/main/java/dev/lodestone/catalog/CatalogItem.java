package dev.lodestone.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One item of the catalog, as carried on {@code catalog-items} and copied to Redis.
 *
 * @param category a path such as {@code 电子产品/手机/配件}; every level counts for affinities
 * @param stock units in stock; null when the catalog does not track stock
 * @param available false hides the item from every recommendation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(
        description = "A catalog item. Written by marketers (PUT replaces the whole item); price and stock are the"
                + " shop's facts.",
        requiredProperties = {"category"},
        examples = {
            "{\"title\":\"Phone\",\"category\":\"电子产品/手机\",\"brand\":\"品牌A\",\"price\":299.0,"
                    + "\"currency\":\"CNY\",\"stock\":12,\"available\":true}"
        })
public record CatalogItem(
        @Schema(description = "The item's id; on PUT it must match the path when given.", examples = "phone-1")
        String itemId,

        @Schema(maxLength = CatalogItem.MAX_TEXT, examples = "Phone")
        String title,

        @Schema(
                description = "A path of 1-" + CatalogItem.MAX_LEVELS + " levels separated by '/'; every"
                        + " level counts for affinities and category filters.",
                minLength = 1,
                maxLength = CatalogItem.MAX_TEXT,
                examples = "电子产品/手机")
        String category,

        @Schema(minLength = 1, maxLength = CatalogItem.MAX_BRAND, examples = "品牌A")
        String brand,

        @Schema(minimum = "0", maximum = "1000000000", examples = "299.0")
        Double price,

        @Schema(description = "ISO-4217 code.", pattern = "^[A-Z]{3}$", examples = "CNY")
        String currency,

        @Schema(description = "Units in stock; absent when the catalog does not track stock.", minimum = "0")
        Integer stock,

        @Schema(description = "false hides the item from every list; absent means true.")
        Boolean available,

        @Schema(maxItems = CatalogItem.MAX_TAGS, description = "Tags of 1-64 characters.")
        List<String> tags,

        @Schema(
                description = "Up to " + CatalogItem.MAX_TAGS + " string attributes (keys up to 64,"
                        + " values up to 256 characters).",
                additionalProperties = String.class)
        Map<String, String> attributes,

        @Schema(readOnly = true, description = "When the engine accepted this version.")
        Instant updatedAt) {

    /** Longest title and category path. */
    public static final int MAX_TEXT = 512;

    /** Most levels of a category path. */
    public static final int MAX_LEVELS = 8;

    /** Longest brand. */
    public static final int MAX_BRAND = 128;

    /** Most tags, and most attributes. */
    public static final int MAX_TAGS = 50;

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
