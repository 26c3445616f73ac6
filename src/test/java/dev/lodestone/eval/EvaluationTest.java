package dev.lodestone.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocol and its metrics on a log small enough to score by hand. */
class EvaluationTest {

    /** Popularity after training: i2 ×3, then i1 ×2 and i3 ×2 (ties by id): the list is [i2, i1, i3]. */
    private static final String TRAIN = """
            SessionId\tItemId\tTime
            A\ti1\t1.0
            A\ti2\t2.0
            A\ti3\t3.0
            B\ti1\t4.0
            B\ti2\t5.0
            C\ti2\t6.0
            C\ti3\t7.0
            """;

    /**
     * Session T: i1 → i3 (rank 3), then i3 → i2 (rank 1); i9 is unknown to training and dropped.
     * Session U has one known click left and is skipped.
     */
    private static final String TEST = """
            SessionId\tItemId\tTime
            T\ti1\t10.0
            T\ti9\t10.5
            T\ti3\t11.0
            T\ti2\t12.0
            U\ti9\t13.0
            U\ti1\t14.0
            """;

    @TempDir
    Path dir;

    @Test
    void shouldScoreHitRateAndMrrAsComputedByHand() throws Exception {
        Evaluation.Report report = evaluate(3);

        assertEquals(2, report.scores().count());
        assertEquals(1.0, report.scores().hitRate(3), 1e-9);
        assertEquals((1.0 / 3 + 1.0) / 2, report.scores().mrr(3), 1e-9);
        assertEquals(2, report.unknownTestClicks());
        assertEquals(1, report.skippedSessions());
        assertEquals(1.0, report.coverage(), 1e-9);
    }

    @Test
    void shouldCountOnlyHitsWithinTheCutoff() throws Exception {
        Evaluation.Report report = evaluate(2);

        assertEquals(0.5, report.scores().hitRate(2), 1e-9);
        assertEquals(0.5, report.scores().mrr(2), 1e-9);
        assertTrue(report.lastLine().startsWith("HR@2=0.5000 MRR@2=0.5000 predictions=2 "), report.lastLine());
    }

    @Test
    void shouldStopAtAMalformedLineNamingFileLineAndReason() throws Exception {
        Path bad = write("bad.txt", "SessionId\tItemId\tTime\nA\ti1\t1.0\nA\ti2\tyesterday\n");

        InteractionLog.MalformedLogException e = assertThrows(
                InteractionLog.MalformedLogException.class,
                () -> InteractionLog.read(bad, InteractionLog.Format.SESSION_TSV));
        assertEquals(bad + ":3: Time 'yesterday' is not a number of seconds", e.getMessage());
    }

    @Test
    void shouldPrintTheMachineReadableLineLastAndExitZero() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new EvalCommand(EvalModels.all())
                .run(
                        new String[] {
                            "--train",
                            write("train.txt", TRAIN).toString(),
                            "--test",
                            write("test.txt", TEST).toString(),
                            "--model",
                            "pop",
                            "--k",
                            "3"
                        },
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertEquals(0, exit);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.getLast().startsWith("HR@3=1.0000 MRR@3=0.6667 predictions=2 seconds="), lines.getLast());
    }

    @Test
    void shouldSplitTheLastSessionsOffAsTest() {
        List<Click> clicks = List.of(click("s1", 1), click("s2", 2), click("s3", 3), click("s4", 4), click("s5", 5));

        List<List<Click>> split = EvalCommand.splitBySessionStart(clicks, 0.4);

        assertEquals(3, split.get(0).size());
        assertEquals(
                List.of("s4", "s5"), split.get(1).stream().map(Click::sessionId).toList());
    }

    private Evaluation.Report evaluate(int k) throws Exception {
        List<Click> train = InteractionLog.read(write("train.txt", TRAIN), InteractionLog.Format.SESSION_TSV);
        List<Click> test = InteractionLog.read(write("test.txt", TEST), InteractionLog.Format.SESSION_TSV);
        return new Evaluation(
                        new PopularityModel(),
                        Evaluation.Mode.FROZEN,
                        k,
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(train, test);
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static Click click(String session, long second) {
        return new Click(session, null, "i" + second, java.time.Instant.ofEpochSecond(second));
    }
}
