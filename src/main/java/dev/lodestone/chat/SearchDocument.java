package dev.lodestone.chat;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.platform.text.TextAnalyzer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A document of a search index as the analyzer sees it: its id, title, and the frequency of each
 * term ({@link TextAnalyzer}: smartcn words for Chinese, English stems otherwise). The title counts
 * twice, so a word of the name outweighs the same word in a description.
 *
 * @param length the number of terms, repeats counted (the BM25 document length)
 */
public record SearchDocument(String docId, String title, Map<String, Integer> termFrequencies, int length) {

    /** The catalog fields a product question is matched on: title, brand, category levels, tags, description. */
    public static SearchDocument of(CatalogItem item) {
        List<String> fields = new ArrayList<>();
        fields.add(item.title());
        fields.add(item.title());
        fields.add(item.brand());
        if (item.category() != null) {
            fields.add(item.category().replace(CatalogItem.CATEGORY_SEPARATOR, " "));
        }
        if (item.tags() != null) {
            fields.add(String.join(" ", item.tags()));
        }
        fields.add(description(item));
        return of(item.itemId(), item.title() == null ? item.itemId() : item.title(), fields);
    }

    /** An article's title (twice), tags and body. */
    public static SearchDocument of(KbArticle article) {
        List<String> fields = new ArrayList<>();
        fields.add(article.title());
        fields.add(article.title());
        if (article.tags() != null) {
            fields.add(String.join(" ", article.tags()));
        }
        fields.add(article.body());
        return of(article.articleId(), article.title(), fields);
    }

    /** The item's description: its {@code description} attribute, when it has one. */
    public static String description(CatalogItem item) {
        return item.attributes() == null ? null : item.attributes().get("description");
    }

    private static SearchDocument of(String docId, String title, List<String> fields) {
        Map<String, Integer> tf = new LinkedHashMap<>();
        int length = 0;
        for (String field : fields) {
            // Analysed field by field: a Chinese title and an English brand each get their own analyzer.
            for (String term : TextAnalyzer.terms(field)) {
                tf.merge(term, 1, Integer::sum);
                length++;
            }
        }
        return new SearchDocument(docId, title, tf, length);
    }

    /** The distinct terms of a query, in order; the index unions their sets. */
    public static List<String> queryTerms(String query) {
        return distinct(TextAnalyzer.terms(query));
    }

    /** The distinct terms of analysed text, in order. */
    public static List<String> distinct(List<String> terms) {
        return terms.stream().distinct().toList();
    }
}
