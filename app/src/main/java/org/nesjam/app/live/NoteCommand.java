package org.nesjam.app.live;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.nesjam.midi.live.MidiReceiver;
import org.nesjam.plugin.Midi;
import org.nesjam.threads.NesjamThread;

/**
 * The live commands' {@code note VOICE PITCH [MS]}: plays a note as if it came from a MIDI keyboard on the voice's
 * channel (p1 = channel 1 .. no = channel 4), through the same receiver as MIDI input, and ends it after MS
 * milliseconds (default 250, at most 10,000). For trying the page without a keyboard; the browser test plays its
 * notes this way. The note-off comes from one daemon scheduler thread. [control-thread]
 */
public final class NoteCommand implements LiveControl.Command {
    public static final String USAGE = "note p1|p2|tr|no PITCH [MS]";
    private static final ScheduledExecutorService NOTE_OFFS = Executors.newSingleThreadScheduledExecutor(
            NesjamThread.CONTROL.daemonFactory("note-offs"));

    private final String who;
    private final MidiReceiver receiver;

    public NoteCommand(String who, MidiReceiver receiver) {
        this.who = who;
        this.receiver = receiver;
    }

    @Override
    public String run(String[] w) {
        int channel = w.length >= 3 ? voiceChannel(w[1]) : -1;
        int pitch = -1;
        long ms = 250;
        try {
            if (w.length >= 3 && w.length <= 4) {
                pitch = Integer.parseInt(w[2]);
                ms = w.length == 4 ? Long.parseLong(w[3]) : ms;
            }
        } catch (NumberFormatException e) {
            pitch = -1;
        }
        if (channel < 0 || pitch < 0 || pitch > 127 || ms < 1 || ms > 10_000) {
            return who + ": " + USAGE + " (PITCH 0..127, MS 1..10000)";
        }
        receiver.receive(Midi.NOTE_ON | channel | pitch << 8 | 100 << 16, System.nanoTime());
        int off = Midi.NOTE_OFF | channel | pitch << 8;
        NOTE_OFFS.schedule(() -> receiver.receive(off, System.nanoTime()), ms, TimeUnit.MILLISECONDS);
        return "";
    }

    /** p1, p2, tr, no -> MIDI channel 0..3; -1 otherwise. */
    static int voiceChannel(String voice) {
        return switch (voice.toLowerCase(Locale.ROOT)) {
            case "p1" -> 0;
            case "p2" -> 1;
            case "tr" -> 2;
            case "no" -> 3;
            default -> -1;
        };
    }
}
