package dev.lodestone.signals;

import dev.lodestone.platform.text.TextAnalyzer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keyword candidates of a feedback text: the terms of {@link TextAnalyzer} (smartcn segmentation for
 * Chinese, English stems), with a few shopping compounds smartcn splits joined again, minus stop words, single Han characters (particles, 太, 很, …), numbers and
 * punctuation; each distinct term once, at most {@link #MAX_TERMS}.
 */
public final class FeedbackText {

    /** Most distinct terms one text contributes. */
    public static final int MAX_TERMS = 40;

    /** Longest snippet kept as a keyword's example. */
    public static final int SNIPPET = 120;

    /** Chinese function words smartcn keeps as words of their own (English stop words go in the analyzer). */
    private static final Set<String> STOP_WORDS = Set.of(
            "我们", "你们", "他们", "这个", "那个", "一个", "没有", "就是", "还是", "但是", "而且", "因为", "所以", "如果", "什么", "怎么", "非常", "比较",
            "特别", "有点", "真的", "可以", "已经", "感觉", "觉得", "一下", "一直", "这次", "这样", "还有", "不是", "时候", "东西", "自己", "以后", "现在",
            "其他", "一般", "一点", "很多", "we", "i", "it", "thi", "wa", "veri", "realli", "just", "also", "get", "got",
            "would", "could", "still", "never", "again", "noth", "yet", "ever", "keep", "ago", "even", "much", "onli",
            "now");

    /**
     * Shopping words smartcn's dictionary lacks, which it splits into single characters (客服 → 客 / 服):
     * two adjacent single characters forming one of them are merged back.
     */
    private static final Set<String> COMPOUNDS = Set.of(
            "客服", "差评", "好评", "中评", "退货", "换货", "色差", "掉色", "起球", "正品", "假货", "店家", "掌柜", "亲们", "秒杀", "包邮", "运费", "尺码",
            "偏大", "偏小", "开线", "漏发", "错发", "少发");

    private FeedbackText() {}

    /**
     * The counters one feedback adds to a series-day: responses, the NPS band, CSAT sum and count, and
     * for a text its terms ({@code df.<term>}, {@code df.<band>.<term>}: texts containing the term), with
     * the text as an example of each term ({@code <band>.<term>}).
     */
    public static Tally tally(Feedback feedback, String dimension, String value, String day) {
        java.util.Map<String, Long> counters = new java.util.TreeMap<>();
        java.util.Map<String, String> examples = new java.util.TreeMap<>();
        counters.put("responses", 1L);
        String band = feedback.band();
        if (Feedback.NOT_INTERESTED.equals(feedback.source())) {
            counters.put("not_interested", 1L);
        }
        if (feedback.nps() != null) {
            counters.put("nps.responses", 1L);
            counters.put("nps." + band, 1L);
        }
        if (feedback.csat() != null) {
            counters.put("csat.responses", 1L);
            counters.put("csat.sum", (long) feedback.csat());
        }
        if (feedback.text() != null && !feedback.text().isBlank()) {
            counters.put("texts", 1L);
            if (band != null) {
                counters.put("texts." + band, 1L);
            }
            String snippet = snippet(feedback.text());
            for (String term : keywords(feedback.text())) {
                counters.put("df." + term, 1L);
                if (band != null) {
                    counters.put("df." + band + "." + term, 1L);
                    examples.put(band + "." + term, snippet);
                } else {
                    examples.put("all." + term, snippet);
                }
            }
        }
        return new Tally(dimension, value, day, null, 0, null, counters, examples);
    }

    public static Set<String> keywords(String text) {
        Set<String> out = new LinkedHashSet<>();
        List<String> terms = merged(TextAnalyzer.terms(text));
        for (String term : terms) {
            if (out.size() >= MAX_TERMS) {
                break;
            }
            if (keep(term)) {
                out.add(term);
            }
        }
        return out;
    }

    /** The terms with split {@link #COMPOUNDS} joined again. */
    static List<String> merged(List<String> terms) {
        List<String> out = new java.util.ArrayList<>(terms.size());
        for (int i = 0; i < terms.size(); i++) {
            String term = terms.get(i);
            if (i + 1 < terms.size()
                    && term.length() == 1
                    && terms.get(i + 1).length() == 1
                    && COMPOUNDS.contains(term + terms.get(i + 1))) {
                out.add(term + terms.get(++i));
            } else {
                out.add(term);
            }
        }
        return out;
    }

    private static boolean keep(String term) {
        if (STOP_WORDS.contains(term) || term.length() < 2 && TextAnalyzer.containsHan(term)) {
            return false;
        }
        if (term.length() < 3 && !TextAnalyzer.containsHan(term)) {
            return false; // "ok", "so", stems of two Latin letters
        }
        return term.codePoints().anyMatch(Character::isLetter);
    }

    /** The text shortened to a snippet. */
    public static String snippet(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= SNIPPET ? flat : flat.substring(0, SNIPPET - 1) + "…";
    }
}
