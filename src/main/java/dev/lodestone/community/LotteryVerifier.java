package dev.lodestone.community;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.platform.kafka.JsonSerde;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code verify-lottery <proof.json | URL> [--token TOKEN]}: recomputes a lottery's draw from its proof
 * ({@code GET /v1/community/lotteries/{id}/proof}) with {@link LotteryDraw} and says whether the seed
 * matches the commitment, the entries their hash, and the winners the draw. Exit 0 only when all three
 * hold. A URL is fetched with {@code --token} or {@code LODESTONE_TOKEN} as the bearer token.
 */
public final class LotteryVerifier {

    private LotteryVerifier() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String source = null;
        String token = System.getenv("LODESTONE_TOKEN");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--token") && i + 1 < args.length) {
                token = args[++i];
            } else if (source == null && !args[i].startsWith("--")) {
                source = args[i];
            } else {
                err.println("usage: verify-lottery <proof.json | URL> [--token TOKEN]");
                return 2;
            }
        }
        if (source == null) {
            err.println("usage: verify-lottery <proof.json | URL> [--token TOKEN]");
            return 2;
        }
        JsonNode proof;
        try {
            proof = JsonSerde.MAPPER.readTree(read(source, token));
        } catch (Exception e) {
            err.println("error: cannot read the proof from " + source + ": " + e.getMessage());
            return 2;
        }
        return verify(proof, out);
    }

    /** Checks a proof document; prints one line per check. */
    public static int verify(JsonNode proof, PrintStream out) {
        String seed = proof.path("seed").asText();
        List<String> entries = strings(proof.path("entries"));
        List<String> winners = strings(proof.path("winners"));
        int count = proof.path("winnersCount").asInt();
        boolean commitment =
                LotteryDraw.commitment(seed).equals(proof.path("commitment").asText());
        boolean hash = LotteryDraw.entriesHash(entries)
                .equals(proof.path("entriesHash").asText());
        List<String> drawn = LotteryDraw.winners(seed, entries, count);
        boolean draw = drawn.equals(winners);
        out.printf(
                "lottery %s: %d entries, %d winners%n", proof.path("lotteryId").asText(), entries.size(), count);
        out.println((commitment ? "OK" : "MISMATCH") + "  SHA-256(seed) equals the published commitment");
        out.println((hash ? "OK" : "MISMATCH") + "  SHA-256(ordered entries) equals entriesHash");
        out.println(
                (draw ? "OK" : "MISMATCH") + "  the draw recomputed from seed and entries gives the published winners");
        if (!draw) {
            out.println("recomputed winners: " + drawn);
        }
        return commitment && hash && draw ? 0 : 1;
    }

    private static String read(String source, String token) throws Exception {
        if (source.startsWith("http://") || source.startsWith("https://")) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create(source)).timeout(Duration.ofSeconds(30));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response =
                    HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + " " + response.body());
            }
            return response.body();
        }
        return Files.readString(Path.of(source));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
