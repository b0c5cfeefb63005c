package com.example.buzz;

import java.nio.ByteBuffer;
import org.nesjam.plugin.EventBuffer;
import org.nesjam.plugin.Midi;
import org.nesjam.plugin.ParamInfo;
import org.nesjam.plugin.ParamSmoother;
import org.nesjam.plugin.Params;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginDescriptor;
import org.nesjam.plugin.PluginState;
import org.nesjam.plugin.ProcessBlock;
import org.nesjam.plugin.ProcessStatus;

/** Square wave while a note is held (or always when no note was ever played), level smoothed. */
public final class BuzzPlugin implements Plugin, Params, PluginState {
    private static final ParamInfo[] PARAMS = {
        new ParamInfo(10, "level", "Level", 0, 1, 0.25, false, true),
        new ParamInfo(11, "duty", "Duty", 1, 3, 2, true, false),
    };
    private final ParamSmoother level = new ParamSmoother(0.25);
    private double duty = 2;
    private double periodFrames = 100;
    private long frame;

    @Override
    public PluginDescriptor descriptor() {
        return BuzzFactory.DESCRIPTOR;
    }

    @Override
    public void activate(double sampleRate, int minFrames, int maxFrames) {
        level.setRampTime(sampleRate, ParamSmoother.DEFAULT_RAMP_MS);
    }

    @Override
    public ProcessStatus process(ProcessBlock block) {
        EventBuffer ev = block.inputEvents;
        int e = 0;
        for (int f = 0; f < block.frameCount; f++) {
            while (e < ev.size() && ev.blockOffset(e) <= f) {
                if (ev.kind(e) == EventBuffer.PARAM) {
                    if (ev.paramId(e) == 10) {
                        level.setTarget(PARAMS[0].clamp(ev.paramValue(e)));
                    } else if (ev.paramId(e) == 11) {
                        duty = PARAMS[1].clamp(ev.paramValue(e));
                    }
                } else if (Midi.command(ev.midiStatus(e)) == Midi.NOTE_ON) {
                    periodFrames = 100 + ev.midiData1(e);
                }
                e++;
            }
            double pos = (frame % (long) periodFrames) / periodFrames;
            float s = (float) (pos < duty / 4.0 ? level.next() : -level.next());
            for (int c = 0; c < block.audio.channelCount(); c++) {
                block.audio.channel(c)[f] += s;
            }
            frame++;
        }
        return ProcessStatus.CONTINUE;
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
        return paramId == 10 ? level.target() : duty;
    }

    @Override
    public void setParamValue(int paramId, double value) {
        if (paramId == 10) {
            level.reset(PARAMS[0].clamp(value));
        } else if (paramId == 11) {
            duty = PARAMS[1].clamp(value);
        }
    }

    @Override
    public byte[] saveState() {
        return ByteBuffer.allocate(32).putDouble(level.target()).putDouble(duty).putDouble(periodFrames)
                .putLong(frame).array();
    }

    @Override
    public void loadState(byte[] state) throws java.io.IOException {
        if (state.length != 32) {
            throw new java.io.IOException("buzz state must be 32 bytes, got " + state.length);
        }
        ByteBuffer b = ByteBuffer.wrap(state);
        level.reset(PARAMS[0].clamp(b.getDouble()));
        duty = PARAMS[1].clamp(b.getDouble());
        periodFrames = b.getDouble();
        frame = b.getLong();
    }
}
