package org.nesjam.plugin;

/**
 * Musical time as the host knows it for the current block. Written by the host before each block, read by
 * plugins during {@link Plugin#process}. {@code tempoBpm} comes from MIDI clock when {@code clockLocked}.
 */
public final class Transport {
    public double tempoBpm = 120.0;
    public boolean playing = true;
    /** True while the tempo follows incoming MIDI clock. */
    public boolean clockLocked;
    /** Quarter notes since transport start, at the block's first frame. */
    public double beatPosition;
}
