package org.nesjam.apu.instrument;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import org.nesjam.apu.ApuRegion;
import org.nesjam.apu.ApuSynth;
import org.nesjam.apu.FilterMode;
import org.nesjam.plugin.AudioBuffer;
import org.nesjam.plugin.EventBuffer;
import org.nesjam.plugin.ParamInfo;
import org.nesjam.plugin.Params;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginApi;
import org.nesjam.plugin.PluginDescriptor;
import org.nesjam.plugin.PluginKind;
import org.nesjam.plugin.PluginState;
import org.nesjam.plugin.ProcessBlock;
import org.nesjam.plugin.ProcessStatus;

/**
 * The 2A03 APU as an instrument: MIDI in (see {@link MidiDriver} for the mapping), band-limited mono audio out,
 * added to every channel of the block. Events are applied at their exact sample: the block is split at each event's
 * offset and the APU register writes happen at that sample's CPU cycle, so the output is identical for any block
 * size. Real-time: {@link #process} allocates nothing.
 * <p>
 * Extensions: {@link Params} (see {@link ApuParams}; region applies at the next activation) and
 * {@link PluginState} (all parameter values).
 */
public final class ApuInstrument implements Plugin, Params, PluginState {
    public static final PluginDescriptor DESCRIPTOR = new PluginDescriptor("org.nesjam.apu", "NES APU (2A03)",
            "0.1.0", "nesjam", PluginKind.INSTRUMENT, PluginApi.VERSION);
    private static final int STATE_MAGIC = 0x4E4A4150; // "NJAP"
    private static final int STATE_VERSION = 1;

    /** Parameter values, index-aligned with {@link ApuParams#ALL}. Written on the audio thread while processing. */
    private final double[] values = new double[ApuParams.ALL.size()];
    private ApuSynth synth;
    private MidiDriver driver;
    private float[] mono;
    private boolean active;

    public ApuInstrument() {
        for (int i = 0; i < values.length; i++) {
            values[i] = ApuParams.ALL.get(i).defaultValue();
        }
    }

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void activate(double sampleRate, int minFrames, int maxFrames) {
        if (active) {
            throw new IllegalStateException("already active");
        }
        int rate = (int) Math.round(sampleRate);
        if (Math.abs(rate - sampleRate) > 1e-9) {
            throw new IllegalArgumentException("sample rate must be whole hertz: " + sampleRate);
        }
        ApuRegion region = values[ApuParams.indexOf(ApuParams.REGION)] >= 1 ? ApuRegion.PAL : ApuRegion.NTSC;
        synth = new ApuSynth(region, rate, maxFrames, filterMode());
        driver = new MidiDriver(synth, values);
        mono = new float[maxFrames];
        driver.reset(0);
        active = true;
    }

    private FilterMode filterMode() {
        int f = (int) values[ApuParams.indexOf(ApuParams.FILTER)];
        return f == 1 ? FilterMode.FAMICOM : f == 2 ? FilterMode.OFF : FilterMode.NES;
    }

    @Override
    public ProcessStatus process(ProcessBlock block) {
        int frames = block.frameCount;
        AudioBuffer audio = block.audio;
        boolean direct = audio.channelCount() == 1;
        // mono output: render (add) straight into the block; otherwise into a scratch buffer, then add everywhere
        float[] out = direct ? audio.channel(0) : mono;
        if (!direct) {
            java.util.Arrays.fill(out, 0, frames, 0f);
        }
        EventBuffer events = block.inputEvents;
        int rendered = 0;
        long base = synth.sampleTime();
        for (int i = 0; i < events.size(); i++) {
            int offset = Math.max(0, Math.min(frames - 1, events.blockOffset(i)));
            if (offset > rendered) {
                synth.renderAdd(out, rendered, offset - rendered);
                rendered = offset;
            }
            long sampleTime = base + offset;
            int kind = events.kind(i);
            if (kind == EventBuffer.MIDI) {
                driver.midi(sampleTime, events.midi(i));
            } else if (kind == EventBuffer.PARAM) {
                applyParam(sampleTime, events.paramId(i), events.paramValue(i));
            }
        }
        if (rendered < frames) {
            synth.renderAdd(out, rendered, frames - rendered);
        }
        for (int c = 0; !direct && c < audio.channelCount(); c++) {
            float[] dst = audio.channel(c);
            for (int f = 0; f < frames; f++) {
                dst[f] += out[f];
            }
        }
        return ProcessStatus.CONTINUE;
    }

    private void applyParam(long sampleTime, int id, double value) {
        int index = ApuParams.indexOf(id);
        if (index < 0) {
            return;
        }
        values[index] = ApuParams.ALL.get(index).clamp(value);
        if (id == ApuParams.FILTER) {
            synth.filter().setMode(filterMode());
        }
        driver.paramChanged(sampleTime, id);
    }

    @Override
    public void deactivate() {
        active = false;
        synth = null;
        driver = null;
        mono = null;
    }

    /** [main-thread] The synth of an active instance (tests, benchmarks), else null. */
    public ApuSynth synth() {
        return synth;
    }

    // ---- Params

    @Override
    public int paramCount() {
        return values.length;
    }

    @Override
    public ParamInfo paramInfo(int index) {
        return ApuParams.ALL.get(index);
    }

    @Override
    public double paramValue(int paramId) {
        int index = ApuParams.indexOf(paramId);
        if (index < 0) {
            throw new IllegalArgumentException("unknown parameter id " + paramId);
        }
        return values[index];
    }

    @Override
    public void setParamValue(int paramId, double value) {
        int index = ApuParams.indexOf(paramId);
        if (index < 0) {
            throw new IllegalArgumentException("unknown parameter id " + paramId);
        }
        values[index] = ApuParams.ALL.get(index).clamp(value);
        if (active) {
            if (paramId == ApuParams.FILTER) {
                synth.filter().setMode(filterMode());
            }
            driver.paramChanged(synth.sampleTime(), paramId);
        }
    }

    // ---- PluginState

    @Override
    public byte[] saveState() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(STATE_MAGIC);
            out.writeInt(STATE_VERSION);
            out.writeInt(values.length);
            for (int i = 0; i < values.length; i++) {
                out.writeInt(ApuParams.ALL.get(i).id());
                out.writeDouble(values[i]);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void loadState(byte[] state) throws IOException {
        double[] loaded = values.clone();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            if (in.readInt() != STATE_MAGIC) {
                throw new IOException("not an APU instrument state");
            }
            int version = in.readInt();
            if (version != STATE_VERSION) {
                throw new IOException("unsupported APU instrument state version " + version);
            }
            int count = in.readInt();
            if (count < 0 || count > 1000) {
                throw new IOException("corrupt APU instrument state (" + count + " parameters)");
            }
            for (int i = 0; i < count; i++) {
                int id = in.readInt();
                double v = in.readDouble();
                int index = ApuParams.indexOf(id);
                if (index >= 0) {
                    loaded[index] = ApuParams.ALL.get(index).clamp(v);
                }
            }
        } catch (java.io.EOFException e) {
            throw new IOException("truncated APU instrument state", e);
        }
        for (int i = 0; i < loaded.length; i++) {
            if (loaded[i] != values[i]) {
                setParamValue(ApuParams.ALL.get(i).id(), loaded[i]);
            }
        }
    }
}
