package org.nesjam.nativebridge.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nesjam.midi.live.MidiInputPipeline;

/** javax.sound.midi: on a machine without sound drivers only the Gervill synth exists; everything fails cleanly. */
class JavaSoundMidiTest {

    @Test
    void listingNeverThrowsAndSkipsSequencers() {
        List<JavaSoundMidi.Device> devices = JavaSoundMidi.list();
        for (JavaSoundMidi.Device d : devices) {
            assertFalse(d.name().isEmpty());
            assertFalse(d.name().toLowerCase().contains("sequencer"), d.name());
            assertTrue(d.source() || d.sink(), d.name());
        }
    }

    @Test
    void unknownDevicesGiveOneLineErrors() {
        MidiInputPipeline pipeline = new MidiInputPipeline((m, t) -> { }, null, false);
        MidiDeviceException in = assertThrows(MidiDeviceException.class,
                () -> JavaSoundMidi.openInput("no such keyboard", pipeline));
        assertTrue(in.getMessage().startsWith("no javax.sound.midi source port matches 'no such keyboard'"),
                in.getMessage());
        assertFalse(in.getMessage().contains("\n"));
        MidiDeviceException out = assertThrows(MidiDeviceException.class,
                () -> JavaSoundMidi.openOutput("no such synth"));
        assertTrue(out.getMessage().startsWith("no javax.sound.midi sink port matches"), out.getMessage());
    }

    @Test
    void softwareSynthOpensOrFailsWithOneLine() throws Exception {
        boolean hasSynth = JavaSoundMidi.list().stream().anyMatch(JavaSoundMidi.Device::synthesizer);
        if (!hasSynth) {
            return; // nothing to open on this JDK
        }
        String name = JavaSoundMidi.list().stream().filter(JavaSoundMidi.Device::synthesizer).findFirst()
                .orElseThrow().name();
        MidiOutput out;
        try {
            out = JavaSoundMidi.openOutput(name);
        } catch (MidiDeviceException e) { // no audio line on this machine: that is the expected clean failure
            assertFalse(e.getMessage().contains("\n"));
            assertTrue(e.getMessage().contains(name), e.getMessage());
            return;
        }
        try {
            assertTrue(out.trySend(0x90 | 60 << 8 | 100 << 16));
            assertTrue(out.trySend(0x80 | 60 << 8));
            long end = System.currentTimeMillis() + 2000;
            while (out.sent() < 2 && System.currentTimeMillis() < end) {
                Thread.sleep(5);
            }
            assertEquals(2, out.sent());
        } finally {
            out.close();
        }
    }

    @Test
    void noneSpecsOpenNothing() throws Exception {
        assertEquals(null, MidiPorts.openOutput("none", null, null));
        assertEquals(null, MidiPorts.openInput("off", null, null, new MidiInputPipeline((m, t) -> { }, null, false),
                RtMidiInput.Mode.POLL));
    }
}
