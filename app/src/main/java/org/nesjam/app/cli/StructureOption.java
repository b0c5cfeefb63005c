package org.nesjam.app.cli;

import org.nesjam.gen.model.SongCache;
import org.nesjam.gen.tokens.Tx1Vocab;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --structure S} of generate and eval: how strongly the in-song cache pulls the model back to the song's own
 * ideas (0 = vary, the model alone .. 1 = repeat; {@link SongCache#structure}).
 */
public final class StructureOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    double structure = SongCache.DEFAULT_STRUCTURE;

    @Option(names = "--structure", paramLabel = "S", description = "in-song cache strength, 0 (vary) .. 1 (repeat);"
            + " default 0.5")
    void structure(double s) {
        structure = Checks.range(spec, "--structure", s, 0, 1);
    }

    /** The cache the generator samples with (null at 0: the model alone). */
    SongCache cache() {
        return structure == 0 ? null : new SongCache(Tx1Vocab.SIZE).structure(structure);
    }
}
