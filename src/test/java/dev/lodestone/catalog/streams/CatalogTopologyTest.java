package dev.lodestone.catalog.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.CatalogTopics;
import dev.lodestone.support.TopologyHarness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogTopologyTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    /** What each lookup returned, in order. */
    private final List<CatalogItem> seen = new ArrayList<>();

    private TopologyHarness harness;
    private TestInputTopic<String, CatalogItem> catalog;
    private TestInputTopic<String, String> lookups;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        CatalogTopology.addTo(builder);
        builder.stream("lookups", Consumed.with(Serdes.String(), Serdes.String()))
                .process(() -> new Lookup(seen));
        harness = new TopologyHarness(builder.build(), 0);
        catalog = harness.input(CatalogTopics.CATALOG_ITEMS);
        lookups = harness.driver.createInputTopic("lookups", new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void anUnchangedItemIsDecodedOnceForEveryLookup() {
        catalog.pipeInput("phone-1", item("Phone", 100.0), AT);

        lookups.pipeInput("shopper-1", "phone-1");
        lookups.pipeInput("shopper-2", "phone-1");
        lookups.pipeInput("shopper-3", "phone-1");

        assertEquals("Phone", seen.get(0).title());
        assertSame(seen.get(1), seen.get(2), "the lookups after the first share its decoded item");
    }

    @Test
    void aChangedItemIsReadAfresh() {
        catalog.pipeInput("phone-1", item("Phone", 100.0), AT);
        lookups.pipeInput("shopper-1", "phone-1");
        lookups.pipeInput("shopper-1", "phone-1");

        catalog.pipeInput("phone-1", item("Phone", 80.0), AT.plusSeconds(1));
        lookups.pipeInput("shopper-1", "phone-1");

        assertEquals(Double.valueOf(80.0), seen.get(2).price());
        assertNotSame(seen.get(1), seen.get(2));
    }

    private static CatalogItem item(String title, double price) {
        return new CatalogItem("phone-1", title, "electronics/phones", "brand", price, "CNY", 5, true, null, null, AT);
    }

    /** Looks up the item named by the record's value. */
    private static final class Lookup implements Processor<String, String, Void, Void> {
        private final List<CatalogItem> seen;
        private Function<String, CatalogItem> catalog;

        Lookup(List<CatalogItem> seen) {
            this.seen = seen;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            catalog = CatalogLookup.of(context);
        }

        @Override
        public void process(Record<String, String> record) {
            seen.add(catalog.apply(record.value()));
        }
    }
}
