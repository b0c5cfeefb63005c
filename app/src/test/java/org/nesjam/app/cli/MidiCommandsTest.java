package org.nesjam.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nesjam.nativebridge.rtmidi.JackProbe;
import org.nesjam.nativebridge.rtmidi.RtMidiApi;
import org.nesjam.nativebridge.rtmidi.RtMidiOut;
import org.nesjam.nativebridge.rtmidi.RtMidiNative;
import org.nesjam.testsupport.Require;

/** {@code nesjam devices}, {@code nesjam bench midi} and the MIDI options: output and one-line errors. */
class MidiCommandsTest {

    private static CliRun run(String... argv) {
        return CliRun.of(argv);
    }

    @Test
    void devicesListsMidiEndpointsOrSaysWhyNot() throws Exception {
        CliRun r = run("devices", "--midi");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("MIDI"), r.out());
    }

    @Test
    void devicesShowsAJackMidiPort() throws Exception {
        Require.that(RtMidiNative.available(), String.valueOf(RtMidiNative.unavailableReason()));
        Require.that(JackProbe.serverRunning(), "no JACK server '" + JackProbe.serverName() + "' running");
        String client = "devtest" + Long.toString(System.nanoTime() % 46_656, 36);
        try (RtMidiOut port = RtMidiOut.create(RtMidiApi.UNIX_JACK, client)) {
            port.openVirtualPort("synth-out");
            CliRun r = run("devices", "--midi");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("rtmidi-jack") && r.out().contains(client + ":synth-out"), r.out());
        }
    }

    @Test
    void benchMidiBadArgumentsAreOneLineUserErrors() {
        CliRun unknown = run("bench", "nope");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("nesjam: ") && unknown.err().contains("'nope'"), unknown.err());
        assertEquals(1, unknown.err().split("\n").length);
        CliRun mode = run("bench", "midi", "--mode", "sideways");
        assertEquals(2, mode.code());
        assertTrue(mode.err().startsWith("nesjam: bench midi: --mode must be"), mode.err());
        CliRun count = run("bench", "midi", "--count", "0");
        assertEquals(2, count.code());
        assertEquals(1, count.err().split("\n").length, count.err());
    }

    @Test
    void benchMidiMeasuresOnJack() {
        Require.that(RtMidiNative.available(), String.valueOf(RtMidiNative.unavailableReason()));
        Require.that(JackProbe.serverRunning(), "no JACK server '" + JackProbe.serverName() + "' running");
        CliRun r = run("bench", "midi", "--count", "100", "--warmup", "10", "--mode", "poll");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s)midi latency poll +JACK \\d+ frames @ \\d+ Hz .*100/100 received, p50 .*"),
                r.out());
    }

    @Test
    void midiOptionsRejectUnknownApi() {
        picocli.CommandLine.ParameterException e = assertThrows(picocli.CommandLine.ParameterException.class,
                () -> Parsed.of("--midi-api", "pipewire"));
        assertEquals("--midi-api must be jack, alsa, core or winmm, got 'pipewire'", e.getMessage());
    }
}
