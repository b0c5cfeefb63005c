package org.nesjam.app.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.nesjam.apu.instrument.ApuInstrument;
import org.nesjam.audio.AudioConfig;
import org.nesjam.gen.jam.JamPlugin;
import org.nesjam.gen.model.NesModel;
import org.nesjam.host.CcMap;
import org.nesjam.host.ChainSpec;
import org.nesjam.host.LiveChain;
import org.nesjam.host.PluginChain;
import org.nesjam.host.PreparedChain;
import org.nesjam.host.rt.Engine;
import org.nesjam.host.rt.ManualBackend;
import org.nesjam.midi.live.MidiReceiver;
import org.nesjam.plugin.Plugin;
import org.nesjam.threads.ThreadAllocation;

/**
 * The page and the overlay add no allocation on the audio thread: the jam's chain as {@code nesjam jam} builds it
 * (generator + APU on a {@link LiveChain} in the {@link Engine}), its audio thread driven in real time by this test,
 * with the control page serving a connected event stream, player notes arriving through the jam's MIDI receiver (which
 * also feeds the page) and parameter changes sent from the page. After warm-up, a window of audio cycles allocates
 * nothing (the proof {@link ThreadAllocation#windowBytes} accepts: HotSpot may allocate a few bytes while compiling).
 */
class JamPageAllocationTest {
    private static final int RATE = 48_000;
    private static final int PERIOD = 256;

    @Test
    void theAudioThreadAllocatesNothingWithThePageConnected() throws Exception {
        assumeTrue(ThreadAllocation.supported(), "per-thread allocation counting unsupported");
        NesModel model = NesModel.load(java.nio.file.Path.of(org.nesjam.app.cli.JamCommandTest.TINY));
        NoteFeed notes = new NoteFeed(8192);
        JamPlugin jam = new JamPlugin(() -> model, false).setSeed(4).setPlanSink(notes.planSink());
        List<Plugin> plugins = List.of(jam, new ApuInstrument());
        PluginChain chain = new PluginChain(plugins, 2, 512, 1024, (org.nesjam.host.FaultReporter) null);
        LiveChain live = new LiveChain(2, 512, 1024, 1);
        chain.activate(RATE);
        List<ChainSpec.CcBinding> cc = JamLive.defaultCcBindings();
        live.submit(new PreparedChain(chain, ChainSpec.of(JamPlugin.DESCRIPTOR.id(), "org.nesjam.apu").withCc(cc),
                CcMap.build(cc, chain.plugins(), "--cc")));
        live.block().sampleRate = RATE;
        Engine engine = new Engine(live, Engine.Options.DEFAULT);
        ManualBackend backend = new ManualBackend(new AudioConfig(RATE, PERIOD, 2));
        engine.start(backend);
        MidiReceiver player = JamLive.playerInput(engine, jam, notes);
        LiveControl control = new LiveControl("jam", live, jam, new AtomicBoolean());
        control.add("note", NoteCommand.USAGE, new NoteCommand("jam", player));
        ControlPage page = ControlPage.start(0, "jam", control, JamLive.pageLayout(), () -> "jam",
                new ControlPage.Live(notes, engine::playheadSampleTime, RATE, () -> java.util.Map.of("audio", "ok")));
        HttpClient http = HttpClient.newHttpClient();
        AtomicBoolean playing = new AtomicBoolean(true);
        Thread pianist = new Thread(() -> { // the player and the page's controls, while the audio runs
            int i = 0;
            while (playing.get()) {
                try {
                    http.send(HttpRequest.newBuilder(URI.create(page.url()).resolve("/command"))
                            .POST(HttpRequest.BodyPublishers.ofString(i % 3 == 0 ? "set temperature "
                                    + (0.8 + i % 10 * 0.02) : "note p1 " + (60 + i % 12) + " 80")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    Thread.sleep(40);
                } catch (Exception e) {
                    return;
                }
                i++;
            }
        }, "pianist");
        long[] windows;
        int framesBefore;
        try (SseReader stream = new SseReader(page.url() + "events")) {
            long[] periodNanos = {PERIOD * 1_000_000_000L / RATE};
            long[][] result = new long[1][];
            int[] framesAtStart = new int[1];
            Thread audio = new Thread(() -> {
                long deadline = System.nanoTime();
                for (int i = 0; i < 400; i++) { // warm-up, about 2 s
                    deadline = cycle(backend, deadline, periodNanos[0]);
                }
                framesAtStart[0] = stream.frameCount();
                result[0] = ThreadAllocation.windowBytes(10, w -> {
                    long d = System.nanoTime();
                    for (int i = 0; i < 200; i++) { // about 1 s
                        d = cycle(backend, d, periodNanos[0]);
                    }
                });
            }, "test-audio");
            pianist.start();
            audio.start();
            audio.join();
            windows = result[0];
            framesBefore = framesAtStart[0];
            playing.set(false);
            pianist.join();
            int streamed = stream.frameCount() - framesBefore; // at least the 4 a second that carry the status
            assertTrue(streamed >= 3 * windows.length, "the page streamed while the audio ran: " + streamed
                    + " frames in " + windows.length + " s");
            assertNotNull(stream.await(f -> SseReader.notes(f).stream().anyMatch(n -> n.get(2) == 0), 1000),
                    "the player's notes were in the stream");
            assertNotNull(stream.await(f -> SseReader.notes(f).stream().anyMatch(n -> n.get(2) == 1), 1000),
                    "the model's notes were in the stream");
        } finally {
            playing.set(false);
            page.close();
            engine.stop();
            live.close(); // destroys the chain: the worker stops before its model closes
            model.close();
        }
        System.out.println("audio-thread bytes per 1 s window with the page connected: "
                + java.util.Arrays.toString(windows));
        assertEquals(0, windows[windows.length - 1], "the audio thread allocated in every window: "
                + java.util.Arrays.toString(windows));
        assertTrue(jam.stats().emittedEvents.get() > 20, "the model played");
    }

    /** One audio cycle, then waits for the period's deadline (real-time pacing); the next deadline. */
    private static long cycle(ManualBackend backend, long deadline, long periodNanos) {
        backend.cycle(PERIOD);
        deadline += periodNanos;
        while (System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(deadline - System.nanoTime());
        }
        return deadline;
    }
}
