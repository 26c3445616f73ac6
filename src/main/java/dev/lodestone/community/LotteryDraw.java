package dev.lodestone.community;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The verifiable draw of a lottery: a pure, documented function of the seed and the ordered entry list
 * (docs/community.md, "The fairness proof"), which {@code verify-lottery} recomputes.
 *
 * <ol>
 *   <li>{@code commitment = hex(SHA-256(seed))}, published when the lottery is created; the seed is 32
 *       random bytes, kept secret until the draw.
 *   <li>{@code entriesHash = hex(SHA-256(userId₁ + "\n" + userId₂ + "\n" + … + userIdₙ + "\n"))}, the
 *       entries in the order the lottery's partition accepted them, published at close.
 *   <li>Draw number {@code c = 0, 1, 2, …}: {@code x = first 8 bytes of HMAC-SHA256(key = seed,
 *       message = entriesHash + ":" + c)} as a big-endian integer with its top bit cleared (0 ≤ x < 2⁶³).
 *       With {@code m} candidates left, {@code x} is rejected when {@code x ≥ 2⁶³ − (2⁶³ mod m)}
 *       (rejection sampling: every candidate equally likely, no modulo bias); otherwise the candidate at
 *       index {@code x mod m} of the remaining list (in entry order) wins and leaves the list.
 *   <li>Until {@code winners} are drawn or no candidate is left. Then the seed is revealed.
 * </ol>
 */
public final class LotteryDraw {

    public static final String ALGORITHM = "commitment=SHA-256(seed); entriesHash=SHA-256(join(entries+'\\n'));"
            + " x_c=HMAC-SHA256(seed, entriesHash+':'+c)[0..8] & 2^63-1; reject x_c >= 2^63-(2^63 mod m);"
            + " winner=remaining[x_c mod m]";

    private LotteryDraw() {}

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String commitment(String seedHex) {
        return sha256Hex(HexFormat.of().parseHex(seedHex));
    }

    public static String entriesHash(List<String> entries) {
        StringBuilder all = new StringBuilder();
        for (String e : entries) {
            all.append(e).append('\n');
        }
        return sha256Hex(all.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The winners, in the order drawn. */
    public static List<String> winners(String seedHex, List<String> entries, int count) {
        String hash = entriesHash(entries);
        List<String> remaining = new ArrayList<>(entries);
        List<String> winners = new ArrayList<>();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(seedHex), "HmacSHA256"));
            for (long c = 0; winners.size() < count && !remaining.isEmpty(); c++) {
                byte[] h = mac.doFinal((hash + ":" + c).getBytes(StandardCharsets.UTF_8));
                long x = 0;
                for (int i = 0; i < 8; i++) {
                    x = (x << 8) | (h[i] & 0xff);
                }
                x &= Long.MAX_VALUE;
                long m = remaining.size();
                // r = 2^63 mod m without overflow (Long.MAX_VALUE = 2^63 − 1); accept x < 2^63 − r.
                long r = ((Long.MAX_VALUE % m) + 1) % m;
                if (x > Long.MAX_VALUE - r) {
                    continue;
                }
                winners.add(remaining.remove((int) (x % m)));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return winners;
    }
}
