package org.nesjam.apu.instrument;

import java.util.List;
import org.nesjam.plugin.ParamInfo;

/**
 * Parameters of the APU instrument. Ids and keys are stable (presets and automation refer to them).
 * Voice order everywhere: 0 pulse 1, 1 pulse 2, 2 triangle, 3 noise.
 */
public final class ApuParams {
    /** MIDI channel (1-16) that drives each voice, 0 = none; default 1, 2, 3, 4. */
    public static final int CHANNEL_P1 = 0;
    public static final int CHANNEL_P2 = 1;
    public static final int CHANNEL_TR = 2;
    public static final int CHANNEL_NO = 3;
    /** Initial pulse duty 0-3 (12.5/25/50/75 %) until CC12 changes it; NES-MDB files assume 0. */
    public static final int DUTY_P1 = 10;
    public static final int DUTY_P2 = 11;
    /** Initial noise mode 0-1 (long / short LFSR) until CC12 changes it. */
    public static final int MODE_NO = 12;
    /** Voice level 0-15: the 4-bit volume is {@code round(noteVolume * level / 15)}. */
    public static final int LEVEL_P1 = 20;
    public static final int LEVEL_P2 = 21;
    public static final int LEVEL_NO = 22;
    /** Envelope: 0 constant volume (velocity/CC11), 1 hardware decay, 2 looping decay. */
    public static final int ENVELOPE_P1 = 30;
    public static final int ENVELOPE_P2 = 31;
    public static final int ENVELOPE_NO = 32;
    /** Hardware envelope rate V 0-15: 15 (V + 1) quarter frames from 15 to 0. */
    public static final int ENVELOPE_RATE_P1 = 40;
    public static final int ENVELOPE_RATE_P2 = 41;
    public static final int ENVELOPE_RATE_NO = 42;
    /** Sweep shift 0-7 (0: sweep off; the instrument then writes negate so low notes are never muted). */
    public static final int SWEEP_SHIFT_P1 = 50;
    public static final int SWEEP_PERIOD_P1 = 51;
    public static final int SWEEP_NEGATE_P1 = 52;
    public static final int SWEEP_SHIFT_P2 = 53;
    public static final int SWEEP_PERIOD_P2 = 54;
    public static final int SWEEP_NEGATE_P2 = 55;
    /** Pitch-bend range in semitones (0-24, default 2). */
    public static final int BEND_RANGE = 60;
    /** Output filter: 0 nes, 1 famicom, 2 off. */
    public static final int FILTER = 70;
    /** Region: 0 NTSC, 1 PAL. Takes effect at the next activation. */
    public static final int REGION = 71;

    static final List<ParamInfo> ALL = List.of(
            p(CHANNEL_P1, "p1.channel", "Pulse 1 MIDI channel", 0, 16, 1),
            p(CHANNEL_P2, "p2.channel", "Pulse 2 MIDI channel", 0, 16, 2),
            p(CHANNEL_TR, "tr.channel", "Triangle MIDI channel", 0, 16, 3),
            p(CHANNEL_NO, "no.channel", "Noise MIDI channel", 0, 16, 4),
            p(DUTY_P1, "p1.duty", "Pulse 1 duty", 0, 3, 0),
            p(DUTY_P2, "p2.duty", "Pulse 2 duty", 0, 3, 0),
            p(MODE_NO, "no.mode", "Noise mode", 0, 1, 0),
            p(LEVEL_P1, "p1.level", "Pulse 1 level", 0, 15, 15),
            p(LEVEL_P2, "p2.level", "Pulse 2 level", 0, 15, 15),
            p(LEVEL_NO, "no.level", "Noise level", 0, 15, 15),
            p(ENVELOPE_P1, "p1.envelope", "Pulse 1 envelope (constant/decay/loop)", 0, 2, 0),
            p(ENVELOPE_P2, "p2.envelope", "Pulse 2 envelope (constant/decay/loop)", 0, 2, 0),
            p(ENVELOPE_NO, "no.envelope", "Noise envelope (constant/decay/loop)", 0, 2, 0),
            p(ENVELOPE_RATE_P1, "p1.envelope.rate", "Pulse 1 envelope rate", 0, 15, 4),
            p(ENVELOPE_RATE_P2, "p2.envelope.rate", "Pulse 2 envelope rate", 0, 15, 4),
            p(ENVELOPE_RATE_NO, "no.envelope.rate", "Noise envelope rate", 0, 15, 2),
            p(SWEEP_SHIFT_P1, "p1.sweep.shift", "Pulse 1 sweep shift (0 off)", 0, 7, 0),
            p(SWEEP_PERIOD_P1, "p1.sweep.period", "Pulse 1 sweep period", 0, 7, 0),
            p(SWEEP_NEGATE_P1, "p1.sweep.negate", "Pulse 1 sweep down", 0, 1, 1),
            p(SWEEP_SHIFT_P2, "p2.sweep.shift", "Pulse 2 sweep shift (0 off)", 0, 7, 0),
            p(SWEEP_PERIOD_P2, "p2.sweep.period", "Pulse 2 sweep period", 0, 7, 0),
            p(SWEEP_NEGATE_P2, "p2.sweep.negate", "Pulse 2 sweep down", 0, 1, 1),
            p(BEND_RANGE, "bend.range", "Pitch-bend range (semitones)", 0, 24, 2),
            p(FILTER, "filter", "Output filter (nes/famicom/off)", 0, 2, 0),
            p(REGION, "region", "Region (NTSC/PAL), at activation", 0, 1, 0));

    private ApuParams() {
    }

    private static ParamInfo p(int id, String key, String name, double min, double max, double def) {
        return new ParamInfo(id, key, name, min, max, def, true, false);
    }

    /** Index of {@code id} in {@link #ALL}, or -1. */
    static int indexOf(int id) {
        for (int i = 0; i < ALL.size(); i++) {
            if (ALL.get(i).id() == id) {
                return i;
            }
        }
        return -1;
    }
}
