package org.nesjam.apu.instrument;

import org.nesjam.apu.ApuRegion;
import org.nesjam.apu.ApuWriteTarget;
import org.nesjam.plugin.Midi;

/**
 * MIDI in, APU register writes out, with the NES-MDB semantics: each voice is monophonic with last-note priority;
 * a note takes the nearest timer period ({@code t = round(fCPU / (16 f) - 1)}, triangle 32); note-on velocity 1-15
 * is the 4-bit volume (velocities above 15, from ordinary MIDI, are scaled from 1-127); CC11 changes the volume;
 * CC12 sets the pulse duty (0-3) or the noise mode (0-1); the noise "note" 1-16 selects period index
 * {@code 16 - note} (16 = the highest rate, as NES-MDB's rawsco writes it; notes above 16 are folded onto the 16
 * periods); pitch bend is +-{@link ApuParams#BEND_RANGE} semitones.
 * <p>
 * Register choices: pulses use constant volume with the length counter halted, and when the sweep is off they
 * write $08 (negate, shift 0) to the sweep register so the target-overflow mute never silences low notes (NES-MDB's
 * own renderer writes shift 7, which still mutes MIDI 33). A new note rewrites the timer high byte (phase reset) only
 * when the voice was silent or the high bits change, as NES-MDB's renderer does; legato changes write the low byte.
 * The triangle is gated with its $4015 enable bit (the linear counter stays loaded), so it starts and stops at the
 * event's sample instead of the next quarter frame; it freezes at its current level as hardware does.
 * Notes outside a voice's range move by octaves into it.
 * <p>
 * [audio-thread] once the instrument processes; no allocation after construction (beyond what the write target
 * does: the synth allocates nothing).
 */
final class MidiDriver {
    static final int P1 = 0;
    static final int P2 = 1;
    static final int TR = 2;
    static final int NO = 3;

    private final ApuWriteTarget synth;
    private final ApuRegion region;
    private final double[] params;
    private final Voice[] voices = {new Voice(P1), new Voice(P2), new Voice(TR), new Voice(NO)};
    private int enableMask;

    /** One voice's MIDI state. */
    private static final class Voice {
        final int kind;
        final int[] held = new int[32];
        int heldCount;
        int note = -1;
        int volume = 15;
        int timbre;
        int bend = 8192;
        int lastTimer = -1;
        boolean sounding;
        long lastOffSample = -1;

        Voice(int kind) {
            this.kind = kind;
        }

        void push(int n) {
            remove(n);
            if (heldCount == held.length) {
                System.arraycopy(held, 1, held, 0, held.length - 1);
                heldCount--;
            }
            held[heldCount++] = n;
        }

        void remove(int n) {
            for (int i = 0; i < heldCount; i++) {
                if (held[i] == n) {
                    System.arraycopy(held, i + 1, held, i, heldCount - i - 1);
                    heldCount--;
                    return;
                }
            }
        }
    }

    /** {@code synth}: where the register writes go (the instrument's synth, or an {@link ApuRegisterCapture}). */
    MidiDriver(ApuWriteTarget synth, double[] params) {
        this.synth = synth;
        this.region = synth.region();
        this.params = params;
    }

    private int param(int id) {
        return (int) params[ApuParams.indexOf(id)];
    }

    /** Power-up writes at sample time {@code sampleTime}. */
    void reset(long sampleTime) {
        enableMask = 0x0B;
        synth.write(sampleTime, 0x4015, enableMask);
        synth.write(sampleTime, 0x4017, 0x40);
        synth.write(sampleTime, 0x4000, 0x30);
        synth.write(sampleTime, 0x4004, 0x30);
        synth.write(sampleTime, 0x4001, 0x08);
        synth.write(sampleTime, 0x4005, 0x08);
        synth.write(sampleTime, 0x4008, 0xFF);
        synth.write(sampleTime, 0x400C, 0x30);
        for (Voice v : voices) {
            v.heldCount = 0;
            v.note = -1;
            v.sounding = false;
            v.bend = 8192;
            v.volume = 15;
            v.lastTimer = -1;
            v.lastOffSample = -1;
        }
        voices[P1].timbre = param(ApuParams.DUTY_P1);
        voices[P2].timbre = param(ApuParams.DUTY_P2);
        voices[NO].timbre = param(ApuParams.MODE_NO);
    }

    /** A parameter changed at {@code sampleTime} (value already stored). */
    void paramChanged(long sampleTime, int id) {
        switch (id) {
            case ApuParams.DUTY_P1 -> voices[P1].timbre = param(id);
            case ApuParams.DUTY_P2 -> voices[P2].timbre = param(id);
            case ApuParams.MODE_NO -> {
                voices[NO].timbre = param(id);
                refreshNoisePeriod(sampleTime);
            }
            case ApuParams.SWEEP_SHIFT_P1, ApuParams.SWEEP_PERIOD_P1, ApuParams.SWEEP_NEGATE_P1 ->
                    synth.write(sampleTime, 0x4001, sweepValue(P1));
            case ApuParams.SWEEP_SHIFT_P2, ApuParams.SWEEP_PERIOD_P2, ApuParams.SWEEP_NEGATE_P2 ->
                    synth.write(sampleTime, 0x4005, sweepValue(P2));
            default -> {
            }
        }
        for (int k = 0; k < 4; k++) {
            if (voices[k].sounding && k != TR) {
                writeControl(sampleTime, voices[k]);
            }
        }
    }

    /** Handle one packed MIDI message at {@code sampleTime}. */
    void midi(long sampleTime, int packed) {
        int status = packed & 0xFF;
        if (status < 0x80 || status >= 0xF0) {
            return;
        }
        int channel = (status & 0x0F) + 1;
        int command = status & 0xF0;
        int d1 = (packed >>> 8) & 0x7F;
        int d2 = (packed >>> 16) & 0x7F;
        for (int k = 0; k < 4; k++) {
            if (param(ApuParams.CHANNEL_P1 + k) == channel) {
                voiceMessage(sampleTime, voices[k], command, d1, d2);
            }
        }
    }

    private void voiceMessage(long sampleTime, Voice v, int command, int d1, int d2) {
        switch (command) {
            case Midi.NOTE_ON -> {
                if (d2 == 0) {
                    noteOff(sampleTime, v, d1);
                } else {
                    noteOn(sampleTime, v, d1, d2);
                }
            }
            case Midi.NOTE_OFF -> noteOff(sampleTime, v, d1);
            case Midi.CONTROL_CHANGE -> control(sampleTime, v, d1, d2);
            case Midi.PITCH_BEND -> {
                v.bend = d1 | d2 << 7;
                if (v.sounding && v.kind != NO) { // the noise has periods, not pitches: bend does nothing
                    writePitch(sampleTime, v, false);
                }
            }
            default -> {
            }
        }
    }

    private void control(long sampleTime, Voice v, int cc, int value) {
        switch (cc) {
            case Midi.CC_VOLUME_EXPRESSION -> {
                v.volume = value == 0 ? 0 : velocityToVolume(value);
                if (v.sounding && v.kind != TR) {
                    writeControl(sampleTime, v);
                }
            }
            case Midi.CC_TIMBRE -> {
                if (v.kind == NO) {
                    v.timbre = value <= 1 ? value : (value >= 64 ? 1 : 0);
                    if (v.sounding) {
                        refreshNoisePeriod(sampleTime);
                    }
                } else if (v.kind != TR) {
                    v.timbre = value <= 3 ? value : value >> 5;
                    if (v.sounding) {
                        writeControl(sampleTime, v);
                    }
                }
            }
            case Midi.CC_ALL_SOUND_OFF, Midi.CC_ALL_NOTES_OFF -> {
                v.heldCount = 0;
                if (v.sounding) {
                    silence(sampleTime, v);
                }
            }
            default -> {
            }
        }
    }

    /** Velocity (or CC11 value) to 4-bit volume: 1-15 as is (NES-MDB), 16-127 scaled. */
    static int velocityToVolume(int velocity) {
        if (velocity <= 15) {
            return velocity;
        }
        return Math.max(1, Math.min(15, (int) Math.round(velocity * 15.0 / 127.0)));
    }

    private void noteOn(long sampleTime, Voice v, int note, int velocity) {
        v.push(note);
        boolean legato = v.sounding || v.lastOffSample == sampleTime;
        v.note = note;
        if (v.kind != TR) {
            v.volume = velocityToVolume(velocity);
        }
        v.sounding = true;
        switch (v.kind) {
            case P1, P2 -> {
                int base = v.kind == P1 ? 0x4000 : 0x4004;
                writeControl(sampleTime, v);
                if (!legato) {
                    synth.write(sampleTime, base + 1, sweepValue(v.kind));
                }
                writePitch(sampleTime, v, !legato || envelopeMode(v) != 0);
            }
            case TR -> {
                synth.write(sampleTime, 0x4008, 0xFF);
                if ((enableMask & 4) == 0) {
                    enableMask |= 4;
                    synth.write(sampleTime, 0x4015, enableMask);
                }
                writePitch(sampleTime, v, true);
            }
            default -> {
                writeControl(sampleTime, v);
                refreshNoisePeriod(sampleTime);
                synth.write(sampleTime, 0x400F, 0x08);
            }
        }
    }

    private void noteOff(long sampleTime, Voice v, int note) {
        v.remove(note);
        if (!v.sounding || v.note != note) {
            return;
        }
        if (v.heldCount > 0) {
            v.note = v.held[v.heldCount - 1];
            if (v.kind == NO) {
                refreshNoisePeriod(sampleTime);
            } else {
                writePitch(sampleTime, v, false);
            }
            return;
        }
        silence(sampleTime, v);
    }

    private void silence(long sampleTime, Voice v) {
        v.sounding = false;
        v.note = -1;
        v.lastOffSample = sampleTime;
        switch (v.kind) {
            case P1 -> synth.write(sampleTime, 0x4000, v.timbre << 6 | 0x30);
            case P2 -> synth.write(sampleTime, 0x4004, v.timbre << 6 | 0x30);
            case TR -> {
                enableMask &= ~4;
                synth.write(sampleTime, 0x4015, enableMask);
            }
            default -> synth.write(sampleTime, 0x400C, 0x30);
        }
    }

    private int envelopeMode(Voice v) {
        return switch (v.kind) {
            case P1 -> param(ApuParams.ENVELOPE_P1);
            case P2 -> param(ApuParams.ENVELOPE_P2);
            case NO -> param(ApuParams.ENVELOPE_NO);
            default -> 0;
        };
    }

    /** $4000/$4004/$400C: duty, envelope mode and volume of a sounding voice. */
    private void writeControl(long sampleTime, Voice v) {
        int mode = envelopeMode(v);
        int k = v.kind == NO ? 2 : v.kind;
        int bits;
        if (mode == 0) {
            int level = param(ApuParams.LEVEL_P1 + k);
            bits = 0x30 | (v.volume * level + 7) / 15;
        } else {
            bits = (mode == 2 ? 0x20 : 0x00) | param(ApuParams.ENVELOPE_RATE_P1 + k);
        }
        switch (v.kind) {
            case P1 -> synth.write(sampleTime, 0x4000, v.timbre << 6 | bits);
            case P2 -> synth.write(sampleTime, 0x4004, v.timbre << 6 | bits);
            default -> synth.write(sampleTime, 0x400C, bits);
        }
    }

    private int sweepValue(int kind) {
        int o = kind == P1 ? 0 : 3;
        int shift = param(ApuParams.SWEEP_SHIFT_P1 + o);
        if (shift == 0) {
            return 0x08;
        }
        int period = param(ApuParams.SWEEP_PERIOD_P1 + o);
        int negate = param(ApuParams.SWEEP_NEGATE_P1 + o);
        return 0x80 | period << 4 | negate << 3 | shift;
    }

    private void refreshNoisePeriod(long sampleTime) {
        Voice v = voices[NO];
        int note = v.note < 0 ? 16 : v.note;
        synth.write(sampleTime, 0x400E, (v.timbre & 1) << 7 | noisePeriodIndex(note));
    }

    /** NES-MDB noise "note" 1-16 -> period index 16 - note; 0 -> 15; notes above 16 folded onto 15..0. */
    static int noisePeriodIndex(int note) {
        if (note <= 0) {
            return 15;
        }
        if (note <= 16) {
            return 16 - note;
        }
        return Math.max(0, 15 - (note - 17) * 16 / 111);
    }

    /** Timer value for {@code semitones} (MIDI note number, fractional) on a pulse or the triangle. */
    static int timerFor(ApuRegion region, double semitones, boolean triangle) {
        double hz = 440.0 * Math.pow(2, (semitones - 69) / 12.0);
        double divisor = triangle ? 32.0 : 16.0;
        int min = triangle ? 2 : 8;
        long t = Math.round(region.cpuHz() / (divisor * hz) - 1);
        for (int i = 0; i < 12 && t > 0x7FF; i++) {
            hz *= 2;
            t = Math.round(region.cpuHz() / (divisor * hz) - 1);
        }
        for (int i = 0; i < 12 && t < min; i++) {
            hz /= 2;
            t = Math.round(region.cpuHz() / (divisor * hz) - 1);
        }
        return (int) Math.max(min, Math.min(0x7FF, t));
    }

    /** Write the timer for the voice's note and bend; {@code retrigger} also writes the high byte. */
    private void writePitch(long sampleTime, Voice v, boolean retrigger) {
        double semis = v.note + (v.bend - 8192) / 8192.0 * param(ApuParams.BEND_RANGE);
        boolean tri = v.kind == TR;
        int t = timerFor(region, semis, tri);
        int base = v.kind == P1 ? 0x4000 : v.kind == P2 ? 0x4004 : 0x4008;
        if (t != v.lastTimer || retrigger) {
            synth.write(sampleTime, base + 2, t & 0xFF);
        }
        if (retrigger || v.lastTimer < 0 || (t >> 8) != (v.lastTimer >> 8)) {
            synth.write(sampleTime, base + 3, (t >> 8) | 0x08);
        }
        v.lastTimer = t;
    }
}
