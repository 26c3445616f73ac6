package dev.lodestone.recommend;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One recommended item: {@code {"itemId":"…","score":0.93,"reason":{…}}}. */
public record RankedItem(String itemId, double score, Reason reason) {

    /**
     * Why an item is in the list, with its evidence.
     *
     * @param type {@code similar}, {@code popular_in_category}, {@code matches_brand}, {@code trending},
     *     {@code catalog}, or {@code fallback} for every item of a list served without Redis
     * @param because for {@code similar}: the item it is similar to
     * @param together for {@code similar}: weighted co-occurrence count with that item
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reason(String type, String because, Long together, String category, String brand) {

        public static final String FALLBACK = "fallback";

        public static Reason similar(String because, double together) {
            return new Reason("similar", because, Math.round(together), null, null);
        }

        public static Reason popularInCategory(String category) {
            return new Reason("popular_in_category", null, null, category, null);
        }

        public static Reason matchesBrand(String brand) {
            return new Reason("matches_brand", null, null, null, brand);
        }

        /** The list was served without Redis: popular or new items, nothing personal. */
        public static Reason fallback() {
            return of(FALLBACK);
        }

        public static Reason of(String type) {
            return new Reason(type, null, null, null, null);
        }
    }
}
