package dev.lodestone.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lodestone.platform.kafka.JsonSerde;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NeighbourListSerdeTest {

    private static final NeighbourList LIST = new NeighbourList(
            "商品-1",
            12.5,
            List.of(new NeighbourList.Neighbour("item-2", 3.0, 1.5), new NeighbourList.Neighbour("配件-9", 0.25, 0)),
            42);

    private final NeighbourListSerde serde = new NeighbourListSerde();

    @Test
    void shouldReadBackWhatItWrote() {
        assertEquals(LIST, serde.deserialize("t", serde.serialize("t", LIST)));
        NeighbourList empty = NeighbourList.empty("x");
        assertEquals(empty, serde.deserialize("t", serde.serialize("t", empty)));
    }

    @Test
    void shouldStillReadListsWrittenInTheFirstLayout() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        out.writeUTF(LIST.itemId());
        out.writeDouble(LIST.count());
        out.writeLong(LIST.version());
        out.writeInt(LIST.neighbours().size());
        for (NeighbourList.Neighbour n : LIST.neighbours()) {
            out.writeUTF(n.itemId());
            out.writeDouble(n.together());
            out.writeDouble(n.next());
        }
        assertEquals(LIST, serde.deserialize("t", bytes.toByteArray()));
    }

    @Test
    void shouldStillReadListsPublishedAsJson() {
        byte[] json = JsonSerde.of(NeighbourList.class).serialize("item-neighbours", LIST);
        assertEquals(LIST, serde.deserialize("item-neighbours", json));
    }
}
