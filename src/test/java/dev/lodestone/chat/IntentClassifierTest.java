package dev.lodestone.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The intent classifier, trained from the main training file and measured on the held-out questions. */
class IntentClassifierTest {

    private static final String EVALUATION = "chat/eval-questions.tsv";

    @Test
    void shouldClassifyTheHeldOutQuestionsWithAtLeast85PercentAccuracy() {
        IntentClassifier classifier = IntentClassifier.fromTrainingFile();
        List<IntentClassifier.Example> questions = IntentClassifier.readExamples(EVALUATION);
        Map<Intent, int[]> perIntent = new EnumMap<>(Intent.class);
        int right = 0;
        StringBuilder misses = new StringBuilder();
        for (IntentClassifier.Example q : questions) {
            IntentClassifier.Prediction p = classifier.classify(q.text());
            int[] tally = perIntent.computeIfAbsent(q.intent(), i -> new int[2]);
            tally[1]++;
            if (p.best().intent() == q.intent()) {
                right++;
                tally[0]++;
            } else {
                misses.append(String.format(
                        "  miss: %s → %s (%.2f) '%s'%n",
                        q.intent().wireName(),
                        p.best().intent().wireName(),
                        p.best().probability(),
                        q.text()));
            }
        }
        double accuracy = (double) right / questions.size();
        System.out.printf("Intent accuracy on %d held-out questions: %.3f%n", questions.size(), accuracy);
        perIntent.forEach((intent, t) -> System.out.printf("  %-8s %d/%d%n", intent.wireName(), t[0], t[1]));
        System.out.print(misses);
        assertTrue(questions.size() >= 60, "at least 60 evaluation questions");
        assertEquals(Set.of(Intent.values()), perIntent.keySet(), "every intent is evaluated");
        assertTrue(accuracy >= 0.85, "intent accuracy " + accuracy);
    }

    @Test
    void shouldKeepTheEvaluationQuestionsOutOfTheTrainingFile() {
        Set<String> training = IntentClassifier.readExamples(IntentClassifier.TRAINING).stream()
                .map(e -> e.text().toLowerCase())
                .collect(Collectors.toSet());
        for (IntentClassifier.Example q : IntentClassifier.readExamples(EVALUATION)) {
            assertTrue(!training.contains(q.text().toLowerCase()), "held out: " + q.text());
        }
    }

    @Test
    void shouldRankEveryIntentWithProbabilitiesSummingToOne() {
        IntentClassifier.Prediction p = IntentClassifier.fromTrainingFile().classify("我想了解商品X的详细信息");
        assertEquals(Intent.values().length, p.ranked().size());
        assertEquals(
                1.0,
                p.ranked().stream()
                        .mapToDouble(IntentClassifier.Scored::probability)
                        .sum(),
                1e-9);
        assertEquals(Intent.PRODUCT, p.best().intent());
    }
}
