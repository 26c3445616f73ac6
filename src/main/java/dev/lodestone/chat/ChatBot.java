package dev.lodestone.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.store.CatalogCache;
import dev.lodestone.chat.store.SearchIndex;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.redis.VersionedProjection;
import dev.lodestone.platform.text.TextAnalyzer;
import dev.lodestone.points.PointsKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.List;

/**
 * The bot: classifies a shopper's message and answers what it can from the engine's read models, in
 * the shopper's language (Chinese when the message has Han characters). Product questions from the
 * catalog index and the catalog (name, price, stock, description); points questions from the ledger's
 * read model (balance, latest entries); FAQ and order questions from the knowledge base. It hands
 * over when asked for a person, when the best intent is below the confidence floor or too close to the
 * runner-up, or when the search finds nothing good enough; its best guesses go with the hand-over.
 * Created at start: training loads the analyzers' dictionaries, which must not happen on a request's
 * event loop.
 */
@ApplicationScoped
@Startup
public class ChatBot {

    /** What the bot says, what it attaches, and whether the conversation goes to the agents (and why). */
    public record Answer(String text, ObjectNode data, String handOverReason, String guesses) {
        public boolean handsOver() {
            return handOverReason != null;
        }
    }

    private static final int HITS = 3;
    private static final int MAX_ARTICLE_CHARS = 600;

    private final IntentClassifier classifier = IntentClassifier.fromTrainingFile();
    private final SearchIndex index;
    private final CatalogCache catalog;
    private final ReactiveRedisDataSource redis;
    private final VersionedProjection points;
    private final ChatConfig config;

    ChatBot(SearchIndex index, CatalogCache catalog, ReactiveRedisDataSource redis, ChatConfig config) {
        this.index = index;
        this.catalog = catalog;
        this.redis = redis;
        this.points = new VersionedProjection(redis);
        this.config = config;
    }

    public IntentClassifier classifier() {
        return classifier;
    }

    /** The answer to {@code text} from the shopper {@code userId}. */
    public Uni<Answer> answer(String text, String userId) {
        boolean zh = TextAnalyzer.containsHan(text);
        List<String> analysed = TextAnalyzer.terms(text);
        List<String> terms = SearchDocument.distinct(analysed);
        IntentClassifier.Prediction prediction = classifier.classifyTerms(analysed);
        IntentClassifier.Scored best = prediction.best();
        ObjectNode data = JsonSerde.MAPPER.createObjectNode();
        data.put("intent", best.intent().wireName());
        data.put("confidence", round(best.probability()));
        if (best.intent() == Intent.HUMAN) {
            return guesses(terms, prediction)
                    .map(g -> new Answer(
                            zh ? "好的，正在为您转接人工客服，请稍候。" : "Sure, I am passing you to a person; please wait a moment.",
                            data,
                            "asked",
                            g));
        }
        if (best.probability() < config.confidenceFloor() || prediction.margin() < config.confidenceMargin()) {
            return handOver(terms, prediction, data, zh, "low_confidence");
        }
        return switch (best.intent()) {
            case PRODUCT -> product(terms, prediction, data, zh);
            case POINTS -> points(userId, data, zh);
            case ORDER, FAQ -> article(terms, prediction, data, zh);
            case GREETING ->
                Uni.createFrom()
                        .item(new Answer(
                                zh
                                        ? "您好！请问有什么可以帮您？可以问我商品、积分、订单或售后问题。"
                                        : "Hello! How can I help? Ask me about products, your points, orders or our policies.",
                                data,
                                null,
                                null));
            case HUMAN -> throw new IllegalStateException("answered above");
        };
    }

    private Uni<Answer> product(
            List<String> terms, IntentClassifier.Prediction prediction, ObjectNode data, boolean zh) {
        return index.searchTerms(ChatKeys.ITEMS, terms, HITS).chain(hits -> {
            CatalogItem item = null;
            ArrayNode alternatives = data.putArray("alternatives");
            for (SearchIndex.Hit hit : hits) {
                CatalogItem found = catalog.items().get(hit.id());
                if (found == null) {
                    continue;
                }
                if (item == null && hit.score() >= config.minSearchScore()) {
                    item = found;
                } else {
                    alternatives
                            .addObject()
                            .put("itemId", hit.id())
                            .put("name", hit.title())
                            .put("score", round(hit.score()));
                }
            }
            if (item == null) {
                return handOver(terms, prediction, data, zh, "no_answer");
            }
            ObjectNode card = data.putObject("product");
            card.put("itemId", item.itemId());
            card.put("name", item.title());
            if (item.price() != null) {
                card.put("price", item.price());
            }
            if (item.currency() != null) {
                card.put("currency", item.currency());
            }
            String price = priceText(item, zh);
            if (price != null) {
                card.put("priceText", price);
            }
            if (item.stock() != null) {
                card.put("stock", item.stock());
            }
            String description = SearchDocument.description(item);
            if (description != null) {
                card.put("description", description);
            }
            StringBuilder reply = new StringBuilder(item.title() == null ? item.itemId() : item.title());
            if (zh) {
                reply.append("：价格 ").append(price == null ? "暂无" : price);
                if (item.stock() != null) {
                    reply.append("，库存 ").append(item.stock()).append(" 件");
                }
                reply.append("。");
            } else {
                reply.append(": price ").append(price == null ? "not set" : price);
                if (item.stock() != null) {
                    reply.append(", ").append(item.stock()).append(" in stock");
                }
                reply.append(".");
            }
            if (description != null) {
                reply.append(zh ? "" : " ").append(description);
            }
            return Uni.createFrom().item(new Answer(reply.toString(), data, null, null));
        });
    }

    private Uni<Answer> points(String userId, ObjectNode data, boolean zh) {
        Uni<String> balance = points.read(PointsKeys.pointsBalance(userId));
        Uni<Response> latest = redis.execute(Command.ZREVRANGE, PointsKeys.pointsHistory(userId), "0", "2");
        return Uni.combine().all().unis(balance, latest).asTuple().map(t -> {
            long amount = 0;
            if (t.getItem1() != null) {
                amount = JsonSerde.read(t.getItem1(), JsonNode.class)
                        .path("balance")
                        .asLong();
            }
            ObjectNode card = data.putObject("points");
            card.put("balance", amount);
            ArrayNode entries = card.putArray("latest");
            StringBuilder reply =
                    new StringBuilder(zh ? "您当前的积分余额为 " + amount + "。" : "Your points balance is " + amount + ".");
            if (t.getItem2() != null && t.getItem2().size() > 0) {
                reply.append(zh ? "最近的记录：" : " Latest entries:");
                boolean first = true;
                for (Response r : t.getItem2()) {
                    JsonNode entry = JsonSerde.read(r.toString(), JsonNode.class);
                    entries.add(entry);
                    long signed = "redeem".equals(entry.path("type").asText())
                                    || entry.path("amount").asLong() < 0
                            ? -Math.abs(entry.path("amount").asLong())
                            : entry.path("amount").asLong();
                    reply.append(first ? " " : (zh ? "；" : "; "))
                            .append(signed >= 0 ? "+" : "")
                            .append(signed);
                    String reason = entry.path("reason").asText("");
                    if (!reason.isEmpty()) {
                        reply.append(" (").append(reason).append(")");
                    }
                    first = false;
                }
                reply.append(zh ? "。" : ".");
            }
            return new Answer(reply.toString(), data, null, null);
        });
    }

    private Uni<Answer> article(
            List<String> terms, IntentClassifier.Prediction prediction, ObjectNode data, boolean zh) {
        return index.searchTerms(ChatKeys.KB, terms, HITS).chain(hits -> {
            if (hits.isEmpty() || hits.get(0).score() < config.minSearchScore()) {
                return handOver(terms, prediction, data, zh, "no_answer");
            }
            ArrayNode articles = data.putArray("articles");
            for (SearchIndex.Hit hit : hits) {
                articles.addObject()
                        .put("articleId", hit.id())
                        .put("title", hit.title())
                        .put("score", round(hit.score()));
            }
            SearchIndex.Hit top = hits.get(0);
            return redis.execute(Command.GET, ChatKeys.article(top.id())).map(json -> {
                String b = json == null
                        ? ""
                        : JsonSerde.read(json.toString(), JsonNode.class)
                                .path("body")
                                .asText("");
                if (b.length() > MAX_ARTICLE_CHARS) {
                    b = b.substring(0, MAX_ARTICLE_CHARS) + "…";
                }
                return new Answer(top.title() + (zh ? "：" : ": ") + b, data, null, null);
            });
        });
    }

    private Uni<Answer> handOver(
            List<String> terms, IntentClassifier.Prediction prediction, ObjectNode data, boolean zh, String reason) {
        return guesses(terms, prediction)
                .map(g -> new Answer(
                        zh
                                ? "这个问题我转给人工客服为您解答，请稍候。"
                                : "Let me pass this to a person who can help; please wait a moment.",
                        data,
                        reason,
                        g));
    }

    /** The best intents and the best catalog and article hits, for the agent who takes over. */
    private Uni<String> guesses(List<String> terms, IntentClassifier.Prediction prediction) {
        return Uni.combine()
                .all()
                .unis(index.searchTerms(ChatKeys.ITEMS, terms, HITS), index.searchTerms(ChatKeys.KB, terms, HITS))
                .asTuple()
                .map(t -> {
                    ObjectNode g = JsonSerde.MAPPER.createObjectNode();
                    ArrayNode intents = g.putArray("intents");
                    for (IntentClassifier.Scored s : prediction.ranked().subList(0, 3)) {
                        intents.addObject().put("intent", s.intent().wireName()).put("p", round(s.probability()));
                    }
                    hits(g.putArray("items"), t.getItem1());
                    hits(g.putArray("articles"), t.getItem2());
                    return g.toString();
                });
    }

    private static void hits(ArrayNode array, List<SearchIndex.Hit> hits) {
        for (SearchIndex.Hit hit : hits) {
            array.addObject().put("id", hit.id()).put("title", hit.title()).put("score", round(hit.score()));
        }
    }

    /** 300元 for CNY (or no currency) in Chinese; 300 CNY otherwise. */
    static String priceText(CatalogItem item, boolean zh) {
        if (item.price() == null) {
            return null;
        }
        String amount = BigDecimal.valueOf(item.price()).stripTrailingZeros().toPlainString();
        String currency = item.currency() == null ? "CNY" : item.currency();
        if (zh && "CNY".equals(currency)) {
            return amount + "元";
        }
        return amount + " " + currency;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
