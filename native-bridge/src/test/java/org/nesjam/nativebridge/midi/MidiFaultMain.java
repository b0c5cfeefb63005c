package org.nesjam.nativebridge.midi;

import java.util.List;

/**
 * Child process of {@link MidiServerDeathTest}: opens nesjam's virtual MIDI input and output on the JACK server of
 * {@code $JACK_DEFAULT_SERVER}, prints READY, waits for a line on stdin (the server is killed meanwhile), then keeps
 * sending 5,000 messages, closes everything and prints {@code RESULT sent=.. dropped=.. closeMillis=..}.
 */
public final class MidiFaultMain {
    private MidiFaultMain() {
    }

    public static void main(String[] args) throws Exception {
        long[] received = new long[1];
        LiveMidi midi = LiveMidi.open(List.of("virtual:in"), "virtual:out", "fault", "jack",
                (m, t) -> received[0]++, null, null);
        for (int i = 0; i < 10; i++) {
            midi.output().trySend(0x90 | (60 + i) << 8 | 100 << 16);
        }
        Thread.sleep(300);
        System.out.println("READY");
        System.out.flush();
        System.in.read();
        Thread.sleep(500); // let the shutdown reach us
        for (int i = 0; i < 5000; i++) {
            midi.output().trySend(0x80 | 60 << 8);
        }
        Thread.sleep(500);
        long t0 = System.nanoTime();
        midi.close();
        long closeMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("RESULT sent=" + midi.output().sent() + " dropped=" + midi.output().dropped()
                + " closeMillis=" + closeMillis);
        System.out.flush();
        System.exit(0);
    }
}
