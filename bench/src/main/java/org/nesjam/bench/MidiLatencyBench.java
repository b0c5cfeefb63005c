package org.nesjam.bench;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackStatus;
import org.nesjam.midi.live.MidiInputPipeline;
import org.nesjam.nativebridge.midi.MidiDeviceException;
import org.nesjam.nativebridge.midi.MidiInput;
import org.nesjam.nativebridge.midi.MidiPorts;
import org.nesjam.nativebridge.midi.RtMidiInput;
import org.nesjam.nativebridge.probe.MidiPeer;
import org.nesjam.nativebridge.rtmidi.JackProbe;
import org.nesjam.nativebridge.rtmidi.RtMidiApi;
import org.nesjam.nativebridge.rtmidi.RtMidiException;
import org.nesjam.nativebridge.rtmidi.RtMidiNative;

/**
 * One-way MIDI latency through RtMidi and JACK into nesjam's input pipeline: a separate RtMidi client (the
 * "keyboard", {@link MidiPeer}) sends note messages to nesjam's virtual input at random intervals (so they fall at
 * random phases of the JACK cycle); each message carries its index in its data bytes; the latency of a message is
 * {@code arrival nanoTime} (as the pipeline stamps it, i.e. what the engine would see) minus the {@code nanoTime}
 * just before the keyboard's {@code rtmidi_out_send_message}. It includes the wait for the next JACK cycle (RtMidi
 * emits at frame 0 of the next cycle), the JACK graph, and nesjam's polling or callback delay.
 * [main-thread] Needs a running JACK server; uses clients {@code nesjam-bench-*}.
 */
public final class MidiLatencyBench {
    private MidiLatencyBench() {
    }

    /** Figures of one run; times in milliseconds. */
    public record Result(RtMidiInput.Mode mode, int periodFrames, int sampleRate, int sent, int received,
                         double p50Ms, double p99Ms, double maxMs, double meanMs, double minMs,
                         boolean pollThreadRealtime) {
        /** One JACK period in ms. */
        public double periodMs() {
            return periodFrames * 1000.0 / sampleRate;
        }
    }

    /** The running JACK server's period and rate, {@code {frames, hz}}. */
    public static int[] jackPeriod() throws MidiDeviceException {
        try {
            JackClient c = Jack.getInstance().openClient("nesjam-bench-probe",
                    EnumSet.of(JackOptions.JackNoStartServer), EnumSet.noneOf(JackStatus.class));
            try {
                return new int[] {c.getBufferSize(), c.getSampleRate()};
            } finally {
                c.close();
            }
        } catch (Exception | Error e) {
            throw new MidiDeviceException("cannot query the JACK server: " + e.getMessage());
        }
    }

    /**
     * Sends {@code warmup + count} messages, {@code minGapMicros..maxGapMicros} apart, and measures the last
     * {@code count}.
     */
    public static Result run(RtMidiInput.Mode mode, int count, int warmup, int minGapMicros, int maxGapMicros,
                             long seed) throws MidiDeviceException, InterruptedException {
        if (count < 1 || count + warmup > 16_384) {
            throw new MidiDeviceException("count + warmup must be 1..16384 (the index travels in 14 data bits)");
        }
        String missing = RtMidiNative.unavailableReason();
        if (missing != null) {
            throw new MidiDeviceException(missing);
        }
        if (!JackProbe.serverRunning()) {
            throw new MidiDeviceException("no JACK server '" + JackProbe.serverName() + "' running (start one, e.g."
                    + " 'jackd -d dummy -r 48000 -p 128', and set JACK_DEFAULT_SERVER)");
        }
        int[] period = jackPeriod();
        int total = warmup + count;
        long[] sentNanos = new long[total];
        long[] arrivalNanos = new long[total];
        String client = "nesjam-bench-" + Long.toString(System.nanoTime() % 46_656, 36);
        MidiInputPipeline pipeline = new MidiInputPipeline((packed, nanoTime) -> {
            if ((packed & 0xF0) == 0x90) {
                int index = ((packed >>> 8) & 0x7F) | ((packed >>> 16) & 0x7F) << 7;
                if (index < total && arrivalNanos[index] == 0) {
                    arrivalNanos[index] = nanoTime;
                }
            }
        }, null, false);
        Random random = new Random(seed);
        boolean realtime;
        try (MidiInput input = MidiPorts.openInput("virtual:bench", client, "jack", pipeline, mode);
             MidiPeer keyboard = MidiPeer.sender(RtMidiApi.UNIX_JACK, client + "-kbd", client + "-in:bench", 5000)) {
            for (int i = 0; i < total; i++) {
                int packed = 0x90 | (i & 0x7F) << 8 | ((i >>> 7) & 0x7F) << 16;
                sentNanos[i] = System.nanoTime();
                keyboard.send(packed);
                long gap = 1000L * (minGapMicros + random.nextInt(Math.max(1, maxGapMicros - minGapMicros + 1)));
                long until = System.nanoTime() + gap;
                while (System.nanoTime() < until) {
                    LockSupport.parkNanos(Math.max(10_000L, (until - System.nanoTime()) / 2));
                }
            }
            Thread.sleep(200);
            realtime = input instanceof RtMidiInput && ((RtMidiInput) input).pollThreadRealtime();
        } catch (RtMidiException e) {
            throw new MidiDeviceException(e.getMessage(), e);
        }
        double[] latencies = new double[count];
        int received = 0;
        for (int i = warmup; i < total; i++) {
            if (arrivalNanos[i] != 0) {
                latencies[received++] = (arrivalNanos[i] - sentNanos[i]) / 1e6;
            }
        }
        if (received == 0) {
            return new Result(mode, period[0], period[1], count, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, realtime);
        }
        double[] l = Arrays.copyOf(latencies, received);
        Arrays.sort(l);
        double mean = Arrays.stream(l).average().orElse(Double.NaN);
        return new Result(mode, period[0], period[1], count, received, Percentiles.of(l, 0.50), Percentiles.of(l, 0.99),
                l[l.length - 1], mean, l[0], realtime);
    }

}
