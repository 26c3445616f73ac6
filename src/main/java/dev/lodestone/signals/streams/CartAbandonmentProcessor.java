package dev.lodestone.signals.streams;

import dev.lodestone.platform.kafka.streams.Wakeup;
import dev.lodestone.shopper.EventType;
import dev.lodestone.shopper.ShopperEvent;
import dev.lodestone.signals.Cart;
import dev.lodestone.signals.CartAbandoned;
import dev.lodestone.signals.CartRecovered;
import dev.lodestone.signals.SignalsKeys;
import dev.lodestone.signals.Tally;
import dev.lodestone.signals.streams.SignalsTopology.In;
import dev.lodestone.signals.streams.SignalsTopology.Out;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each shopper's cart and fires the abandonment stages on a wall-clock punctuator that reads only
 * the carts due ({@link DueIndex}). A stage's {@code cart-abandoned} record and the cart's "stage fired"
 * mark are written in the same task, hence the same exactly-once transaction: a restart neither loses
 * nor repeats a stage.
 *
 * <p>Idle time is measured in intake time ({@code receivedAt}), against a clock that never runs ahead of
 * the input: while cart events are being read, it is the newest intake time read so far, so a backlog
 * (after a restart, under load) never makes a cart look idle while its purchase still waits to be read;
 * once no cart event has arrived for {@code quiet} (the input is caught up), it is the wall clock.
 */
final class CartAbandonmentProcessor implements Processor<String, In, String, Out> {

    static final String SERIES = SignalsKeys.CARTS;
    static final String ALL = "all";

    private final List<Duration> stages;
    private final Duration checkInterval;
    private final long quietMs;
    /** Newest intake time read (epoch ms), and the wall-clock time of the newest read (or of the start). */
    private long inputClock;

    private long lastInputAt;
    private ProcessorContext<String, Out> context;
    private KeyValueStore<String, Cart> carts;
    private DueIndex due;
    private Wakeup check;

    CartAbandonmentProcessor(List<Duration> stages, Duration checkInterval, Duration quiet) {
        this.stages = stages.stream().sorted().toList();
        this.checkInterval = checkInterval;
        this.quietMs = quiet.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, Out> context) {
        this.context = context;
        this.carts = context.getStateStore(SignalsTopology.CART_STORE);
        this.due = new DueIndex(context.getStateStore(SignalsTopology.CART_DUE_STORE));
        this.lastInputAt = context.currentSystemTimeMs();
        this.inputClock = Long.MIN_VALUE;
        // Woken when the next cart is due, not every interval: an idle engine commits nothing (Wakeup).
        this.check = new Wakeup(context, checkInterval, this::fire);
        // The first punctuation finds what was restored with the task and arms the next due time.
        check.soon();
    }

    @Override
    public void process(Record<String, In> record) {
        String key = record.key();
        lastInputAt = context.currentSystemTimeMs();
        Cart before = carts.get(key);
        if (record.value().forget() != null) {
            if (before != null) {
                due.remove(before.due(), key);
                carts.delete(key);
            }
            return;
        }
        ShopperEvent event = record.value().event();
        inputClock = Math.max(inputClock, event.receivedAt().toEpochMilli());
        if (event.itemId() == null) {
            return;
        }
        if (before == null) {
            if (event.type() != EventType.ADD_TO_CART) {
                return;
            }
            before = Cart.empty(key, event.userId());
        }
        if (before.recovers(event)) {
            CartRecovered recovered = new CartRecovered(
                    key,
                    before.userId(),
                    event.itemId(),
                    before.purchaseValue(event),
                    !before.recovered(),
                    before.abandonedAt(),
                    event.receivedAt());
            context.forward(record.withValue(Out.of(recovered)));
            String day = day(event.receivedAt());
            if (recovered.first()) {
                context.forward(record.withValue(Out.of(Tally.count(SERIES, ALL, day, "recovered"))));
            }
            context.forward(
                    record.withValue(Out.of(new Tally(SERIES, ALL, day, "recovered.value", 0, recovered.value()))));
        }
        Cart after = before.apply(event);
        due.remove(before.due(), key);
        if (after.isEmpty()) {
            carts.delete(key);
            return;
        }
        Long next = after.nextDue(stages);
        due.put(next, key);
        if (next != null) {
            check.by(next);
        }
        carts.put(key, after.withDue(next));
    }

    /**
     * Fires the stages due by the idle clock, then sleeps until the next due time; a cart due by the wall
     * clock but not yet by the input's is looked at again every {@code check-interval}.
     */
    private void fire(long now) {
        fireDue(now);
        wakeAtNextDue();
    }

    private void wakeAtNextDue() {
        Long next = due.first();
        if (next != null) {
            check.by(next);
        }
    }

    private void fireDue(long now) {
        Instant at = Instant.ofEpochMilli(now);
        long clock = now - lastInputAt >= quietMs ? now : Math.min(now, inputClock);
        if (clock == Long.MIN_VALUE) {
            return;
        }
        for (KeyValue<Long, String> entry : due.dueBy(clock)) {
            String key = entry.value;
            due.remove(entry.key, key);
            Cart cart = carts.get(key);
            if (cart == null || cart.due() == null || cart.due().longValue() != entry.key) {
                continue;
            }
            int stage = cart.stagesEmitted() + 1;
            CartAbandoned abandoned = new CartAbandoned(
                    key,
                    cart.userId(),
                    stage,
                    stages.get(stage - 1),
                    List.copyOf(cart.items().values()),
                    cart.value(),
                    cart.lastActivity(),
                    at);
            context.forward(new Record<>(key, Out.of(abandoned), now));
            String day = day(at);
            context.forward(new Record<>(key, Out.of(Tally.count(SERIES, ALL, day, "abandoned.stage" + stage)), now));
            if (stage == 1) {
                context.forward(
                        new Record<>(key, Out.of(new Tally(SERIES, ALL, day, "abandoned", 1, cart.value())), now));
            }
            Cart after = cart.abandoned(at);
            Long next = after.nextDue(stages);
            due.put(next, key);
            carts.put(key, after.withDue(next));
        }
    }

    static String day(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }
}
