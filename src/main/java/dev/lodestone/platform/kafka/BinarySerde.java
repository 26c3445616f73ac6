package dev.lodestone.platform.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A compact binary serde for a value the engine reads and rewrites on every event (a store's value, a
 * topic between its own parts), where JSON, Jackson's instant parsing above all, costs more than the
 * work itself (docs/benchmarks.md).
 *
 * <p>Every value starts with its layout's format byte, then the fields as the subclass writes them.
 * Strings are an int length (-1 for null) and UTF-8 bytes; instants a presence byte, epoch seconds and
 * nanos (exact); doubles their bits (exact); collections an int count and their entries in iteration
 * order. A value starting with {@code '{'} is JSON written before the layout existed: it is still read
 * (through {@code legacy}), so an existing changelog or topic restores unchanged.
 */
public abstract class BinarySerde<T> implements ValueSerde<T> {

    private static final byte JSON = '{';
    private static final int FIRST_CAPACITY = 512;

    private final byte format;
    private final String name;
    private final JsonSerde<T> legacy;

    protected BinarySerde(byte format, Class<T> type) {
        if (format == JSON) {
            throw new IllegalArgumentException("format byte " + format + " is the start of JSON");
        }
        this.format = format;
        this.name = type.getSimpleName();
        this.legacy = JsonSerde.of(type);
    }

    /** Writes the value's fields after the format byte. */
    protected abstract void write(Writer out, T value);

    /** Reads the fields {@link #write} wrote. */
    protected abstract T read(Reader in);

    @Override
    public final byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        Writer out = new Writer();
        out.put(format);
        write(out, value);
        return out.bytes();
    }

    @Override
    public final T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] == JSON) {
            return legacy.deserialize(topic, data);
        }
        Reader in = new Reader(ByteBuffer.wrap(data));
        byte found = in.get();
        if (found != format) {
            throw new SerializationException("unknown " + name + " format " + found + " (expected " + format + ")");
        }
        try {
            return read(in);
        } catch (RuntimeException e) {
            throw new SerializationException("cannot read " + name + " (format " + format + ")", e);
        }
    }

    /** The initial capacity of a hash map that will hold {@code entries} without resizing. */
    protected static int capacity(int entries) {
        return (int) (entries / 0.75f) + 1;
    }

    /** A growing buffer: a value's size is bounded by its settings but not known up front. */
    public static final class Writer {
        private ByteBuffer buffer = ByteBuffer.allocate(FIRST_CAPACITY);

        private ByteBuffer room(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
            return buffer;
        }

        public Writer put(byte b) {
            room(1).put(b);
            return this;
        }

        public Writer bool(boolean b) {
            return put((byte) (b ? 1 : 0));
        }

        public Writer putInt(int i) {
            room(4).putInt(i);
            return this;
        }

        public Writer putLong(long l) {
            room(8).putLong(l);
            return this;
        }

        public Writer putDouble(double d) {
            room(8).putDouble(d);
            return this;
        }

        /** A double that may be absent: a presence byte, then its bits. */
        public Writer optionalDouble(Double d) {
            return d == null ? put((byte) 0) : put((byte) 1).putDouble(d);
        }

        public Writer string(String s) {
            if (s == null) {
                return putInt(-1);
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            room(4 + utf8.length).putInt(utf8.length).put(utf8);
            return this;
        }

        public Writer instant(Instant at) {
            if (at == null) {
                return put((byte) 0);
            }
            room(13).put((byte) 1).putLong(at.getEpochSecond()).putInt(at.getNano());
            return this;
        }

        public Writer count(Collection<?> values) {
            return putInt(values.size());
        }

        public Writer count(Map<?, ?> values) {
            return putInt(values.size());
        }

        byte[] bytes() {
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return bytes;
        }
    }

    /** Reads what a {@link Writer} wrote, in the same order. */
    public static final class Reader {
        private final ByteBuffer buffer;

        Reader(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        public byte get() {
            return buffer.get();
        }

        public boolean bool() {
            return buffer.get() != 0;
        }

        public int getInt() {
            return buffer.getInt();
        }

        public long getLong() {
            return buffer.getLong();
        }

        public double getDouble() {
            return buffer.getDouble();
        }

        public Double optionalDouble() {
            return buffer.get() == 0 ? null : buffer.getDouble();
        }

        public String string() {
            int length = buffer.getInt();
            if (length < 0) {
                return null;
            }
            String s = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + length);
            return s;
        }

        public Instant instant() {
            return buffer.get() == 0 ? null : Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
        }
    }
}
