package org.nesjam.app;

import org.nesjam.gen.model.SongCache;
import org.nesjam.gen.tokens.Tx1Vocab;

/**
 * The {@code --structure S} option shared by generate and eval: how strongly the in-song cache pulls the model back
 * to the song's own ideas (0 = vary, the model alone .. 1 = repeat; {@link SongCache#structure}).
 */
final class StructureOption {
    static final String NAME = "structure";

    private StructureOption() {
    }

    /** {@code --structure} or {@link SongCache#DEFAULT_STRUCTURE}; outside [0, 1] is a one-line {@link UserError}. */
    static double get(Args args) {
        double structure = args.getDouble(NAME, SongCache.DEFAULT_STRUCTURE);
        if (!(structure >= 0 && structure <= 1)) {
            throw new UserError("--structure must be in [0, 1], got " + structure);
        }
        return structure;
    }

    /** The cache the generator samples with at {@code structure} (0: none, the model alone). */
    static SongCache cache(double structure) {
        return structure == 0 ? null : new SongCache(Tx1Vocab.SIZE).structure(structure);
    }
}
