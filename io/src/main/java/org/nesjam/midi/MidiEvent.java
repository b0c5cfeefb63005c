package org.nesjam.midi;

/**
 * One event of a {@link MidiTrack} at an absolute {@code tick}.
 * {@link #CHANNEL}: {@code message} is packed {@code status | data1 << 8 | data2 << 16} (running status resolved);
 * {@link #META}: {@code metaType} and its {@code data}; {@link #SYSEX}: {@code data} without the F0/F7 framing.
 * Immutable by convention: do not modify {@code data}.
 */
public record MidiEvent(long tick, int kind, int message, int metaType, byte[] data) {
    public static final int CHANNEL = 0;
    public static final int META = 1;
    public static final int SYSEX = 2;

    public static final int META_TRACK_NAME = 0x03;
    public static final int META_END_OF_TRACK = 0x2F;
    public static final int META_TEMPO = 0x51;
    public static final int META_TIME_SIGNATURE = 0x58;

    private static final byte[] NONE = new byte[0];

    public static MidiEvent channel(long tick, int status, int data1, int data2) {
        return new MidiEvent(tick, CHANNEL, (status & 0xFF) | (data1 & 0x7F) << 8 | (data2 & 0x7F) << 16, 0, NONE);
    }

    public static MidiEvent meta(long tick, int metaType, byte[] data) {
        return new MidiEvent(tick, META, 0, metaType, data);
    }

    public int status() {
        return message & 0xFF;
    }

    /** Command nibble (0x80..0xE0) of a channel message. */
    public int command() {
        return message & 0xF0;
    }

    /** Channel 0..15 of a channel message. */
    public int channel() {
        return message & 0x0F;
    }

    public int data1() {
        return (message >>> 8) & 0x7F;
    }

    public int data2() {
        return (message >>> 16) & 0x7F;
    }

    /** True for a note-on with velocity above 0. */
    public boolean isNoteOn() {
        return kind == CHANNEL && command() == 0x90 && data2() > 0;
    }

    /** True for a note-off, or a note-on with velocity 0. */
    public boolean isNoteOff() {
        return kind == CHANNEL && (command() == 0x80 || (command() == 0x90 && data2() == 0));
    }
}
