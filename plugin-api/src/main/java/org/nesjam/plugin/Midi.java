package org.nesjam.plugin;

/** MIDI 1.0 status bytes and helpers on packed messages ({@code status | data1 << 8 | data2 << 16}). */
public final class Midi {
    public static final int NOTE_OFF = 0x80;
    public static final int NOTE_ON = 0x90;
    public static final int POLY_PRESSURE = 0xA0;
    public static final int CONTROL_CHANGE = 0xB0;
    public static final int PROGRAM_CHANGE = 0xC0;
    public static final int CHANNEL_PRESSURE = 0xD0;
    public static final int PITCH_BEND = 0xE0;
    public static final int TIMING_CLOCK = 0xF8;
    public static final int START = 0xFA;
    public static final int CONTINUE = 0xFB;
    public static final int STOP = 0xFC;

    public static final int CC_VOLUME_EXPRESSION = 11;
    public static final int CC_TIMBRE = 12;
    public static final int CC_ALL_SOUND_OFF = 120;
    public static final int CC_ALL_NOTES_OFF = 123;

    private Midi() {
    }

    public static int pack(int status, int data1, int data2) {
        return (status & 0xFF) | (data1 & 0x7F) << 8 | (data2 & 0x7F) << 16;
    }

    /** Command nibble of a channel message (0x80..0xE0), or the whole status for system messages. */
    public static int command(int status) {
        return status >= 0xF0 ? status : status & 0xF0;
    }

    /** Channel 0..15 of a channel message. */
    public static int channel(int status) {
        return status & 0x0F;
    }

    /** Number of data bytes that follow {@code status} (0, 1 or 2); -1 for sysex or undefined. */
    public static int dataLength(int status) {
        switch (status & 0xF0) {
            case NOTE_OFF: case NOTE_ON: case POLY_PRESSURE: case CONTROL_CHANGE: case PITCH_BEND:
                return 2;
            case PROGRAM_CHANGE: case CHANNEL_PRESSURE:
                return 1;
            default:
                break;
        }
        switch (status) {
            case 0xF1: case 0xF3:
                return 1;
            case 0xF2:
                return 2;
            case 0xF6: case 0xF8: case 0xFA: case 0xFB: case 0xFC: case 0xFE: case 0xFF:
                return 0;
            default:
                return -1;
        }
    }
}
