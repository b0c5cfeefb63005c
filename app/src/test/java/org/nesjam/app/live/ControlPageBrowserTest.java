package org.nesjam.app.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.testsupport.Require;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The control surface and the overlay in a real browser: headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs) loads the page while a jam runs. Notes played into the jam
 * appear in the roll (the page stamps the frame that first draws each player note, and the roll's pixels show it)
 * within 50 ms p95 of being sent, measured in the page on one clock; the voice toggles and the mode buttons change the
 * jam; in LAN mode a page without the token is refused. Screenshots go to {@code target/screenshots/}, the latency
 * figures to {@code target/screenshots/latency.txt}. The 50 ms goal is asserted in CI ({@code NESJAM_REQUIRE_NATIVE})
 * and on a machine whose load average is below 1.5 per CPU; elsewhere the figure is printed only.
 */
class ControlPageBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final int NOTES = 30;

    private ChromeDriver browser;

    @BeforeEach
    void openBrowser() {
        Require.that(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no headless browser: apt-get install chromium chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(90));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void awaitLive() {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> d.findElement(By.id("status")).getText()
                .contains("BPM"));
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Sends {@code count} notes (after 10 not counted) from the page one after the other, each when the previous one
     * appeared; the ms from each send until the animation frame that first drew it.
     */
    private static final String LATENCY_SCRIPT = """
            const done = arguments[arguments.length - 1];
            const count = arguments[0];
            (async () => {
              const latencies = [];
              const warmUp = 10; // the first notes also warm up the JIT and the connection: not counted
              for (let i = -warmUp; i < count; i++) {
                const pitch = 40 + (i + warmUp) % 48;
                const from = window.nesjamSeen.length;
                const sent = performance.now();
                fetch(nesjamUrl('/command'), {method: 'POST', body: 'note p1 ' + pitch + ' 120'});
                let seen = null;
                while (!seen && performance.now() - sent < 2000) {
                  seen = window.nesjamSeen.slice(from).find(s => s.voice === 0 && s.pitch === pitch);
                  if (!seen) await new Promise(r => setTimeout(r, 1));
                }
                if (i >= 0) latencies.push(seen ? seen.t - sent : -1);
                await new Promise(r => setTimeout(r, 120 + Math.random() * 60));
              }
              done(latencies);
            })();
            """;

    /** White pixels (the player's notes) in the roll's top lane (pulse 1). */
    private static final String PLAYER_PIXELS_SCRIPT = """
            const c = document.getElementById('roll');
            const d = c.getContext('2d').getImageData(0, 0, c.width, Math.floor(c.height / 4)).data;
            let n = 0;
            for (let i = 0; i < d.length; i += 4) if (d[i] === 255 && d[i + 1] === 255 && d[i + 2] === 255 && d[i + 3] === 255) n++;
            return n;
            """;

    @Test
    void theRollShowsNotesWithin50MsAndTheTogglesDriveTheJam(@TempDir Path dir) throws Exception {
        try (JamWithPage jam = new JamWithPage(dir.resolve("a.wav"))) {
            browser.get(jam.url());
            awaitLive();
            assertEquals(0L, browser.executeScript(PLAYER_PIXELS_SCRIPT), "no player notes yet");
            jam.command("note p1 52 1500");
            Thread.sleep(300);
            long white = (Long) browser.executeScript(PLAYER_PIXELS_SCRIPT);
            assertTrue(white > 50, "the player's note is drawn in the pulse 1 lane: " + white + " pixels");

            double[] fromJam = noteToRollMs(jam);
            @SuppressWarnings("unchecked")
            List<Number> roundTrip = (List<Number>) browser.executeAsyncScript(LATENCY_SCRIPT, NOTES);
            double[] fromPage = roundTrip.stream().mapToDouble(Number::doubleValue).toArray();
            assertTrue(Arrays.stream(fromPage).allMatch(v -> v >= 0), "every note appeared: "
                    + Arrays.toString(fromPage));
            String figure = "control page, a note typed into the jam (stdin, as a MIDI input thread hands it on) until"
                    + " the roll drew it (Date.now() in the page - System.currentTimeMillis() at the send): "
                    + quantiles(fromJam) + "\ncontrol page, a note sent by the page itself (fetch POST /command) until"
                    + " the roll drew it (performance.now()): " + quantiles(fromPage);
            System.out.println(figure);
            Files.createDirectories(SCREENSHOTS);
            Files.writeString(SCREENSHOTS.resolve("latency.txt"), figure + "\nfrom the jam: " + Arrays.toString(fromJam)
                    + "\nfrom the page: " + Arrays.toString(fromPage) + "\n");
            double loadPerCpu = loadPerCpu();
            if (Require.strict() || loadPerCpu < 1.5) {
                assertTrue(quantile(fromJam, 0.95) <= 50, figure + " (load average " + loadPerCpu + " per CPU)");
            } else { // a timing goal on a machine this busy measures the machine; CI (strict) always asserts it
                System.out.println("control page: the 50 ms p95 goal is not asserted here: load average "
                        + loadPerCpu + " per CPU");
            }

            browser.findElement(By.id("toggle-mute.p2")).click();
            browser.findElement(By.id("choice-mode-accompany")).click();
            new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> paramOf(jam, "mute.p2") == 1
                    && paramOf(jam, "mode") == 2);
            new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> d.findElement(By.id("toggle-mute.p2"))
                    .getAttribute("class").contains("on"));
            browser.findElement(By.tagName("body")).sendKeys("3"); // keyboard: mute the triangle
            new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> paramOf(jam, "mute.tr") == 1);
            assertTrue(browser.findElements(By.cssSelector("#sliders input[type=range]")).size() >= 4,
                    "temperature, top-p, lookahead, structure as sliders");
            assertTrue(browser.findElements(By.id("param-mode")).isEmpty(), "the mode is no slider");
            for (int i = 0; i < 4; i++) {
                jam.command("note p1 " + (64 + i * 3) + " 400");
                Thread.sleep(250);
            }
            screenshot("control-page.png");
            assertEquals(List.of(), browser.executeScript("return window.nesjamErrors"), "no script errors");
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(412, 915)); // a phone, upright
            jam.command("note p1 67 600");
            Thread.sleep(400);
            screenshot("control-page-phone.png");
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));

            browser.get(jam.url("/overlay?w=1280&h=360&past=5&ahead=3"));
            browser.executeCdpCommand("Emulation.setDefaultBackgroundColorOverride",
                    Map.of("color", Map.of("r", 0, "g", 0, "b", 0, "a", 0)));
            Thread.sleep(1500);
            assertEquals("rgba(0, 0, 0, 0)", browser.executeScript(
                    "return getComputedStyle(document.body).backgroundColor"), "a transparent page");
            assertTrue(browser.findElements(By.tagName("button")).isEmpty()
                    && browser.findElements(By.tagName("input")).isEmpty(), "the overlay has no controls");
            assertEquals(List.of(1280L, 360L), browser.executeScript("const c = document.getElementById('roll');"
                    + " return [c.clientWidth, c.clientHeight];"), "sized by the URL");
            jam.command("note p1 55 800");
            Thread.sleep(300);
            screenshot("overlay.png");
            assertEquals(List.of(), browser.executeScript("return window.nesjamErrors"), "no script errors");
            assertEquals(0, jam.finish(), jam.err());
        }
    }

    /**
     * Types {@link #NOTES} notes (after 10 not counted) into the jam's stdin, each when the one before was drawn; for
     * each, ms from the send until the page's roll first drew it (the page's {@code Date.now()} stamp minus this
     * JVM's {@code System.currentTimeMillis()} at the send: one clock, this machine's).
     */
    private double[] noteToRollMs(JamWithPage jam) throws Exception {
        double[] ms = new double[NOTES];
        for (int i = -10; i < NOTES; i++) {
            int pitch = 40 + (i + 10) % 48;
            long from = (Long) browser.executeScript("return window.nesjamSeen.length");
            long sentMs = System.currentTimeMillis();
            jam.stdin("note p1 " + pitch + " 120");
            Number shown = null;
            while (shown == null && System.currentTimeMillis() - sentMs < 3000) {
                shown = (Number) browser.executeScript("const s = window.nesjamSeen.slice(arguments[0]).find(s =>"
                        + " s.voice === 0 && s.pitch === arguments[1]); return s ? s.shown : null;", from, pitch);
            }
            assertTrue(shown != null, "note " + pitch + " never appeared in the roll");
            if (i >= 0) {
                ms[i] = shown.doubleValue() - sentMs;
            }
            Thread.sleep(120 + (i * 37) % 60);
        }
        return ms;
    }

    /** The 1-minute load average divided by the CPUs (Linux {@code /proc/loadavg}); 0 where unknown. */
    private static double loadPerCpu() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0])
                    / Runtime.getRuntime().availableProcessors();
        } catch (Exception e) {
            return 0;
        }
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(q * sorted.length) - 1];
    }

    private static String quantiles(double[] ms) {
        return String.format(Locale.ROOT, "p50 %.1f ms, p95 %.1f ms, max %.1f ms over %d notes", quantile(ms, 0.5),
                quantile(ms, 0.95), quantile(ms, 1.0), ms.length);
    }

    /** A parameter's value as the jam's {@code /state} gives it now (NaN when unreadable). */
    private static double paramOf(JamWithPage jam, String key) {
        try {
            String state = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(jam.url("/state"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            for (org.nesjam.json.JsonValue p : org.nesjam.json.Json.parse(state, "/state").asObject()
                    .require("params").asArray().items()) {
                if (p.asObject().string("key").equals(key)) {
                    return p.asObject().require("value").asNumber();
                }
            }
        } catch (Exception e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** LAN mode: the page without the token is refused; with the token printed at start it runs. */
    @Test
    void inLanModeAPageWithoutTheTokenIsRefused(@TempDir Path dir) throws Exception {
        try (JamWithPage jam = new JamWithPage(dir.resolve("a.wav"), "--control-host", "127.0.0.1")) {
            java.net.URI u = java.net.URI.create(jam.url());
            browser.get(u.getScheme() + "://" + u.getAuthority() + "/");
            assertTrue(browser.findElement(By.tagName("body")).getText().contains("needs the token"),
                    browser.getPageSource());
            browser.get(jam.url());
            awaitLive();
            List<String> replies = new ArrayList<>();
            browser.findElement(By.id("button-panic")).click();
            new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> {
                replies.add(d.findElement(By.id("reply")).getText());
                return d.findElement(By.id("reply")).getText().equals("jam: all notes off");
            });
            assertEquals(0, jam.finish(), jam.err());
        }
    }
}
