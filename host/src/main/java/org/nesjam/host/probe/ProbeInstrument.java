package org.nesjam.host.probe;

import org.nesjam.plugin.EventBuffer;
import org.nesjam.plugin.Midi;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginApi;
import org.nesjam.plugin.PluginDescriptor;
import org.nesjam.plugin.PluginKind;
import org.nesjam.plugin.ProcessBlock;
import org.nesjam.plugin.ProcessStatus;

/**
 * A measurement instrument: one sine voice per MIDI channel at the note's equal-tempered pitch (A4 = 440 Hz),
 * amplitude {@code 0.5 * velocity / 127}, starting with its first non-zero sample exactly at the note-on's block
 * offset (phase 0 is then advanced, so the very first sample is {@code sin(2 pi f / rate)}, never 0) and silent
 * from the note-off's offset on. No envelope, no smoothing: onsets are exact, which is what latency and
 * sample-accuracy tests and benchmarks need. Not meant to sound good.
 * <p>
 * Real-time safe: {@link #process} allocates nothing.
 */
public final class ProbeInstrument implements Plugin {
    public static final PluginDescriptor DESCRIPTOR = new PluginDescriptor("org.nesjam.probe", "Probe sine",
            "1", "nesjam", PluginKind.INSTRUMENT, PluginApi.VERSION);

    private final double[] phase = new double[16];
    private final double[] increment = new double[16];
    private final float[] amplitude = new float[16];
    private final int[] note = new int[16];
    private double sampleRate;

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void activate(double sampleRate, int minFrames, int maxFrames) {
        this.sampleRate = sampleRate;
        java.util.Arrays.fill(amplitude, 0f);
        java.util.Arrays.fill(note, -1);
    }

    /** Frequency in Hz of MIDI note {@code n} (A4 = 69 = 440 Hz). */
    public static double noteHz(int n) {
        return 440.0 * Math.pow(2.0, (n - 69) / 12.0);
    }

    @Override
    public ProcessStatus process(ProcessBlock block) {
        EventBuffer events = block.inputEvents;
        float[] left = block.audio.channel(0);
        float[] right = block.audio.channelCount() > 1 ? block.audio.channel(1) : null;
        int frame = 0;
        int e = 0;
        int n = block.frameCount;
        while (frame < n) {
            while (e < events.size() && events.blockOffset(e) <= frame) {
                apply(events, e++);
            }
            int end = e < events.size() ? Math.min(n, events.blockOffset(e)) : n;
            render(left, right, frame, end);
            frame = end;
        }
        while (e < events.size()) {
            apply(events, e++);
        }
        return ProcessStatus.CONTINUE;
    }

    private void render(float[] left, float[] right, int from, int to) {
        for (int ch = 0; ch < 16; ch++) {
            float a = amplitude[ch];
            if (a == 0f) {
                continue;
            }
            double p = phase[ch];
            double inc = increment[ch];
            for (int i = from; i < to; i++) {
                p += inc;
                if (p >= 1.0) {
                    p -= 1.0;
                }
                float s = a * (float) Math.sin(2 * Math.PI * p);
                left[i] += s;
                if (right != null) {
                    right[i] += s;
                }
            }
            phase[ch] = p;
        }
    }

    private void apply(EventBuffer events, int i) {
        if (events.kind(i) != EventBuffer.MIDI) {
            return;
        }
        int status = events.midiStatus(i);
        int ch = Midi.channel(status);
        int d1 = events.midiData1(i);
        int d2 = events.midiData2(i);
        switch (Midi.command(status)) {
            case Midi.NOTE_ON:
                if (d2 > 0) {
                    note[ch] = d1;
                    phase[ch] = 0;
                    increment[ch] = noteHz(d1) / sampleRate;
                    amplitude[ch] = 0.5f * d2 / 127f;
                    break;
                }
                // velocity 0 = note off
                if (note[ch] == d1) {
                    amplitude[ch] = 0f;
                    note[ch] = -1;
                }
                break;
            case Midi.NOTE_OFF:
                if (note[ch] == d1) {
                    amplitude[ch] = 0f;
                    note[ch] = -1;
                }
                break;
            case Midi.CONTROL_CHANGE:
                if (d1 == Midi.CC_ALL_NOTES_OFF || d1 == Midi.CC_ALL_SOUND_OFF) {
                    amplitude[ch] = 0f;
                    note[ch] = -1;
                }
                break;
            default:
                break;
        }
    }

    @Override
    public void deactivate() {
    }
}
