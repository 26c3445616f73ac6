package dev.lodestone.recommend;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.StringWriter;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A list of ranked items handed out as the answer of many requests (the last answer of {@code /similar}
 * or {@code /trending}, the same for every shopper): written as JSON by the first response that carries
 * it, and copied as those bytes by every later one. Writing the 20 items with their reasons was the
 * largest part of such a request left. The bytes are the ones the first response wrote with the server's
 * own object mapper, so every response is the same as without this list. Read-only.
 */
@JsonSerialize(using = WrittenItems.Writer.class)
public final class WrittenItems extends AbstractList<RankedItem> implements RandomAccess {

    private final List<RankedItem> items;

    /** The items as written the first time; a race writes them twice, equal. */
    private volatile SerializableString json;

    private WrittenItems(List<RankedItem> items) {
        this.items = items;
    }

    /** The items, to be handed out again and again; an immutable copy. */
    public static WrittenItems of(List<RankedItem> items) {
        return items instanceof WrittenItems written ? written : new WrittenItems(List.copyOf(items));
    }

    /** Whether a response has written the items yet (tests). */
    boolean written() {
        return json != null;
    }

    @Override
    public RankedItem get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }

    /** Writes the items the first time through the response's own serializers, then their bytes. */
    static final class Writer extends StdSerializer<WrittenItems> {

        Writer() {
            super(WrittenItems.class);
        }

        @Override
        public void serialize(WrittenItems value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (gen.getCodec() == null) {
                // No factory to write a copy with: write the items as any list.
                provider.defaultSerializeValue(value.items, gen);
                return;
            }
            SerializableString json = value.json;
            if (json == null) {
                StringWriter out = new StringWriter(value.items.size() * 96);
                try (JsonGenerator copy = gen.getCodec().getFactory().createGenerator(out)) {
                    provider.defaultSerializeValue(value.items, copy);
                }
                json = new SerializedString(out.toString());
                value.json = json;
            }
            gen.writeRawValue(json);
        }
    }
}
