package dev.lodestone.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.support.EngineProcess;
import dev.lodestone.support.SharedEngine;
import io.restassured.http.ContentType;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard page in a real browser: Debian's headless Chromium, driven by Selenium, against the
 * packaged engine. It signs in with a marketer token, watches events per second and the CTR change while
 * this test posts events, and leaves a screenshot in {@code docs/dashboard.png} (shown in the README).
 * Chromium and its driver come from the {@code chromium} and {@code chromium-driver} packages ({@code
 * .ci/run} installs them when missing).
 */
@ExtendWith(SharedEngine.class)
class DashboardBrowserIT {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/lib/chromium/chromium");

    @Test
    void shouldShowEventsPerSecondAndCtrChangingLiveInABrowser(EngineProcess engine) throws Exception {
        assertTrue(
                Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
        String storefront = "Bearer " + engine.token("storefront", "it");
        String marketer = "Bearer " + engine.token("marketer", "it");
        seedCatalog(engine, marketer);
        Map<String, String> lists = startExperiment(engine, marketer, storefront);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,1950", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        WebDriver browser = new ChromeDriver(service, options);
        AtomicBoolean posting = new AtomicBoolean(true);
        Thread poster = null;
        try {
            browser.get(engine.baseUrl() + "/dashboard");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            browser.findElement(By.id("token")).sendKeys(engine.token("marketer", "dashboard-it"));
            browser.findElement(By.id("signin")).click();
            wait.until(d -> d.findElement(By.id("status")).getText().equals("live"));
            wait.until(d -> !d.findElement(By.id("updated")).getText().equals("–"));
            String epsBefore = text(browser, "eps");

            // Phase one: views and impressions only (CTR 0 %); then clicks join (CTR rises).
            AtomicBoolean clicks = new AtomicBoolean(false);
            poster = Thread.ofPlatform().daemon().start(() -> {
                int round = 0;
                while (posting.get()) {
                    post(engine, storefront, lists, round++, clicks.get());
                    sleep(200);
                }
            });
            // The shared engine may still count other tests' events (a 10 s window): wait for a value other
            // than epsBefore, which is what is asserted below.
            wait.until(d -> number(text(d, "eps")) > 0
                    && !text(d, "eps").equals(epsBefore)
                    && text(d, "ctr").endsWith("%"));
            String epsDuring = text(browser, "eps");
            String ctrBefore = text(browser, "ctr");
            clicks.set(true);
            wait.until(d -> !text(d, "ctr").equals(ctrBefore) && number(text(d, "ctr")) > 0);
            String ctrAfter = text(browser, "ctr");
            assertNotEquals(epsBefore, epsDuring, "events/s did not change while events were posted");
            assertNotEquals(ctrBefore, ctrAfter, "CTR did not change when clicks arrived");
            Thread.sleep(8_000); // the rate chart draws a few points, the experiment panel refreshes (every 5 s)
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), Path.of("docs", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
            System.out.printf(
                    "dashboard IT: events/s %s -> %s, CTR %s -> %s%n", epsBefore, epsDuring, ctrBefore, ctrAfter);
        } finally {
            posting.set(false);
            if (poster != null) {
                poster.join(5_000);
            }
            browser.quit();
        }
    }

    private static void seedCatalog(EngineProcess engine, String marketer) {
        String items = IntStream.range(0, 8)
                .mapToObj(i -> "{\"itemId\":\"it-dash-" + i + "\",\"title\":\"Dashboard item " + i
                        + "\",\"category\":\"home\",\"price\":" + (10 + i) + ",\"available\":true,\"stock\":10}")
                .collect(Collectors.joining(",", "{\"items\":[", "]}"));
        given().baseUri(engine.baseUrl())
                .urlEncodingEnabled(false)
                .header("Authorization", marketer)
                .contentType(ContentType.JSON)
                .body(items)
                .post("/v1/catalog/items:batch")
                .then()
                .statusCode(200);
    }

    /** Starts an A/B experiment and fetches each test shopper's list under it: their recommendation ids. */
    private static Map<String, String> startExperiment(EngineProcess engine, String marketer, String storefront) {
        given().baseUri(engine.baseUrl())
                .header("Authorization", marketer)
                .contentType(ContentType.JSON)
                .body("{\"variants\":[{\"name\":\"control\",\"share\":50},{\"name\":\"b\",\"share\":50,"
                        + "\"settings\":{\"trendingWeight\":0.2}}],\"active\":true}")
                .put("/v1/experiments/homepage-ranking")
                .then()
                .statusCode(200);
        given().baseUri(engine.baseUrl())
                .header("Authorization", marketer)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"Tea mug\",\"cost\":100,\"stock\":3,\"kind\":\"physical\"}")
                .put("/v1/gifts/it-mug")
                .then()
                .statusCode(200);
        Map<String, String> lists = new java.util.HashMap<>();
        for (int u = 0; u < 40; u++) {
            String user = "dash-it-" + u;
            lists.put(
                    user,
                    given().baseUri(engine.baseUrl())
                            .header("Authorization", storefront)
                            .get("/v1/users/{id}/recommendations?limit=4", user)
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("recommendationId"));
        }
        return lists;
    }

    private static void post(
            EngineProcess engine, String token, Map<String, String> lists, int round, boolean withClick) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            String user = "dash-it-" + (round * 5 + i) % 40;
            String item = "it-dash-" + (round + i) % 8;
            String rec = lists.get(user);
            if (i > 0) {
                batch.append(',');
            }
            batch.append(event("view", user, item, null)).append(',').append(event("impression", user, item, rec));
            if (withClick && i % 2 == 0) {
                batch.append(',').append(event("click", user, item, rec));
                if (round % 3 == 0) {
                    batch.append(',').append(event("add_to_cart", user, item, rec));
                }
                if (round % 6 == 0) {
                    batch.append(",{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"purchase\",\"userId\":\""
                            + user + "\",\"itemId\":\"" + item
                            + "\",\"price\":19.9,\"quantity\":1,\"currency\":\"CNY\","
                            + "\"recommendationId\":\"" + rec + "\"}");
                }
            }
        }
        batch.append(']');
        try {
            given().baseUri(engine.baseUrl())
                    .header("Authorization", token)
                    .contentType(ContentType.JSON)
                    .body(batch.toString())
                    .post("/v1/events")
                    .then()
                    .statusCode(202);
        } catch (AssertionError | RuntimeException e) {
            System.out.println("dashboard IT: a batch was not accepted: " + e.getMessage());
        }
    }

    private static String event(String type, String user, String item, String rec) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"userId\":\"" + user
                + "\",\"itemId\":\"" + item + "\""
                + (rec == null ? "" : ",\"recommendationId\":\"" + rec + "\",\"context\":{\"placement\":\"home\"}")
                + "}";
    }

    private static String text(WebDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static double number(String text) {
        String digits = text.replaceAll("[^0-9.]", "");
        return digits.isEmpty() ? 0 : Double.parseDouble(digits);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
