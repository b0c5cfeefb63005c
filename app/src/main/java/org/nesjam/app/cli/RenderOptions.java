package org.nesjam.app.cli;

import org.nesjam.apu.FilterMode;
import org.nesjam.app.render.ApuRender;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --pal} and {@code --filter nes|famicom|off}: how the APU sounds when a command renders a song. */
public final class RenderOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--pal", description = "PAL timing (default NTSC)")
    boolean pal;

    FilterMode filter = FilterMode.NES;

    @Option(names = "--filter", paramLabel = "nes|famicom|off", description = "output filter (default nes)")
    void filter(String f) {
        filter = FilterMode.parse(f);
        if (filter == null) {
            throw Checks.error(spec, "--filter must be nes, famicom or off, got '" + f + "'");
        }
    }

    /** The render options at {@code sampleRate}. */
    ApuRender.Options at(int sampleRate) {
        return new ApuRender.Options(sampleRate, pal, filter);
    }
}
