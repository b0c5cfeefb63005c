package org.nesjam.nativebridge.rtmidi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PortNamesTest {
    private static final List<String> JACK = List.of("system:midi_capture_1", "a2j:Keystation [20] (capture): port",
            "nesjam-in:keys", "nesjam-in-01:keys", "Qsynth:midi_in");

    @Test
    void exactThenCaseInsensitiveThenPartThenSubstring() throws RtMidiException {
        assertEquals(2, PortNames.pick(JACK, "nesjam-in:keys", "x"));
        assertEquals(4, PortNames.pick(JACK, "qsynth:MIDI_IN", "x"));
        assertEquals(4, PortNames.pick(JACK, "qsynth", "x"));
        assertEquals(1, PortNames.pick(JACK, "keystation", "x"));
        assertEquals(0, PortNames.pick(JACK, "capture_1", "x"));
    }

    @Test
    void ambiguousAndMissingNamesSayWhatExists() {
        RtMidiException ambiguous = assertThrows(RtMidiException.class, () -> PortNames.pick(JACK, "keys", "x"));
        assertTrue(ambiguous.getMessage().contains("nesjam-in:keys") && ambiguous.getMessage().contains("nesjam-in-01:keys"),
                ambiguous.getMessage());
        RtMidiException missing = assertThrows(RtMidiException.class, () -> PortNames.pick(JACK, "piano", "MIDI sink"));
        assertTrue(missing.getMessage().startsWith("no MIDI sink port matches 'piano'"), missing.getMessage());
        assertTrue(missing.getMessage().contains("Qsynth:midi_in"));
        assertThrows(RtMidiException.class, () -> PortNames.pick(List.of(), "x", "x"));
        assertThrows(RtMidiException.class, () -> PortNames.pick(JACK, " ", "x"));
    }

    @Test
    void apiNamesParse() {
        assertEquals(RtMidiApi.UNIX_JACK, RtMidiApi.parse("JACK"));
        assertEquals(RtMidiApi.LINUX_ALSA, RtMidiApi.parse("alsa"));
        assertEquals(RtMidiApi.MACOSX_CORE, RtMidiApi.parse("core"));
        assertEquals(RtMidiApi.WINDOWS_MM, RtMidiApi.parse("winmm"));
        assertEquals(null, RtMidiApi.parse("pipewire"));
        assertEquals(3, RtMidiApi.UNIX_JACK.code);
        assertEquals(2, RtMidiApi.LINUX_ALSA.code);
    }
}
