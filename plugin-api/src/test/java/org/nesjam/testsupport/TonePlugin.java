package org.nesjam.testsupport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.nesjam.plugin.EventBuffer;
import org.nesjam.plugin.Midi;
import org.nesjam.plugin.ParamInfo;
import org.nesjam.plugin.ParamSmoother;
import org.nesjam.plugin.Params;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginApi;
import org.nesjam.plugin.PluginDescriptor;
import org.nesjam.plugin.PluginFactory;
import org.nesjam.plugin.PluginKind;
import org.nesjam.plugin.PluginState;
import org.nesjam.plugin.ProcessBlock;
import org.nesjam.plugin.ProcessStatus;

/**
 * A deterministic test instrument: a sine at the last held MIDI note (or 440 Hz before any note when
 * {@code drone} is 1), times the smoothed {@code gain}. Parameters and full state (phase included) make it
 * suitable for automation, preset and bit-exact state round-trip tests. Real-time safe after activate.
 */
public final class TonePlugin implements Plugin, Params, PluginState {
    public static final String ID = "org.nesjam.test.tone";
    public static final PluginDescriptor DESCRIPTOR =
            new PluginDescriptor(ID, "Test Tone", "1.0", "nesjam tests", PluginKind.INSTRUMENT, PluginApi.VERSION);
    public static final int GAIN = 1;
    public static final int OCTAVE = 2;
    public static final int RAMP_MS = 3;
    public static final int DRONE = 4;
    private static final ParamInfo[] PARAMS = {
        new ParamInfo(GAIN, "gain", "Gain", 0, 1, 0.5, false, true),
        new ParamInfo(OCTAVE, "octave", "Octave", -2, 2, 0, true, false),
        new ParamInfo(RAMP_MS, "ramp_ms", "Smoothing (ms)", 0, 50, ParamSmoother.DEFAULT_RAMP_MS, false, false),
        new ParamInfo(DRONE, "drone", "Drone", 0, 1, 1, true, false),
    };

    /** The factory registered for ServiceLoader tests and built-in style registration. */
    public static final class Factory implements PluginFactory {
        @Override
        public PluginDescriptor descriptor() {
            return DESCRIPTOR;
        }

        @Override
        public Plugin create() {
            return new TonePlugin();
        }
    }

    private final double[] values = {0.5, 0, ParamSmoother.DEFAULT_RAMP_MS, 1};
    private final ParamSmoother gain = new ParamSmoother(0.5);
    private double sampleRate;
    private double phase;
    private int note = -1;

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void activate(double sampleRate, int minFrames, int maxFrames) {
        this.sampleRate = sampleRate;
        gain.setRampTime(sampleRate, values[RAMP_MS - 1]);
    }

    @Override
    public ProcessStatus process(ProcessBlock block) {
        EventBuffer ev = block.inputEvents;
        float[] l = block.audio.channel(0);
        int e = 0;
        for (int f = 0; f < block.frameCount; f++) {
            while (e < ev.size() && ev.blockOffset(e) <= f) {
                handle(ev, e++);
            }
            double hz = note >= 0 ? 440.0 * Math.pow(2, (note - 69) / 12.0)
                    : (values[DRONE - 1] > 0.5 ? 440.0 : 0.0);
            hz *= Math.pow(2, values[OCTAVE - 1]);
            double g = gain.next();
            float s = hz == 0 ? 0f : (float) (g * Math.sin(phase));
            for (int c = 0; c < block.audio.channelCount(); c++) {
                block.audio.channel(c)[f] += s;
            }
            phase += 2 * Math.PI * hz / sampleRate;
            if (phase > 2 * Math.PI) {
                phase -= 2 * Math.PI;
            }
        }
        while (e < ev.size()) {
            handle(ev, e++);
        }
        return l == null ? ProcessStatus.ERROR : ProcessStatus.CONTINUE;
    }

    private void handle(EventBuffer ev, int e) {
        if (ev.kind(e) == EventBuffer.PARAM) {
            ParamInfo info = paramById(ev.paramId(e));
            if (info != null) {
                double v = info.clamp(ev.paramValue(e));
                values[info.id() - 1] = v;
                if (info.id() == GAIN) {
                    gain.setTarget(v);
                } else if (info.id() == RAMP_MS) {
                    gain.setRampTime(sampleRate, v);
                }
            }
            return;
        }
        int cmd = Midi.command(ev.midiStatus(e));
        if (cmd == Midi.NOTE_ON && ev.midiData2(e) > 0) {
            note = ev.midiData1(e);
        } else if ((cmd == Midi.NOTE_OFF || cmd == Midi.NOTE_ON) && ev.midiData1(e) == note) {
            note = -1;
        }
    }

    @Override
    public void deactivate() {
    }

    @Override
    public int paramCount() {
        return PARAMS.length;
    }

    @Override
    public ParamInfo paramInfo(int index) {
        return PARAMS[index];
    }

    @Override
    public double paramValue(int paramId) {
        return values[paramId - 1];
    }

    @Override
    public void setParamValue(int paramId, double value) {
        ParamInfo info = paramById(paramId);
        if (info == null) {
            throw new IllegalArgumentException("no parameter " + paramId);
        }
        values[paramId - 1] = info.clamp(value);
        if (paramId == GAIN) {
            gain.reset(values[0]);
        } else if (paramId == RAMP_MS && sampleRate > 0) {
            gain.setRampTime(sampleRate, values[RAMP_MS - 1]);
        }
    }

    /** Current smoothed gain (for tests). */
    public ParamSmoother gainSmoother() {
        return gain;
    }

    @Override
    public byte[] saveState() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(1);
            for (double v : values) {
                out.writeDouble(v);
            }
            out.writeDouble(phase);
            out.writeInt(note);
            out.writeDouble(gain.current());
            out.writeDouble(gain.target());
            out.writeDouble(gain.step());
            out.writeInt(gain.remainingFrames());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void loadState(byte[] state) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            if (in.readInt() != 1) {
                throw new IOException("unknown tone state version");
            }
            double[] v = new double[values.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = PARAMS[i].clamp(in.readDouble());
            }
            double p = in.readDouble();
            int n = in.readInt();
            double g = in.readDouble();
            double target = in.readDouble();
            double step = in.readDouble();
            int remaining = in.readInt();
            System.arraycopy(v, 0, values, 0, v.length);
            phase = p;
            note = n;
            gain.restore(g, target, step, remaining);
            if (sampleRate > 0) {
                gain.setRampTime(sampleRate, values[RAMP_MS - 1]);
            }
        } catch (java.io.EOFException e) {
            throw new IOException("tone state truncated", e);
        }
    }
}
