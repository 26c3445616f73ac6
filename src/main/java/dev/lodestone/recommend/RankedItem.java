package dev.lodestone.recommend;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/** One recommended item: {@code {"itemId":"…","score":0.93,"reason":{…}}}. */
@JsonSerialize(using = RankedItem.Writer.class)
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

    /**
     * Writes an item and its reason field by field, the same JSON the bean serializer wrote (fields in
     * declaration order, a reason's null fields left out): a personal list is written anew for each
     * request, and the bean serializer's calls of the records' accessors by reflection were a third of
     * what writing the 20 items cost (docs/benchmarks.md).
     */
    static final class Writer extends StdSerializer<RankedItem> {

        Writer() {
            super(RankedItem.class);
        }

        @Override
        public void serialize(RankedItem item, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject(item);
            gen.writeStringField("itemId", item.itemId());
            gen.writeNumberField("score", item.score());
            gen.writeFieldName("reason");
            Reason reason = item.reason();
            if (reason == null) {
                gen.writeNull();
            } else {
                gen.writeStartObject(reason);
                optional(gen, "type", reason.type());
                optional(gen, "because", reason.because());
                if (reason.together() != null) {
                    gen.writeNumberField("together", reason.together().longValue());
                }
                optional(gen, "category", reason.category());
                optional(gen, "brand", reason.brand());
                gen.writeEndObject();
            }
            gen.writeEndObject();
        }

        private static void optional(JsonGenerator gen, String field, String value) throws IOException {
            if (value != null) {
                gen.writeStringField(field, value);
            }
        }
    }
}
