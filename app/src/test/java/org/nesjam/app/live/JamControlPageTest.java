package org.nesjam.app.live;

import org.nesjam.app.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control surface of a real {@code nesjam jam --control} (tiny model, WAV output) over HTTP: the roll's feed
 * carries the player's notes and the model's plan, toggles change the jam, a second page and a page that vanishes
 * mid-stream leave it unharmed, {@code save} from the page writes only into the scenes folder, LAN mode needs the token
 * on every request. (The audio thread with a page connected: JamPageAllocationTest.)
 */
class JamControlPageTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private static boolean hasNote(Map<String, Object> frame, int kind, int pitch) {
        return SseReader.notes(frame).stream().anyMatch(n -> n.get(2) == kind && n.get(0) == 0 && n.get(1) == pitch);
    }

    @Test
    void theRollShowsThePlayerAndTheModelAndTogglesChangeTheJam(@TempDir Path dir) throws Exception {
        try (JamWithPage jam = new JamWithPage(dir.resolve("a.wav"));
             SseReader page = new SseReader(jam.url("/events"))) {
            assertEquals(200, page.status);
            assertNotNull(page.await(f -> SseReader.notes(f).stream().anyMatch(n -> n.get(2) == 1), 10_000),
                    "the model's notes reach the roll");
            assertNotNull(page.await(f -> SseReader.notes(f).stream().anyMatch(n -> n.get(2) == 1
                    && n.get(4) > (Double) f.get("ph")), 10_000), "the model's plan ahead of the playhead is shown");
            assertEquals("", jam.command("note p1 61 300"));
            Map<String, Object> withNote = page.await(f -> hasNote(f, 0, 61), 3_000);
            assertNotNull(withNote, "the player's note reaches the roll");

            assertEquals("", jam.command("set mute.p2 1"));
            assertEquals("", jam.command("set mode 2"));
            Map<String, Object> after = page.await(f -> {
                Map<String, Object> s = SseReader.state(f);
                return s != null && "accompany".equals(s.get("mode"))
                        && Double.valueOf(1.0).equals(((Map<?, ?>) s.get("values")).get("mute.p2"));
            }, 3_000);
            assertNotNull(after, "the toggle and the mode changed the jam's state");
            Map<String, Object> s = SseReader.state(after);
            assertEquals("120 BPM", s.get("tempo"));
            assertEquals("own tempo", s.get("clock"));
            assertEquals("any key", s.get("key"));
            // a musician's words, not counters (a shared test machine may drop a period while the jam starts)
            assertTrue(((String) s.get("audio")).matches("ok|\\d+ dropouts? in the last 10 s"), s.toString());
            assertTrue(jam.command("note p9 61").startsWith("jam: note p1|p2|tr|no PITCH [MS]"));
            assertEquals(0, jam.finish(), jam.err());
        }
    }

    /** A second tab, a tab closed mid-stream and one tab too many: one refused request, the jam plays on. */
    @Test
    void moreTabsAndAVanishedTabLeaveTheJamUnharmed(@TempDir Path dir) throws Exception {
        try (JamWithPage jam = new JamWithPage(dir.resolve("a.wav"))) {
            SseReader first = new SseReader(jam.url("/events"));
            SseReader second = new SseReader(jam.url("/events"));
            assertNotNull(second.await(f -> true, 3_000));
            first.close(); // the tab goes away mid-stream
            int before = second.frameCount();
            Thread.sleep(1_000);
            assertTrue(second.frameCount() > before + 2, "the other tab keeps getting frames");
            List<SseReader> more = new ArrayList<>();
            for (int i = 0; i < PageFeed.MAX_CLIENTS - 1; i++) {
                more.add(new SseReader(jam.url("/events")));
            }
            SseReader tooMany = new SseReader(jam.url("/events"));
            assertEquals(503, tooMany.status, "one page too many is refused");
            for (SseReader r : more) {
                r.close();
            }
            second.close();
            assertTrue(jam.running());
            assertEquals("", jam.command("note p1 60"));
            assertEquals(0, jam.finish(), jam.err());
            assertTrue(!jam.err().contains("Exception"), jam.err());
        }
    }

    /** {@code save} from the page: a path or {@code ..} is one refused line and touches no file. */
    @Test
    void savingFromThePageStaysInTheScenesFolder(@TempDir Path dir) throws Exception {
        String previous = System.getProperty("nesjam.config.dir");
        System.setProperty("nesjam.config.dir", dir.resolve("config").toString());
        try (JamWithPage jam = new JamWithPage(dir.resolve("a.wav"))) {
            assertTrue(jam.command("save ../../x").contains("not a path: '../../x' refused"));
            assertTrue(jam.command("save " + dir.resolve("any/path")).contains("refused"));
            assertTrue(jam.command("save /any/path").contains("refused"));
            assertTrue(jam.command("save from-the-page").startsWith("jam: saved "));
            assertEquals(0, jam.finish(), jam.err());
            try (Stream<Path> all = Files.walk(dir)) {
                List<String> files = all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted()
                        .toList();
                assertEquals(List.of("a.wav", "config/scenes/from-the-page.json"), files);
            }
            assertTrue(!Files.exists(dir.resolve("config/x.json")) && !Files.exists(Path.of("/any/path.json")));
        } finally {
            if (previous == null) {
                System.clearProperty("nesjam.config.dir");
            } else {
                System.setProperty("nesjam.config.dir", previous);
            }
        }
    }

    private int status(String url, String origin, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (token != null) {
            b.header(ControlPage.TOKEN_HEADER, token);
        }
        if (body != null) {
            b.POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** {@code --control-host}: every request needs the printed token, quit included; a foreign Origin stays out. */
    @Test
    void lanModeNeedsTheTokenOnEveryRequest(@TempDir Path dir) throws Exception {
        try (JamWithPage jam = new JamWithPage(dir.resolve("a.wav"), "--control-host", "127.0.0.1")) {
            URI u = URI.create(jam.url());
            assertTrue(u.getQuery() != null && u.getQuery().matches("token=[A-Za-z0-9_-]{24}"), jam.url());
            String token = u.getQuery().substring(6);
            String bare = u.getScheme() + "://" + u.getAuthority();
            for (String path : List.of("/", "/overlay", "/state", "/events")) {
                assertEquals(403, status(bare + path, null, null, null), path + " without the token");
                assertEquals(403, status(bare + path + "?token=wrong" + token, null, null, null), path);
            }
            assertEquals(403, status(bare + "/command", null, null, "quit"));
            assertEquals(403, status(bare + "/command", null, "x" + token, "quit"));
            assertEquals(403, status(bare + "/command", "http://evil.example", token, "quit"));
            Thread.sleep(200);
            assertTrue(jam.running(), "no refused quit ended the jam");
            assertEquals(200, status(bare + "/state", null, token, null));
            assertEquals(200, status(jam.url("/overlay"), null, null, null));
            assertEquals(200, status(bare + "/command", "http://" + u.getAuthority(), token, "panic"));
            assertTrue(jam.err().contains("(OBS overlay: " + bare + "/overlay?token=" + token + ")"), jam.err());
            assertEquals(0, jam.finish(), jam.err());
        }
    }

    @Test
    void badControlHostsExitTwo(@TempDir Path dir) {
        for (String[] bad : new String[][] {{"--control-host", "127.0.0.1"}, {"--control", "0", "--control-host",
                "no.such.host.invalid"}, {"--control", "0", "--control-host", "192.0.2.1"}}) {
            List<String> argv = new ArrayList<>(List.of("jam", "--seconds", "1", "--no-midi", "--model",
                    org.nesjam.app.cli.JamCommandTest.TINY, "--audio", "wav:" + dir.resolve("x.wav")));
            argv.addAll(List.of(bad));
            CliRun r = CliRun.of(argv.toArray(String[]::new));
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().strip().startsWith("nesjam: --control"), r.err());
            assertTrue(!r.err().strip().contains("\n"), "one line: " + r.err());
            assertTrue(!Files.exists(dir.resolve("x.wav")));
        }
    }
}
