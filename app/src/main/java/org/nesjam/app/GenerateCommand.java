package org.nesjam.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nesjam.dataset.Arranger;
import org.nesjam.gen.jam.JamParams;
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

/**
 * {@code nesjam generate --seconds 60 -o OUT.mid|OUT.wav [--temp T] [--topk K] [--topp P] [--seed S] [--prompt IN.mid]
 * [--structure S] [--model FILE]}: samples NES music from the model until the generated waits add up to the
 * requested length, offline through the jam's own timeline ({@link JamTimeline} in endless mode at 44.1 kHz), so
 * generate and jam follow the same rules: {@code <S>} masked (the music does not end), the in-song cache at
 * {@code --structure}, and one maximum note length ({@link JamParams#defaultMaxNoteSeconds}); with a prompt the
 * output is the prompt followed by its continuation. The prompt is read as NES-MDB MIDI when it has p1/p2/tr/no tracks and
 * arranged for the NES voices ({@link Arranger}) otherwise. A {@code .wav} output is the generated NES-MDB MIDI
 * rendered through the APU instrument ({@link RenderCommand#renderToWav}); a {@code .nsf} output is that MIDI exported
 * as {@code export} does ({@link NsfExport}). A {@code .mid} output has NES-MDB semantics
 * unless {@code --midi-out-map gm} maps it for a DAW ({@link MidiOutMap}). [main-thread]
 */
public final class GenerateCommand implements CliCommand {
    @Override
    public String name() {
        return "generate";
    }

    @Override
    public String usage() {
        return "generate --seconds 60 -o OUT.mid|OUT.wav|OUT.nsf [--temp 1.0] [--topk 0] [--topp 0.98] [--seed N]"
                + " [--structure 0.5] [--prompt IN.mid] [--model FILE] [--rate 48000] [--filter nes|famicom|off] [--pal]"
                + " [--midi-out-map nes|gm] [--title T] [--artist A] [--copyright C] [--force]   new NES music"
                + " from the model (.wav: rendered through the APU instrument; .nsf: an NSF, as export writes it)";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("seconds", "o", "temp", "topk", "topp", "seed", "prompt", ModelOption.NAME, "rate", "filter",
                StructureOption.NAME, MidiOutMapOption.NAME, "title", "artist", "copyright");
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("pal", "force");
    }

    @Override
    public int run(Args args) throws Exception {
        if (!args.positionals().isEmpty()) {
            throw new UserError("generate: unexpected argument '" + args.positionals().get(0) + "'");
        }
        double seconds = args.getDouble("seconds", 60);
        if (!(seconds > 0 && seconds <= 24 * 3600)) {
            throw new UserError("--seconds must be in (0, 86400], got " + seconds);
        }
        String out = args.get("o", null);
        if (out == null) {
            throw new UserError("generate needs -o OUT.mid");
        }
        String lower = out.toLowerCase(Locale.ROOT);
        boolean wav = lower.endsWith(".wav");
        boolean nsf = lower.endsWith(".nsf");
        if (!wav && !nsf && !lower.endsWith(".mid") && !lower.endsWith(".midi")) {
            throw new UserError("-o must name a .mid, .wav or .nsf file, got '" + out + "'");
        }
        ApuRender.Options renderOptions = wav ? RenderCommand.options(args) : null;
        MidiOutMap midiOutMap = MidiOutMapOption.get(args, MidiOutMap.NES); // nes: nesjam reads its files back
        Path outPath = Path.of(out);
        if (Files.isDirectory(outPath)) {
            throw new UserError(out + ": is a directory; give a file name for -o");
        }
        if (nsf) {
            NsfExport.checkTarget(outPath, args.flag("force")); // before the model runs
        }
        double temp = args.getDouble("temp", 1.0);
        int topK = args.getInt("topk", 0);
        double topP = args.getDouble("topp", 0.98);
        long seed = args.has("seed") ? parseSeed(args.get("seed", null)) : System.nanoTime() & 0xffffffL;
        Sampler sampler = new Sampler(Tx1Vocab.SIZE, seed);
        try {
            sampler.temperature(temp).topK(topK).topP(topP);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        double structure = StructureOption.get(args);
        int[] prompt = {Tx1Vocab.SEP};
        String promptDesc = "no prompt";
        if (args.has("prompt")) {
            NesSong song = readPrompt(Path.of(args.get("prompt", null)));
            int[] events = Tx1Codec.encode(song);
            prompt = new int[events.length + 1];
            prompt[0] = Tx1Vocab.SEP;
            System.arraycopy(events, 0, prompt, 1, events.length);
            promptDesc = String.format(Locale.ROOT, "prompt %s (%.1f s, %d tokens)", args.get("prompt", null),
                    song.seconds(), events.length);
        }
        long targetSamples = Math.round(seconds * Tx1Vocab.SAMPLE_RATE);
        long maxTokens = Math.max(1000, Math.round(seconds * 2000)); // a model that never waits must still stop
        int[] tokens;
        long t0;
        double genSeconds;
        try (NesModel model = ModelOption.load(args); ModelRunner runner = model.newRunner()) {
            Generator g = new Generator(runner, sampler).cache(StructureOption.cache(structure));
            JamTimeline timeline = new JamTimeline(g, Tx1Vocab.SAMPLE_RATE, seed, (sampleTime, packedMidi, epoch) -> {
            });
            timeline.start(prompt, 0);
            t0 = System.nanoTime();
            for (long n = 0; timeline.horizon() < targetSamples && n < maxTokens; n++) {
                timeline.generateOne();
            }
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
                        RenderCommand.renderToWav(MidiSong.read(mid, renderOptions.sampleRate()), renderOptions,
                                outPath);
                    } else {
                        NsfExport.export(List.of(MidiSong.read(mid, NsfExport.SAMPLE_RATE)), outPath,
                                NsfExport.info(args, ExportCommand.baseName(out)), args.flag("pal"), args.flag("force"));
                    }
                } finally {
                    Files.deleteIfExists(mid);
                }
            } else {
                NesMidi.write(outPath, song, midiOutMap);
            }
        } catch (IOException e) {
            throw new UserError(out + ": cannot write: " + e.getMessage());
        }
        int generated = tokens.length - prompt.length;
        System.out.printf(Locale.ROOT, "%s: %.1f s of music, %d notes; %d tokens generated in %.2f s (%.0f tokens/s);"
                + " seed %d, temp %.2f, topk %d, topp %.2f, structure %.2f; %s%n", out, song.seconds(),
                song.notes().size(), generated, genSeconds, generated / Math.max(genSeconds, 1e-9), seed, temp, topK,
                topP, structure, promptDesc);
        return 0;
    }

    private static long parseSeed(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new UserError("--seed must be an integer, got '" + s + "'");
        }
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
