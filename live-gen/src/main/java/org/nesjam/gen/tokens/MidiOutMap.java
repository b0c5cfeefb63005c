package org.nesjam.gen.tokens;

import java.util.Locale;

/**
 * How the model's NES voices go out as MIDI ({@code --midi-out-map gm|nes}): the one mapping of a voice's note
 * (voice, NES pitch, NES 4-bit volume) to a MIDI note-on (channel, note, velocity), used by the live MIDI output of
 * {@code jam}, by {@code jam --record} and by {@code generate -o OUT.mid}. Allocation-free and thread-safe (the live
 * output maps on the audio thread).
 *
 * <p><b>{@link #NES}</b>: NES-MDB semantics, which nesjam itself reads back ({@link NesMidi#fromMidi}): the pitch
 * as is (the noise "note" is NES-MDB's {@code 16 - period index}, 1-16), velocity = the 4-bit volume (1-15; the
 * triangle 1). Live and in {@code jam --record} the voices are on MIDI channels 1-4 (P1, P2, TR, NO); in
 * {@code generate}'s files on NES-MDB's channels 1, 2, 3, 10 ({@link NesMidi}).
 *
 * <p><b>{@link #GM}</b>: what a DAW's General MIDI synth plays sensibly.
 * <ul>
 *   <li>Channels: P1, P2, TR on MIDI channels 1, 2, 3; NO on channel 10 (GM drums).</li>
 *   <li>Velocity (P1, P2, NO): a perceptual curve of the NES volume, {@code round(127 * sqrt(vol / 15))}, at least
 *       1: 1 -> 33, 4 -> 66, 8 -> 93, 10 -> 104, 15 -> 127. The NES volume is a linear DAC level; the square root
 *       lifts quiet notes so a DAW synth (velocity ~ loudness in dB) does not play them almost silent. A
 *       volume of 0 gives velocity 1 (a note-on needs a velocity above 0).</li>
 *   <li>Triangle: a fixed velocity {@value #GM_TRIANGLE_VELOCITY} (the triangle has no volume control).</li>
 *   <li>Noise -> GM drum keys by the noise note {@code n = 16 - period index} (NTSC shift-clock rate
 *       {@code 1.79 MHz / period}, see the APU reference §5):
 *       <ul>
 *         <li>{@code n} 1-4 (period index $F-$C, 440 Hz - 2.3 kHz clock: deep rumble) -> kick {@value #KICK};</li>
 *         <li>{@code n} 5-10 (index $B-$6, 3.5 - 14 kHz: mid noise) -> snare {@value #SNARE};</li>
 *         <li>{@code n} 11-15 (index $5-$1, 19 - 224 kHz: bright, short) -> closed hi-hat {@value #CLOSED_HAT};</li>
 *         <li>{@code n} 16 (index $0, the highest, 447 kHz), and a hi-hat-range note ({@code n} &ge; 11) that lasts
 *             at least {@value #OPEN_HAT_SECONDS} s -> open hi-hat {@value #OPEN_HAT}. The length is known only
 *             in files; live, at the note-on, the mapping uses the noise note alone.</li>
 *       </ul></li>
 * </ul>
 * Note-offs map to the same channel and note as their note-on (for the live output the mapping depends on the
 * voice and pitch only, so a note-off finds its note).
 */
public enum MidiOutMap {
    GM,
    NES;

    /** The option every command that writes MIDI out takes. */
    public static final String OPTION = "midi-out-map";
    public static final int GM_TRIANGLE_VELOCITY = 100;
    public static final int KICK = 36;
    public static final int SNARE = 38;
    public static final int CLOSED_HAT = 42;
    public static final int OPEN_HAT = 46;
    /** Highest noise note that maps to the kick, and to the snare; the closed hat goes up to 15. */
    public static final int KICK_MAX_NOISE = 4;
    public static final int SNARE_MAX_NOISE = 10;
    public static final double OPEN_HAT_SECONDS = 0.2;
    private static final int NOTE_ON = 0x90;

    /** {@code gm} or {@code nes} (case-insensitive), or null for anything else. */
    public static MidiOutMap parse(String s) {
        if (s == null) {
            return null;
        }
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "gm" -> GM;
            case "nes" -> NES;
            default -> null;
        };
    }

    /** The option's value as a user writes it. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The note-on (packed {@code status | note << 8 | velocity << 16}, status {@code 0x90 | channel}) for a note of
     * {@code voice} at NES pitch {@code pitch} (noise: 1-16) with 4-bit volume {@code nesVolume} (0-15; values
     * 16-127 are MIDI velocities and count as {@code round(v * 15 / 127)}, as the APU instrument reads them),
     * lasting {@code durationSamples} 44.1 kHz samples (-1: unknown, e.g. live). With {@link #NES} the channel is
     * {@code voice.ordinal()} (MIDI channels 1-4).
     */
    public int noteOn(Voice voice, int pitch, int nesVolume, long durationSamples) {
        return NOTE_ON | channel(voice) | (note(voice, pitch, durationSamples) & 0x7F) << 8
                | velocity(voice, nesVolume) << 16;
    }

    /** The MIDI channel (0-based) of {@code voice}. */
    public int channel(Voice voice) {
        if (this == NES) {
            return voice.ordinal();
        }
        return voice == Voice.NO ? 9 : voice.ordinal();
    }

    /** The MIDI note of a {@code voice} note at NES pitch {@code pitch} lasting {@code durationSamples} (-1: unknown). */
    public int note(Voice voice, int pitch, long durationSamples) {
        if (this == NES || voice != Voice.NO) {
            return pitch;
        }
        return drumKey(pitch, durationSamples);
    }

    /** The note-on velocity (1-127) of a {@code voice} note at 4-bit volume {@code nesVolume}. */
    public int velocity(Voice voice, int nesVolume) {
        if (this == NES) {
            return Math.max(1, Math.min(127, nesVolume));
        }
        if (voice == Voice.TR) {
            return GM_TRIANGLE_VELOCITY;
        }
        return gmVelocity(nesVolume);
    }

    /** {@code round(127 * sqrt(vol / 15))}, at least 1 (MIDI velocities 16-127 are first scaled to 1-15). */
    public static int gmVelocity(int nesVolume) {
        int vol = nesVolume <= 15 ? nesVolume : (int) Math.round(Math.min(127, nesVolume) * 15.0 / 127.0);
        vol = Math.max(0, Math.min(15, vol));
        return Math.max(1, (int) Math.round(127 * Math.sqrt(vol / 15.0)));
    }

    /** The GM drum key of noise note {@code noise} (1-16) lasting {@code durationSamples} (-1: unknown). */
    public static int drumKey(int noise, long durationSamples) {
        if (noise <= KICK_MAX_NOISE) {
            return KICK;
        }
        if (noise <= SNARE_MAX_NOISE) {
            return SNARE;
        }
        if (noise >= 16 || durationSamples >= Math.round(OPEN_HAT_SECONDS * Tx1Vocab.SAMPLE_RATE)) {
            return OPEN_HAT;
        }
        return CLOSED_HAT;
    }

    /**
     * A packed MIDI message in nesjam's live convention (voices P1, P2, TR, NO on channels 1-4, NES pitch and
     * volume) mapped for the output: note-ons and note-offs of channels 1-4 are mapped ({@link #noteOn}, length
     * unknown; a note-off keeps its command and velocity), their other channel messages move to the voice's channel,
     * everything else passes unchanged. Allocation-free.
     */
    public int mapLive(int packedMidi) {
        if (this == NES) {
            return packedMidi;
        }
        int status = packedMidi & 0xFF;
        int cmd = status & 0xF0;
        int ch = status & 0x0F;
        if (cmd < 0x80 || cmd >= 0xF0 || ch >= 4) {
            return packedMidi;
        }
        Voice v = Voice.of(ch);
        if (cmd != 0x90 && cmd != 0x80) { // other channel messages (CCs...) follow their voice's channel
            return (packedMidi & ~0x0F) | channel(v);
        }
        int pitch = (packedMidi >>> 8) & 0x7F;
        int vel = (packedMidi >>> 16) & 0x7F;
        boolean on = cmd == 0x90 && vel > 0;
        int outVel = on ? velocity(v, vel) : vel;
        return cmd | channel(v) | (note(v, pitch, -1) & 0x7F) << 8 | outVel << 16;
    }

    /**
     * The NES noise note (1-16) a GM drum key read back from a {@link #GM} file stands for (kick 2, snare 7,
     * closed hat 13, open hat 16; other keys by their nearest of these groups), for reading GM-mapped files.
     */
    public static int noiseForDrumKey(int key) {
        return switch (key) {
            case KICK, 35 -> 2;
            case OPEN_HAT, 49, 51, 52, 55, 57, 59 -> 16;
            case CLOSED_HAT, 44, 54, 69, 70 -> 13;
            default -> 7;
        };
    }
}
