package org.nesjam.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nesjam.plugin.EventBuffer;
import org.nesjam.plugin.Midi;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginApi;
import org.nesjam.plugin.PluginDescriptor;
import org.nesjam.plugin.PluginKind;
import org.nesjam.plugin.ProcessBlock;
import org.nesjam.plugin.ProcessStatus;

class PluginChainRoutingTest {

    /** Records what it receives as text; a note effect transposes note-ons by +12. */
    static final class Probe implements Plugin {
        final PluginDescriptor d;
        final List<String> seen = new ArrayList<>();

        Probe(PluginKind kind) {
            d = new PluginDescriptor("probe." + kind, "Probe", "1", "t", kind, PluginApi.VERSION);
        }

        @Override
        public PluginDescriptor descriptor() {
            return d;
        }

        @Override
        public void activate(double sampleRate, int minFrames, int maxFrames) {
        }

        @Override
        public ProcessStatus process(ProcessBlock block) {
            EventBuffer in = block.inputEvents;
            for (int e = 0; e < in.size(); e++) {
                if (in.kind(e) == EventBuffer.PARAM) {
                    seen.add(in.blockOffset(e) + ":param" + in.paramId(e) + "=" + in.paramValue(e));
                } else {
                    seen.add(in.blockOffset(e) + ":ch" + (Midi.channel(in.midiStatus(e)) + 1) + " "
                            + Integer.toHexString(Midi.command(in.midiStatus(e))) + " " + in.midiData1(e));
                    if (d.kind() == PluginKind.NOTE_EFFECT && Midi.command(in.midiStatus(e)) == Midi.NOTE_ON) {
                        block.outputEvents.addMidi(in.blockOffset(e), in.midiStatus(e), in.midiData1(e) + 12, 100);
                    }
                }
            }
            return ProcessStatus.CONTINUE;
        }

        @Override
        public void deactivate() {
        }
    }

    @Test
    void midiChannelsAndParamTargetsRouteEventsAndNoteEffectsReplaceWhatTheyGot() {
        Probe effect = new Probe(PluginKind.NOTE_EFFECT);
        Probe a = new Probe(PluginKind.INSTRUMENT);
        Probe b = new Probe(PluginKind.INSTRUMENT);
        PluginChain chain = new PluginChain(List.of(effect, a, b), 1, 64, 32, (FaultSink) null);
        chain.setMidiChannels(0, 1);           // effect: channel 1 only
        chain.setMidiChannels(1, 1 | 1 << 1);  // a: channels 1, 2
        chain.setMidiChannels(2, 1 << 9);      // b: channel 10
        chain.activate(48000);
        ProcessBlock blk = chain.block();
        blk.frameCount = 64;
        blk.inputEvents.addMidi(30, Midi.NOTE_ON | 9, 36, 100);   // drums, ch 10
        blk.inputEvents.addMidi(5, Midi.NOTE_ON, 60, 100);        // ch 1
        blk.inputEvents.addMidi(6, Midi.NOTE_ON | 1, 64, 100);    // ch 2
        blk.inputEvents.addParam(7, 2, 9, 0.5);                   // for b only
        blk.inputEvents.addParam(8, 9, 1.0);                      // for everyone
        blk.inputEvents.addMidi(9, Midi.START, 0, 0);             // system: everyone
        chain.process();
        assertEquals(List.of("5:ch1 90 60", "8:param9=1.0", "9:ch11 fa 0"), effect.seen); // 0xFA: system message
        assertEquals(List.of("5:ch1 90 72", "6:ch2 90 64", "8:param9=1.0", "9:ch11 fa 0"), a.seen);
        assertEquals(List.of("7:param9=0.5", "8:param9=1.0", "9:ch11 fa 0", "30:ch10 90 36"), b.seen);
    }
}
