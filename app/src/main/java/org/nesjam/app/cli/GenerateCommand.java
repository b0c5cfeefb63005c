package org.nesjam.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nesjam.dataset.Arranger;
import org.nesjam.gen.jam.JamParams;
import java.util.concurrent.Callable;
import org.nesjam.app.Progress;
import org.nesjam.app.UserError;
import org.nesjam.app.render.ApuRender;
import org.nesjam.app.render.MidiSong;
import org.nesjam.app.render.NsfExport;
import org.nesjam.app.render.WavRender;
import org.nesjam.gen.jam.JamTimeline;
import org.nesjam.gen.model.Generator;
import org.nesjam.gen.model.ModelException;
import org.nesjam.gen.model.ModelRunner;
import org.nesjam.gen.model.NesModel;
import org.nesjam.gen.model.Sampler;
import org.nesjam.gen.tokens.MidiOutMap;
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.gen.tokens.Tx1Codec;
import org.nesjam.gen.tokens.Tx1Vocab;
import org.nesjam.gen.tokens.Voice;
import org.nesjam.midi.MidiFile;
import org.nesjam.midi.MidiTrack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nesjam generate --seconds 60 -o OUT.mid|OUT.wav|OUT.nsf}: samples NES music from the model until the generated waits add up to the
 * requested length, offline through the jam's own timeline ({@link JamTimeline} in endless mode at 44.1 kHz), so
 * generate and jam follow the same rules: {@code <S>} masked (the music does not end), the in-song cache at
 * {@code --structure}, and one maximum note length ({@code JamParams.defaultMaxNoteSeconds}); with a prompt the
 * output is the prompt followed by its continuation. The prompt is read as NES-MDB MIDI when it has p1/p2/tr/no tracks and
 * arranged for the NES voices ({@link Arranger}) otherwise. A {@code .wav} output is the generated NES-MDB MIDI
 * rendered through the APU instrument ({@link WavRender}); a {@code .nsf} output is that MIDI exported
 * as {@code export} does ({@link NsfExport}). A {@code .mid} output has NES-MDB semantics
 * unless {@code --midi-out-map gm} maps it for a DAW ({@link MidiOutMap}). [main-thread]
 */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = NesjamCommand.Version.class,
        description = "New NES music from the model: OUT.mid (MIDI), OUT.wav (rendered through"
                + " the APU) or OUT.nsf (an NSF, as export writes it).")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "-o", paramLabel = "OUT", required = true, description = "OUT.mid, OUT.wav or OUT.nsf")
    String output;

    private double seconds = 60;

    @Option(names = "--seconds", paramLabel = "S", description = "length of the music (default 60)")
    void seconds(double s) {
        seconds = Checks.seconds(spec, "--seconds", s);
    }

    @Option(names = "--prompt", paramLabel = "IN.mid", description = "continue this MIDI file")
    Path prompt;

    @Option(names = "--title", paramLabel = "T", description = ".nsf: the title")
    String title;
    @Option(names = "--artist", paramLabel = "A", description = ".nsf: the artist")
    String artist;
    @Option(names = "--copyright", paramLabel = "C", description = ".nsf: the copyright")
    String copyright;

    @Mixin
    SamplingOptions sampling;
    @Mixin
    StructureOption structure;
    @Mixin
    ModelOption model;
    @Mixin
    RateOption rate;
    @Mixin
    RenderOptions render;
    @Mixin
    MidiOutMapOption midiOutMap;
    @Mixin
    ForceOption force;

    @Override
    public Integer call() throws Exception {
        Path outPath = OutputFile.choose("-o", output, List.of("mid", "midi", "wav", "nsf"), force.force, System.err);
        String out = outPath.toString();
        String lower = out.toLowerCase(Locale.ROOT);
        boolean wav = lower.endsWith(".wav");
        boolean nsf = lower.endsWith(".nsf");
        ApuRender.Options renderOptions = render.at(rate.rate);
        MidiOutMap map = midiOutMap.get(MidiOutMap.NES); // nes: nesjam reads its files back
        double temp = sampling.temp != null ? sampling.temp : 1.0;
        int topK = sampling.topK != null ? sampling.topK : 0;
        double topP = sampling.topP != null ? sampling.topP : 0.98;
        long seed = sampling.seedOrClock();
        Sampler sampler = new Sampler(Tx1Vocab.SIZE, seed);
        try {
            sampler.temperature(temp).topK(topK).topP(topP);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        int[] promptTokens = {Tx1Vocab.SEP};
        String promptDesc = "no prompt";
        if (prompt != null) {
            NesSong song = readPrompt(prompt);
            int[] events = Tx1Codec.encode(song);
            promptTokens = new int[events.length + 1];
            promptTokens[0] = Tx1Vocab.SEP;
            System.arraycopy(events, 0, promptTokens, 1, events.length);
            promptDesc = String.format(Locale.ROOT, "prompt %s (%.1f s, %d tokens)", prompt, song.seconds(),
                    events.length);
        }
        long targetSamples = Math.round(seconds * Tx1Vocab.SAMPLE_RATE);
        long maxTokens = Math.max(1000, Math.round(seconds * 2000)); // a model that never waits must still stop
        int[] tokens;
        long t0;
        double genSeconds;
        try (NesModel m = model.load(); ModelRunner runner = m.newRunner()) {
            Generator g = new Generator(runner, sampler).cache(structure.cache());
            JamTimeline timeline = new JamTimeline(g, Tx1Vocab.SAMPLE_RATE, seed, (sampleTime, packedMidi, epoch) -> {
            });
            timeline.start(promptTokens, 0);
            t0 = System.nanoTime();
            Progress progress = new Progress("generate", "s of music", Math.round(seconds));
            for (long n = 0; timeline.horizon() < targetSamples && n < maxTokens; n++) {
                timeline.generateOne();
                progress.update((long) (timeline.horizon() / Tx1Vocab.SAMPLE_RATE));
            }
            progress.done();
            genSeconds = (System.nanoTime() - t0) / 1e9;
            tokens = g.tokens();
        } catch (ModelException e) {
            throw new UserError(e.getMessage());
        }
        NesSong song = Tx1Codec.decode(tokens, outPath.getFileName().toString());
        try {
            if (wav || nsf) { // NES-MDB MIDI -> the APU instrument -> WAV, or its register writes -> NSF
                Path mid = Files.createTempFile("nesjam-generate", ".mid");
                try {
                    NesMidi.write(mid, song);
                    if (wav) {
                        WavRender.render(MidiSong.read(mid, renderOptions.sampleRate()), renderOptions, outPath, null);
                    } else {
                        NsfExport.export(List.of(MidiSong.read(mid, NsfExport.SAMPLE_RATE)), outPath,
                                NsfExport.info(title, artist, copyright, ExportCommand.baseName(out)), render.pal,
                                true);
                    }
                } finally {
                    Files.deleteIfExists(mid);
                }
            } else {
                NesMidi.write(outPath, song, map);
            }
        } catch (IOException e) {
            throw new UserError(out + ": cannot write: " + e.getMessage());
        }
        int generated = tokens.length - promptTokens.length;
        System.out.printf(Locale.ROOT, "%s: %.1f s of music, %d notes; %d tokens generated in %.2f s (%.0f tokens/s);"
                + " seed %d, temp %.2f, topk %d, topp %.2f, structure %.2f; %s%n", out, song.seconds(),
                song.notes().size(), generated, genSeconds, generated / Math.max(genSeconds, 1e-9), seed, temp, topK,
                topP, structure.structure, promptDesc);
        return 0;
    }

    /** NES-MDB-style MIDI as is; any other MIDI arranged for the NES voices. */
    static NesSong readPrompt(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new UserError(path + ": prompt file not found");
        }
        try {
            MidiFile file = MidiFile.read(path);
            boolean nes = false;
            for (MidiTrack t : file.tracks()) {
                nes |= Voice.byTrackName(t.name()) != null;
            }
            NesSong song = nes ? NesMidi.fromMidi(file) : Arranger.arrange(file).song();
            if (song.notes().isEmpty()) {
                throw new UserError(path + ": the prompt has no notes the NES voices can play");
            }
            return song;
        } catch (IOException e) {
            throw new UserError(e.getMessage() == null ? path + ": " + e : e.getMessage());
        }
    }
}
