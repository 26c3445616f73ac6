package dev.lodestone.signals.store;

import dev.lodestone.platform.dashboard.DashboardPanel;
import dev.lodestone.signals.CartSummary;
import dev.lodestone.signals.DayRange;
import dev.lodestone.signals.FeedbackSummary;
import dev.lodestone.signals.SignalsKeys;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's signals panel: today's (UTC) carts and feedback, summed by the same code as
 * {@code GET /v1/carts/summary} and {@code GET /v1/feedback/summary} ({@link CartSummary}, {@link FeedbackSummary}).
 */
@Singleton
public class SignalsPanel implements DashboardPanel {

    private final SignalsReads reads;

    SignalsPanel(SignalsReads reads) {
        this.reads = reads;
    }

    @Override
    public String name() {
        return "signals";
    }

    @Override
    public Uni<Map<String, Double>> numbers() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        DayRange range = new DayRange(today, today);
        return Uni.combine()
                .all()
                .unis(reads.daily(SignalsKeys.CARTS, "all", range), reads.daily(SignalsKeys.FEEDBACK, "all", range))
                .asTuple()
                .map(t -> numbers(
                        CartSummary.of(range, t.getItem1()), FeedbackSummary.of(range, null, null, t.getItem2())));
    }

    static Map<String, Double> numbers(CartSummary carts, FeedbackSummary feedback) {
        Map<String, Double> n = new LinkedHashMap<>();
        n.put("carts abandoned today", (double) carts.abandoned());
        n.put("carts recovered today", (double) carts.recovered());
        n.put("recovered value today", carts.recoveredValue().doubleValue());
        n.put("feedback today", (double) feedback.responses());
        if (feedback.nps().score() != null) {
            n.put("NPS today", feedback.nps().score());
        }
        if (feedback.csat().mean() != null) {
            n.put("CSAT today", feedback.csat().mean());
        }
        return n;
    }
}
