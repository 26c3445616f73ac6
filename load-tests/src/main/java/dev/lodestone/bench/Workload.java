package dev.lodestone.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A deterministic, skewed shopper workload: Zipf item popularity, sessions of varying length that
 * wander between related items, and a funnel in which views ≫ carts ≫ purchases.
 *
 * <p>Item {@code item-0} is the most popular. Items with the same number modulo {@link #TOP_CATEGORIES}
 * share a top-level category, and a session's next item is often a close relative of the last one, so
 * co-occurrence has structure to find.
 */
final class Workload {

    static final String[] TOP = {"电子产品", "服装", "家居", "美妆", "食品", "运动", "图书", "母婴", "玩具", "汽车用品", "宠物", "办公"};
    static final int TOP_CATEGORIES = TOP.length;
    static final double CART_RATE = 0.08;
    static final double PURCHASE_RATE = 0.35;
    static final double MEAN_SESSION = 7;
    static final int MAX_SESSION = 60;

    private final int items;
    private final double[] cdf;

    Workload(int items, double zipfExponent) {
        this.items = items;
        this.cdf = new double[items];
        double sum = 0;
        for (int i = 0; i < items; i++) {
            sum += 1 / Math.pow(i + 1, zipfExponent);
            cdf[i] = sum;
        }
        for (int i = 0; i < items; i++) {
            cdf[i] /= sum;
        }
    }

    int items() {
        return items;
    }

    int popularItem(SplittableRandom random) {
        int index = java.util.Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(index < 0 ? -index - 1 : index, items - 1);
    }

    /** The catalog item {@code item-<n>} in the catalog shape of the recommendations issue. */
    static String catalogItem(int n) {
        Random random = new Random(n * 17L + 3);
        return "{\"title\":\"商品 " + n + "\",\"category\":\"" + category(n) + "\",\"brand\":\"品牌" + (n * 7 % 300)
                + "\",\"price\":" + price(n) + ",\"currency\":\"CNY\",\"stock\":" + (random.nextInt(50) == 0 ? 0 : 1 + random.nextInt(500))
                + ",\"available\":true,\"tags\":[\"tag" + (n % 40) + "\"],\"attributes\":{\"color\":\"c" + (n % 9) + "\"}}";
    }

    static String category(int n) {
        return TOP[n % TOP_CATEGORIES] + "/子类" + (n / TOP_CATEGORIES % 8);
    }

    static double price(int n) {
        Random random = new Random(n * 31L + 7);
        return Math.max(1, Math.min(Math.round(Math.exp(4 + 1.2 * random.nextGaussian()) * 100) / 100.0, 50_000));
    }

    /** Generates sessions for users drawn uniformly from {@code [userFrom, userTo)}. */
    final class Sessions {
        private final SplittableRandom random;
        private final int userFrom;
        private final int userTo;
        private final String idPrefix;
        private final boolean stampReceivedAt;
        private final BitSet usersSeen = new BitSet();
        private final List<String> pending = new ArrayList<>();
        private long sequence;
        private final java.util.concurrent.atomic.AtomicLong fresh;
        private long views;
        private long carts;
        private long purchases;

        Sessions(long seed, int userFrom, int userTo, String idPrefix, boolean stampReceivedAt) {
            this(seed, userFrom, userTo, idPrefix, stampReceivedAt, new java.util.concurrent.atomic.AtomicLong());
        }

        /** @param fresh shared by generators that cover the same users, so each user's first session happens once */
        Sessions(long seed, int userFrom, int userTo, String idPrefix, boolean stampReceivedAt,
                java.util.concurrent.atomic.AtomicLong fresh) {
            this.fresh = fresh;
            this.random = new SplittableRandom(seed);
            this.userFrom = userFrom;
            this.userTo = userTo;
            this.idPrefix = idPrefix;
            this.stampReceivedAt = stampReceivedAt;
        }

        /** One event: its shopper key and its JSON. */
        record Event(String key, String json) {}

        private String pendingUser;

        Event next() {
            if (pending.isEmpty()) {
                session();
            }
            return new Event("u:" + pendingUser, pending.remove(pending.size() - 1));
        }

        private void session() {
            // Every shopper of the range gets one session first (in a shuffled order), so reads of any
            // user-N in the range hit a known shopper; after that shoppers are drawn uniformly.
            int range = userTo - userFrom;
            long first = fresh.getAndIncrement();
            int user = first < range ? userFrom + shuffled(first, range) : userFrom + random.nextInt(range);
            usersSeen.set(user - userFrom);
            pendingUser = "user-" + user;
            String sessionId = idPrefix + "-s" + sequence;
            int length = 1 + (int) Math.min(MAX_SESSION - 1, Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - 1 / MEAN_SESSION)));
            // Spread history over the last week, 30 s between events, every session over before now
            // (the intake refuses occurredAt more than a few minutes in the future).
            Instant start = Instant.now().minusSeconds(random.nextLong(7 * 24 * 3600L) + 30L * (2 * length + 2));
            List<String> events = new ArrayList<>(length + 4);
            List<Integer> cart = new ArrayList<>();
            int item = popularItem(random);
            int t = 0;
            for (int i = 0; i < length; i++) {
                if (i > 0) {
                    item = random.nextDouble() < 0.5
                            ? Math.floorMod(item + TOP_CATEGORIES * (random.nextInt(9) - 4), items)
                            : popularItem(random);
                }
                events.add(event("view", sessionId, item, start.plusSeconds(30L * t++), null));
                views++;
                if (random.nextDouble() < CART_RATE) {
                    events.add(event("add_to_cart", sessionId, item, start.plusSeconds(30L * t++), null));
                    cart.add(item);
                    carts++;
                }
            }
            for (int carted : cart) {
                if (random.nextDouble() < PURCHASE_RATE) {
                    events.add(event("purchase", sessionId, carted, start.plusSeconds(30L * t++), price(carted)));
                    purchases++;
                }
            }
            // next() takes from the end: reverse so the session comes out in order.
            for (int i = events.size() - 1; i >= 0; i--) {
                pending.add(events.get(i));
            }
        }

        /** A fixed permutation of 0..range-1 (an affine map modulo range with a coprime stride). */
        private int shuffled(long index, int range) {
            long stride = 7_919;
            while (gcd(stride, range) != 1) {
                stride++;
            }
            return (int) ((index * stride + 13) % range);
        }

        private static long gcd(long a, long b) {
            return b == 0 ? a : gcd(b, a % b);
        }

        private String event(String type, String sessionId, int item, Instant at, Double price) {
            StringBuilder json = new StringBuilder(240)
                    .append("{\"eventId\":\"").append(idPrefix).append('-').append(sequence++)
                    .append("\",\"type\":\"").append(type)
                    .append("\",\"userId\":\"").append(pendingUser)
                    .append("\",\"sessionId\":\"").append(sessionId)
                    .append("\",\"itemId\":\"item-").append(item)
                    .append("\",\"occurredAt\":\"").append(at).append('"');
            if (price != null) {
                json.append(",\"quantity\":1,\"price\":").append(price).append(",\"currency\":\"CNY\"");
            }
            if (stampReceivedAt) {
                json.append(",\"receivedAt\":\"").append(Instant.now()).append('"');
            }
            return json.append('}').toString();
        }

        BitSet usersSeen() {
            return usersSeen;
        }

        long views() {
            return views;
        }

        long carts() {
            return carts;
        }

        long purchases() {
            return purchases;
        }
    }
}
