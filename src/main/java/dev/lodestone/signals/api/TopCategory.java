package dev.lodestone.signals.api;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.platform.errors.ApiException;

/** The {@code category} query parameter of the summaries: a top-level category, or a 400 naming it. */
final class TopCategory {

    private TopCategory() {}

    static String require(String category) {
        if (category.isBlank()
                || category.length() > CatalogItem.MAX_TEXT
                || category.contains(CatalogItem.CATEGORY_SEPARATOR)) {
            throw ApiException.badRequest("category", "must be a top-level category: 1-512 characters, no '/'");
        }
        return category;
    }
}
