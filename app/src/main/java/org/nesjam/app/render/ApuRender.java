package org.nesjam.app.render;

import java.io.IOException;
import java.util.List;
import java.util.function.LongConsumer;
import org.nesjam.apu.FilterMode;
import org.nesjam.apu.instrument.ApuInstrument;
import org.nesjam.apu.instrument.ApuParams;
import org.nesjam.audio.AudioSink;
import org.nesjam.host.OfflineRenderer;
import org.nesjam.host.PluginChain;

/**
 * Offline rendering of a {@link MidiSong} through the APU instrument (a one-plugin {@link PluginChain} and the
 * {@link OfflineRenderer}), shared by {@code render}, {@code play}, {@code check-midi} and {@code bench apu}.
 * Non-NES-MDB files get 50 % pulses (NES-MDB files say their duty with CC12, starting from 0). [main-thread]
 */
public final class ApuRender {
    /** Frames per block. */
    public static final int BLOCK_FRAMES = 256;
    /** Events one block can carry (dense controller dumps in ordinary MIDI files). */
    public static final int EVENT_CAPACITY = 16384;

    /** Rendering options. */
    public record Options(int sampleRate, boolean pal, FilterMode filter) {
    }

    /** A plugin that failed while rendering. */
    public static final class RenderFault extends IOException {
        RenderFault(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private ApuRender() {
    }

    /** The instrument configured for {@code song} and {@code options} (inactive). */
    public static ApuInstrument instrument(MidiSong song, Options options) {
        ApuInstrument apu = new ApuInstrument();
        apu.setParamValue(ApuParams.REGION, options.pal() ? 1 : 0);
        apu.setParamValue(ApuParams.FILTER, options.filter() == FilterMode.NES ? 0
                : options.filter() == FilterMode.FAMICOM ? 1 : 2);
        if (!song.nesMdb()) {
            apu.setParamValue(ApuParams.DUTY_P1, 2);
            apu.setParamValue(ApuParams.DUTY_P2, 2);
        }
        return apu;
    }

    /**
     * Render the whole song into {@code sink} (null: to nowhere). {@code progress} (may be null) gets the frames
     * done after each block and may throw to abort. Returns events dropped for lack of block capacity.
     */
    public static long render(MidiSong song, Options options, AudioSink sink, LongConsumer progress)
            throws IOException {
        ApuInstrument apu = instrument(song, options);
        Throwable[] fault = new Throwable[1];
        PluginChain chain = new PluginChain(List.of(apu), 1, BLOCK_FRAMES, EVENT_CAPACITY,
                (plugin, index, error) -> {
                    if (fault[0] == null) {
                        fault[0] = error != null ? error : new IllegalStateException("plugin returned ERROR");
                    }
                });
        chain.activate(options.sampleRate());
        try {
            song.rewind();
            OfflineRenderer.render(chain, song, song.lengthFrames(), BLOCK_FRAMES, sink, progress);
        } finally {
            chain.deactivate();
        }
        if (fault[0] != null) {
            throw new RenderFault("the APU instrument failed: " + fault[0], fault[0]);
        }
        return chain.block().inputEvents.dropped();
    }
}
