package org.nesjam.audio;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;

/**
 * {@code --audio javasound}: a {@link SourceDataLine} of the default mixer (desktops: ALSA, CoreAudio, DirectSound
 * through the JDK). The audio thread renders a period and writes it; the write blocks at the device's rate, which
 * paces the thread. The line's buffer is two periods. On a machine without sound hardware there is no mixer and
 * {@link #open} fails with one line.
 */
public final class JavaSoundBackend extends ClockedBackend {
    private SourceDataLine line;
    private byte[] bytes;

    public JavaSoundBackend(AudioConfig requested) {
        super("javasound", requested, false);
    }

    static AudioFormat format(AudioConfig c) {
        return new AudioFormat(c.sampleRate(), 16, c.channelCount(), true, false);
    }

    /** Null when a line for {@code c} exists, else the reason. */
    static String lineProblem(AudioConfig c) {
        if (AudioSystem.getMixerInfo().length == 0) {
            return "no sound device (javax.sound.sampled sees no mixer)";
        }
        if (!AudioSystem.isLineSupported(new DataLine.Info(SourceDataLine.class, format(c)))) {
            return "no output line for 16-bit " + c.channelCount() + " ch at " + c.sampleRate() + " Hz";
        }
        return null;
    }

    @Override
    protected AudioConfig openOutput() throws AudioBackendException {
        String problem = lineProblem(requested);
        if (problem != null) {
            throw new AudioBackendException("javasound: " + problem);
        }
        AudioFormat f = format(requested);
        try {
            line = AudioSystem.getSourceDataLine(f);
            line.open(f, 2 * requested.periodFrames() * f.getFrameSize());
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new AudioBackendException("javasound: cannot open an output line: " + e.getMessage(), e);
        }
        bytes = new byte[requested.periodFrames() * f.getFrameSize()];
        line.start();
        return requested;
    }

    @Override
    protected void writePeriod(int frames) throws IOException {
        float[][] ch = out.channels;
        int channels = ch.length;
        int i = 0;
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                short s = WavWriter.toPcm16(ch[c][f]);
                bytes[i++] = (byte) s;
                bytes[i++] = (byte) (s >> 8);
            }
        }
        int written = 0;
        while (written < i) {
            int n = line.write(bytes, written, i - written);
            if (n <= 0 && !line.isOpen()) {
                throw new IOException("output line closed");
            }
            written += n;
        }
    }

    @Override
    protected void closeOutput() {
        if (line != null) {
            line.stop();
            line.close();
        }
    }

    /** Provider of {@code javasound}. */
    public static final class Provider implements AudioBackendProvider {
        @Override
        public String name() {
            return "javasound";
        }

        @Override
        public int autoPriority() {
            return 50;
        }

        @Override
        public String unavailableReason() {
            try {
                return lineProblem(AudioConfig.DEFAULT);
            } catch (RuntimeException | LinkageError e) {
                return "javax.sound.sampled failed: " + e;
            }
        }

        @Override
        public AudioBackend create(String argument, AudioConfig requested) {
            return new JavaSoundBackend(requested);
        }

        @Override
        public List<String> describeEndpoints() {
            List<String> lines = new ArrayList<>();
            Mixer.Info[] mixers;
            try {
                mixers = AudioSystem.getMixerInfo();
            } catch (RuntimeException | LinkageError e) {
                return List.of("javasound  unavailable: " + e);
            }
            DataLine.Info want = new DataLine.Info(SourceDataLine.class, format(AudioConfig.DEFAULT));
            for (Mixer.Info m : mixers) {
                try {
                    if (AudioSystem.getMixer(m).isLineSupported(want)) {
                        lines.add("javasound  " + m.getName() + " (" + m.getDescription() + ")");
                    }
                } catch (RuntimeException e) {
                    // a mixer that cannot be queried is not listed
                }
            }
            if (lines.isEmpty()) {
                lines.add("javasound  no output device (javax.sound.sampled sees " + mixers.length + " mixers, "
                        + "none with a 16-bit stereo 48 kHz output line)");
            }
            return lines;
        }
    }
}
