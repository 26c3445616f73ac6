package dev.lodestone.similarity;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary serde for {@code similarity-item-store}: the store is read and rewritten for every
 * pair signal, and JSON of a 100-candidate list dominated replay time. Topics stay JSON.
 * Layout: version byte, itemId, count, version, n, then n × (itemId, together, next).
 */
public final class NeighbourListSerde
        implements Serde<NeighbourList>, Serializer<NeighbourList>, Deserializer<NeighbourList> {

    private static final byte FORMAT = 1;

    @Override
    public byte[] serialize(String topic, NeighbourList list) {
        if (list == null) {
            return null;
        }
        try {
            ByteArrayOutputStream bytes =
                    new ByteArrayOutputStream(32 + list.neighbours().size() * 40);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeUTF(list.itemId());
            out.writeDouble(list.count());
            out.writeLong(list.version());
            out.writeInt(list.neighbours().size());
            for (NeighbourList.Neighbour n : list.neighbours()) {
                out.writeUTF(n.itemId());
                out.writeDouble(n.together());
                out.writeDouble(n.next());
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public NeighbourList deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown neighbour list format " + format);
            }
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

    @Override
    public Serializer<NeighbourList> serializer() {
        return this;
    }

    @Override
    public Deserializer<NeighbourList> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}
}
