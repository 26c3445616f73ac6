package dev.lodestone.recommend;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A list of ranked items handed out as the answer of many requests (the last answer of {@code /similar}
 * or {@code /trending}, the same for every shopper; the last list picked for a shopper the near cache
 * holds): written as JSON by the first response that carries it, and copied as those bytes by every later
 * one. Writing the 20 items with their reasons was the largest part of such a request left. The bytes are
 * the ones the first response wrote with the server's own object mapper, so every response is the same as
 * without this list. Only the UTF-8 bytes are kept (about 2 KB for 20 items), not a string beside them: a
 * response is written as UTF-8. Read-only.
 */
@JsonSerialize(using = WrittenItems.Writer.class)
public final class WrittenItems extends AbstractList<RankedItem> implements RandomAccess {

    private final List<RankedItem> items;

    /** The items as written the first time; a race writes them twice, equal. */
    private volatile Utf8Json json;

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
            Utf8Json json = value.json;
            if (json == null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(value.items.size() * 112);
                try (JsonGenerator copy = gen.getCodec().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                    provider.defaultSerializeValue(value.items, copy);
                }
                json = new Utf8Json(out.toByteArray());
                value.json = json;
            }
            gen.writeRawValue(json);
        }
    }

    /**
     * Raw JSON held as its UTF-8 bytes only, which a UTF-8 generator (a response) copies as they are;
     * {@link com.fasterxml.jackson.core.io.SerializedString} would keep a string beside them. The
     * character forms are decoded when asked for (a generator writing to a {@code Writer}).
     */
    static final class Utf8Json implements SerializableString {

        private final byte[] utf8;

        Utf8Json(byte[] utf8) {
            this.utf8 = utf8;
        }

        @Override
        public String getValue() {
            return new String(utf8, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public char[] asQuotedChars() {
            return JsonStringEncoder.getInstance().quoteAsString(getValue());
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return utf8;
        }

        @Override
        public byte[] asQuotedUTF8() {
            return JsonStringEncoder.getInstance().quoteAsUTF8(getValue());
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return append(asQuotedUTF8(), buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            char[] quoted = asQuotedChars();
            if (quoted.length > buffer.length - offset) {
                return -1;
            }
            System.arraycopy(quoted, 0, buffer, offset, quoted.length);
            return quoted.length;
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            return append(utf8, buffer, offset);
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String value = getValue();
            if (value.length() > buffer.length - offset) {
                return -1;
            }
            value.getChars(0, value.length(), buffer, offset);
            return value.length();
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            byte[] quoted = asQuotedUTF8();
            out.write(quoted);
            return quoted.length;
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            return put(asQuotedUTF8(), buffer);
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            return put(utf8, buffer);
        }

        @Override
        public String toString() {
            return getValue();
        }

        /** Copies {@code bytes} into {@code buffer} at {@code offset}; -1 when they do not fit. */
        private static int append(byte[] bytes, byte[] buffer, int offset) {
            if (bytes.length > buffer.length - offset) {
                return -1;
            }
            System.arraycopy(bytes, 0, buffer, offset, bytes.length);
            return bytes.length;
        }

        private static int put(byte[] bytes, ByteBuffer buffer) {
            if (bytes.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(bytes);
            return bytes.length;
        }
    }
}
