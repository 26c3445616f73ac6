package dev.lodestone.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code eval}: measures a recommender on a real log under session-rec's next-item protocol, in this
 * process, with no server. See {@code docs/evaluation.md}.
 */
public final class EvalCommand {

    static final String USAGE = """
            usage: java -jar quarkus-run.jar eval --train FILE [--test FILE] [--format session-tsv|retailrocket]
                   [--mode frozen|streaming] [--k 20] [--model engine|pop] [--test-fraction 0.2] [--set key=value]...
              --test omitted: the last --test-fraction of sessions (by start time) of --train are the test set
              --set overrides one lodestone.* setting of the engine model (repeatable)""";

    private static final List<String> OPTIONS =
            List.of("train", "test", "format", "mode", "k", "model", "test-fraction");

    private final Map<String, Function<Map<String, String>, NextItemModel>> models;

    /**
     * @param models the models {@code --model} can name, each built from the {@code --set} overrides;
     *     the first is the default
     */
    public EvalCommand(Map<String, Function<Map<String, String>, NextItemModel>> models) {
        this.models = models;
    }

    public int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                return usage(err, "expected --option value at '" + args[i] + "'");
            }
            String name = args[i].substring(2);
            String value = args[++i];
            if (name.equals("set")) {
                int eq = value.indexOf('=');
                if (eq < 1) {
                    return usage(err, "--set takes key=value");
                }
                overrides.put(value.substring(0, eq), value.substring(eq + 1));
            } else {
                options.put(name, value);
            }
        }
        try {
            return evaluate(options, overrides, out, err);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        } catch (InteractionLog.MalformedLogException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("error: cannot read " + e.getMessage());
            return 2;
        }
    }

    private int evaluate(Map<String, String> options, Map<String, String> overrides, PrintStream out, PrintStream err)
            throws IOException, InteractionLog.MalformedLogException {
        Path trainFile = Path.of(required(options, "train"));
        InteractionLog.Format format = InteractionLog.Format.fromCli(options.getOrDefault("format", "session-tsv"));
        Evaluation.Mode mode =
                Evaluation.Mode.valueOf(options.getOrDefault("mode", "frozen").toUpperCase(java.util.Locale.ROOT));
        int k = Integer.parseInt(options.getOrDefault("k", "20"));
        if (k < 1 || k > 100) {
            throw new IllegalArgumentException("--k must be from 1 to 100");
        }
        String modelName =
                options.getOrDefault("model", models.keySet().iterator().next());
        if (!models.containsKey(modelName)) {
            throw new IllegalArgumentException("unknown --model " + modelName + ", expected one of " + models.keySet());
        }
        options.keySet().stream().filter(o -> !OPTIONS.contains(o)).findFirst().ifPresent(o -> {
            throw new IllegalArgumentException("unknown option --" + o);
        });
        if (!Files.isReadable(trainFile)) {
            throw new IOException(trainFile + " (no such readable file)");
        }

        err.printf("reading %s%n", trainFile);
        List<Click> train = InteractionLog.read(trainFile, format);
        List<Click> test;
        String testSource;
        if (options.containsKey("test")) {
            Path testFile = Path.of(options.get("test"));
            err.printf("reading %s%n", testFile);
            test = InteractionLog.read(testFile, format);
            testSource = testFile.toString();
        } else {
            double fraction = Double.parseDouble(options.getOrDefault("test-fraction", "0.2"));
            List<List<Click>> split = splitBySessionStart(train, fraction);
            train = split.get(0);
            test = split.get(1);
            testSource = "last " + fraction + " of sessions of " + trainFile;
        }

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("train", trainFile + " (" + train.size() + " events)");
        settings.put("test", testSource + " (" + test.size() + " events)");
        settings.put("format", format.cliName);
        NextItemModel model = models.get(modelName).apply(overrides);
        settings.putAll(model.settings());
        Evaluation.Report report = new Evaluation(model, mode, k, err).run(train, test);
        report.print(out, settings);
        return 0;
    }

    /** Sessions ordered by start; the last {@code fraction} of them become the test log. */
    static List<List<Click>> splitBySessionStart(List<Click> clicks, double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be between 0 and 1");
        }
        List<String> sessions = clicks.stream().map(Click::sessionId).distinct().toList();
        int firstTest = (int) Math.round(sessions.size() * (1 - fraction));
        Map<String, Boolean> isTest = new HashMap<>();
        for (int i = 0; i < sessions.size(); i++) {
            isTest.put(sessions.get(i), i >= firstTest);
        }
        List<Click> train = new ArrayList<>();
        List<Click> test = new ArrayList<>();
        for (Click click : clicks) {
            (isTest.get(click.sessionId()) ? test : train).add(click);
        }
        return List.of(train, test);
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("error: " + problem);
        err.println(USAGE);
        return 2;
    }
}
