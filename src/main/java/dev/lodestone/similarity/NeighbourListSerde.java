package dev.lodestone.similarity;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.ValueSerde;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Compact binary serde for {@code similarity-item-store} and the {@code item-neighbours} topic: the
 * store is read and rewritten for every signal record, and JSON of a 100-candidate list dominated
 * replay time; every changed list is then published, and read again by the projection and by each
 * instance's in-memory copy (docs/benchmarks.md). Redis keeps JSON.
 *
 * <p>Layout 2: format byte, itemId, count (double), version (long), n (int), then n × (itemId,
 * together, next); strings as an unsigned 16-bit length and UTF-8 bytes, read and written on a
 * {@link ByteBuffer}. Layout 1 (the same through {@code DataOutputStream}, whose synchronised
 * streams were 5.7 % of all samples in the benchmark, docs/benchmarks.md) is still read, and so is
 * JSON (a value starting with {@code '{'}): the compacted topic keeps lists published as JSON by
 * earlier versions.
 */
public final class NeighbourListSerde implements ValueSerde<NeighbourList> {

    private static final byte LEGACY = 1;
    private static final byte FORMAT = 2;
    private static final byte JSON = '{';
    private static final JsonSerde<NeighbourList> PUBLISHED_AS_JSON = JsonSerde.of(NeighbourList.class);

    @Override
    public byte[] serialize(String topic, NeighbourList list) {
        if (list == null) {
            return null;
        }
        List<NeighbourList.Neighbour> neighbours = list.neighbours();
        byte[] item = utf8(list.itemId());
        byte[][] ids = new byte[neighbours.size()][];
        int size = 1 + 2 + item.length + 8 + 8 + 4;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = utf8(neighbours.get(i).itemId());
            size += 2 + ids[i].length + 16;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(FORMAT);
        putString(out, item);
        out.putDouble(list.count());
        out.putLong(list.version());
        out.putInt(ids.length);
        for (int i = 0; i < ids.length; i++) {
            putString(out, ids[i]);
            out.putDouble(neighbours.get(i).together());
            out.putDouble(neighbours.get(i).next());
        }
        return out.array();
    }

    @Override
    public NeighbourList deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] == LEGACY) {
            return legacy(data);
        }
        if (data.length > 0 && data[0] == JSON) {
            return PUBLISHED_AS_JSON.deserialize(topic, data);
        }
        ByteBuffer in = ByteBuffer.wrap(data);
        byte format = in.get();
        if (format != FORMAT) {
            throw new IllegalStateException("unknown neighbour list format " + format);
        }
        String itemId = getString(in);
        double count = in.getDouble();
        long version = in.getLong();
        int size = in.getInt();
        NeighbourList.Neighbour[] neighbours = new NeighbourList.Neighbour[size];
        for (int i = 0; i < size; i++) {
            neighbours[i] = new NeighbourList.Neighbour(getString(in), in.getDouble(), in.getDouble());
        }
        return new NeighbourList(itemId, count, List.of(neighbours), version);
    }

    private static byte[] utf8(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("item id longer than 65535 bytes");
        }
        return bytes;
    }

    private static void putString(ByteBuffer out, byte[] bytes) {
        out.putShort((short) bytes.length);
        out.put(bytes);
    }

    private static String getString(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    private static NeighbourList legacy(byte[] data) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            in.readByte();
            String itemId = in.readUTF();
            double count = in.readDouble();
            long version = in.readLong();
            int size = in.readInt();
            List<NeighbourList.Neighbour> neighbours = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                neighbours.add(new NeighbourList.Neighbour(in.readUTF(), in.readDouble(), in.readDouble()));
            }
            return new NeighbourList(itemId, count, List.copyOf(neighbours), version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
