package com.example.boom;

import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginApi;
import org.nesjam.plugin.PluginDescriptor;
import org.nesjam.plugin.PluginFactory;
import org.nesjam.plugin.PluginKind;
import org.nesjam.plugin.ProcessBlock;
import org.nesjam.plugin.ProcessStatus;

/** An audio effect that halves the signal, then throws in process from its fifth block on. */
public final class BoomFactory implements PluginFactory {
    static final PluginDescriptor DESCRIPTOR = new PluginDescriptor("com.example.boom", "Boom", "0.9",
            "Example Audio", PluginKind.AUDIO_EFFECT, PluginApi.VERSION);

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Plugin create() {
        return new Plugin() {
            private int blocks;

            @Override
            public PluginDescriptor descriptor() {
                return DESCRIPTOR;
            }

            @Override
            public void activate(double sampleRate, int minFrames, int maxFrames) {
            }

            @Override
            public ProcessStatus process(ProcessBlock block) {
                if (++blocks > 4) {
                    throw new ArithmeticException("boom in block " + blocks);
                }
                for (int c = 0; c < block.audio.channelCount(); c++) {
                    float[] a = block.audio.channel(c);
                    for (int f = 0; f < block.frameCount; f++) {
                        a[f] *= 0.5f;
                    }
                }
                return ProcessStatus.CONTINUE;
            }

            @Override
            public void deactivate() {
            }
        };
    }
}
