package org.nesjam.app.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nesjam.apu.instrument.ApuInstrument;
import org.nesjam.host.ChainBuilder;
import org.nesjam.host.ChainSpec;
import org.nesjam.host.LiveChain;
import org.nesjam.host.PreparedChain;
import org.nesjam.host.discovery.PluginDiscovery;
import org.nesjam.host.discovery.PluginRegistry;
import org.nesjam.json.Json;
import org.nesjam.json.JsonValue;
import org.nesjam.plugin.Params;
import org.nesjam.plugin.ProcessBlock;

/**
 * The control page over HTTP on a live chain holding the APU instrument (as {@code play} builds it): the page, its
 * state, and commands in stdin's language that change what the audio thread plays; bad requests get an HTTP error.
 */
class ControlPageTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private PluginRegistry registry;
    private LiveChain live;
    private ControlPage page;
    private final AtomicBoolean quit = new AtomicBoolean();
    private final String[] panics = {""};
    private final NoteFeed notes = new NoteFeed(64);

    @BeforeEach
    void start() throws Exception {
        registry = PluginDiscovery.discover(getClass().getClassLoader(), List.of());
        PreparedChain prepared = ChainBuilder.build(ChainSpec.of(ApuInstrument.DESCRIPTOR.id()), registry, null,
                new ChainBuilder.Config(48_000, 2, 512, 1024), null);
        live = new LiveChain(2, 512, 1024, LiveChain.DEFAULT_CROSSFADE_FRAMES);
        live.submit(prepared);
        live.block().sampleRate = 48_000;
        LiveControl control = new LiveControl("play", live, prepared.chain().plugins()[0].extension(Params.class),
                quit);
        control.add("panic", "panic", w -> {
            panics[0] += "!";
            return "play: all notes off";
        });
        page = ControlPage.start(0, "play", control, new PageLayout().button("Panic", "panic", "Escape"),
                () -> "play: 1 s played", new ControlPage.Live(notes, () -> 48_000, 48_000,
                        () -> java.util.Map.of("audio", "ok")));
    }

    @AfterEach
    void stop() {
        page.close();
        live.close();
        registry.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(page.url()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String line) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(page.url()).resolve("/command"))
                .POST(HttpRequest.BodyPublishers.ofString(line)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** [audio-thread stand-in] One block, which applies the queued parameter changes. */
    private void renderBlock() {
        ProcessBlock b = live.block();
        b.frameCount = 256;
        b.inputEvents.clear();
        live.process();
    }

    private double value(String key) throws Exception {
        HttpResponse<String> r = get("/state");
        assertEquals(200, r.statusCode());
        JsonValue.Obj state = Json.parse(r.body(), "/state").asObject();
        assertEquals("play", state.string("command"));
        assertEquals("play: 1 s played", state.string("status"));
        for (JsonValue p : state.require("params").asArray().items()) {
            if (p.asObject().string("key").equals(key)) {
                return p.asObject().require("value").asNumber();
            }
        }
        throw new AssertionError("no parameter " + key + " in " + r.body());
    }

    @Test
    void servesThePageAndItsState() throws Exception {
        HttpResponse<String> r = get("/");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("<title>nesjam</title>") && r.body().contains("fetch(nesjamUrl('/state'))"));
        assertTrue(page.url().startsWith("http://127.0.0.1:"), page.url());
        JsonValue.Obj state = Json.parse(get("/state").body(), "/state").asObject();
        assertEquals("set KEY VALUE | panic | learn KEY | quit", state.string("usage"));
        assertTrue(state.require("params").asArray().items().size() > 5, "the instrument's parameters");
        assertEquals(404, get("/nothing-here").statusCode());
    }

    @Test
    void commandsChangeWhatIsPlayed() throws Exception {
        double before = value("p1.duty");
        double wanted = before == 2 ? 1 : 2;
        HttpResponse<String> r = post("set p1.duty " + (int) wanted);
        assertEquals(200, r.statusCode());
        assertEquals("", r.body().strip());
        renderBlock();
        assertEquals(wanted, value("p1.duty"));

        assertEquals("play: all notes off", post("panic").body().strip());
        assertEquals("!", panics[0]);
        assertTrue(post("set p1.duty loud").body().startsWith("play: set p1.duty: 'loud' is not a number"));
        assertTrue(post("set nothing 1").body().startsWith("play: set KEY VALUE, KEY one of "));
        assertTrue(post("dance").body().startsWith("play: commands: set KEY VALUE | panic"));
        assertTrue(!quit.get());
        assertEquals("play: quitting", post("quit").body().strip());
        assertTrue(quit.get());
    }

    /** Another web page open in the user's browser must not drive nesjam: cross-site requests and DNS rebinding. */
    @Test
    void otherSitesAreRefused() throws Exception {
        HttpRequest crossSite = HttpRequest.newBuilder(URI.create(page.url()).resolve("/command"))
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString("quit")).build();
        assertEquals(403, http.send(crossSite, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertTrue(!quit.get(), "the cross-site quit was not run");
        HttpRequest sameSite = HttpRequest.newBuilder(URI.create(page.url()).resolve("/command"))
                .header("Origin", "http://127.0.0.1:" + page.port()).POST(HttpRequest.BodyPublishers.ofString("panic"))
                .build();
        assertEquals(200, http.send(sameSite, HttpResponse.BodyHandlers.ofString()).statusCode());
        // a rebound name resolves to 127.0.0.1 but the browser sends its own Host: refused (Host is a restricted
        // header for java.net.http, so this request is written by hand)
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", page.port())) {
            socket.getOutputStream().write(("GET /state HTTP/1.1\r\nHost: rebound.example:" + page.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(),
                    java.nio.charset.StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
        }
    }

    /** {@code play --control}: the player's notes reach the page's event stream, with the status and the values. */
    @Test
    void theEventStreamCarriesThePlayersNotes() throws Exception {
        try (SseReader events = new SseReader(page.url() + "events")) {
            assertEquals(200, events.status);
            notes.player(24_000, org.nesjam.plugin.Midi.NOTE_ON | 1 | 64 << 8 | 90 << 16);
            java.util.Map<String, Object> frame = events.await(f -> !SseReader.notes(f).isEmpty(), 3_000);
            assertTrue(frame != null, "a frame with the note");
            assertEquals(List.of(1.0, 64.0, 0.0, 1.0, 500.0, -1.0), SseReader.notes(frame).get(0),
                    "pulse 2, pitch 64, the player's, id 1, from 500 ms, still held");
            assertEquals(1000.0, frame.get("ph"));
            assertEquals("ok", SseReader.state(frame).get("audio"));
            assertTrue(((java.util.Map<?, ?>) SseReader.state(frame).get("values")).containsKey("p1.duty"));
            assertEquals(1, page.pagesConnected());
        } // the page goes away mid-stream: dropped at the feed's next write (within a status period)
        long until = System.currentTimeMillis() + 2_000;
        while (page.pagesConnected() > 0 && System.currentTimeMillis() < until) {
            Thread.sleep(10);
        }
        assertEquals(0, page.pagesConnected(), "the closed page was dropped");
        assertEquals(200, get("/overlay").statusCode());
    }

    @Test
    void badRequestsGetAnHttpError() throws Exception {
        assertEquals(405, get("/command").statusCode());
        assertEquals(413, post("set p1.duty " + "9".repeat(ControlPage.MAX_COMMAND_BYTES)).statusCode());
        assertEquals(200, post("").statusCode());
    }
}
