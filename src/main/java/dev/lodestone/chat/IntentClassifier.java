package dev.lodestone.chat;

import dev.lodestone.platform.text.TextAnalyzer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A multinomial naive Bayes classifier of shopper messages over {@link TextAnalyzer} terms (smartcn
 * words for Chinese, English stems otherwise), trained from labelled example questions: the class
 * prior and, per intent, each term's frequency with add-one (Laplace) smoothing. It answers every
 * intent with its posterior probability, best first; the caller compares the best to a confidence
 * floor and to the runner-up. Immutable and thread-safe once trained.
 */
public final class IntentClassifier {

    /** The training file on the classpath, {@code intent<TAB>question} per line, {@code #} comments. */
    public static final String TRAINING = "chat/intents-training.tsv";

    /** A labelled question. */
    public record Example(Intent intent, String text) {}

    /** An intent and its posterior probability. */
    public record Scored(Intent intent, double probability) {}

    /** Every intent, best first; probabilities sum to 1. */
    public record Prediction(List<Scored> ranked) {
        public Scored best() {
            return ranked.get(0);
        }

        public Scored second() {
            return ranked.get(1);
        }

        /** How far the best leads the runner-up. */
        public double margin() {
            return best().probability() - second().probability();
        }
    }

    private final Map<Intent, Double> logPrior = new EnumMap<>(Intent.class);
    private final Map<Intent, Map<String, Double>> logLikelihood = new EnumMap<>(Intent.class);
    private final Map<Intent, Double> logUnseen = new EnumMap<>(Intent.class);
    private final Set<String> vocabulary;

    private IntentClassifier(List<Example> examples) {
        Map<Intent, Integer> docs = new EnumMap<>(Intent.class);
        Map<Intent, Map<String, Integer>> counts = new EnumMap<>(Intent.class);
        Set<String> vocab = new HashSet<>();
        for (Intent intent : Intent.values()) {
            docs.put(intent, 0);
            counts.put(intent, new HashMap<>());
        }
        for (Example example : examples) {
            docs.merge(example.intent(), 1, Integer::sum);
            for (String term : TextAnalyzer.terms(example.text())) {
                counts.get(example.intent()).merge(term, 1, Integer::sum);
                vocab.add(term);
            }
        }
        this.vocabulary = Set.copyOf(vocab);
        int total = examples.size();
        int v = vocabulary.size();
        for (Intent intent : Intent.values()) {
            // Add-one on the prior too, so an intent without examples is unlikely but never impossible.
            logPrior.put(intent, Math.log((docs.get(intent) + 1.0) / (total + Intent.values().length)));
            int terms = counts.get(intent).values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
            double denominator = terms + v + 1.0;
            Map<String, Double> logs = new HashMap<>();
            counts.get(intent).forEach((term, n) -> logs.put(term, Math.log((n + 1.0) / denominator)));
            logLikelihood.put(intent, logs);
            logUnseen.put(intent, Math.log(1.0 / denominator));
        }
    }

    public static IntentClassifier train(List<Example> examples) {
        return new IntentClassifier(examples);
    }

    /** Trains from {@link #TRAINING}. */
    public static IntentClassifier fromTrainingFile() {
        return train(readExamples(TRAINING));
    }

    /** Reads a labelled file from the classpath: {@code intent<TAB>question}; blank lines and {@code #} skipped. */
    public static List<Example> readExamples(String resource) {
        InputStream in = IntentClassifier.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing classpath resource " + resource);
        }
        List<Example> examples = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    throw new IllegalStateException(resource + ": no tab in line '" + line + "'");
                }
                examples.add(new Example(
                        Intent.of(line.substring(0, tab)),
                        line.substring(tab + 1).trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return examples;
    }

    /** The posterior of every intent for {@code text}, best first. Terms never seen in training are ignored. */
    public Prediction classify(String text) {
        return classifyTerms(TextAnalyzer.terms(text));
    }

    /** {@link #classify} of text already analysed by {@link TextAnalyzer#terms}. */
    public Prediction classifyTerms(List<String> analysed) {
        List<String> terms = analysed.stream().filter(vocabulary::contains).toList();
        Map<Intent, Double> logs = new EnumMap<>(Intent.class);
        double max = Double.NEGATIVE_INFINITY;
        for (Intent intent : Intent.values()) {
            double log = logPrior.get(intent);
            Map<String, Double> likelihood = logLikelihood.get(intent);
            for (String term : terms) {
                log += likelihood.getOrDefault(term, logUnseen.get(intent));
            }
            logs.put(intent, log);
            max = Math.max(max, log);
        }
        double sum = 0;
        for (double log : logs.values()) {
            sum += Math.exp(log - max);
        }
        List<Scored> ranked = new ArrayList<>();
        for (Map.Entry<Intent, Double> e : logs.entrySet()) {
            ranked.add(new Scored(e.getKey(), Math.exp(e.getValue() - max) / sum));
        }
        ranked.sort(Comparator.comparingDouble(Scored::probability).reversed());
        return new Prediction(List.copyOf(ranked));
    }
}
