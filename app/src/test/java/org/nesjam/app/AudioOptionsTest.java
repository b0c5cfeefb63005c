package org.nesjam.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shared audio options: defaults, checks, and one-line errors for bad values. */
class AudioOptionsTest {
    private static AudioOptions parse(String... argv) {
        return AudioOptions.from(Args.parse(argv, AudioOptions.VALUED, Set.of()));
    }

    @Test
    void defaultsAndValues() {
        AudioOptions d = parse();
        assertNull(d.spec());
        assertEquals(48_000, d.requested().sampleRate());
        assertEquals(256, d.requested().periodFrames());
        assertNull(d.record());
        AudioOptions o = parse("--audio", "wav:x.wav", "--buffer", "128", "--rate", "44100", "--record", "r.wav");
        assertEquals("wav:x.wav", o.spec());
        assertEquals(128, o.requested().periodFrames());
        assertEquals(44_100, o.requested().sampleRate());
        assertEquals("r.wav", o.record().toString());
        assertTrue(o.liveOutput(), "an explicit --audio is live output");
    }

    @Test
    void badValuesAreOneLineUserErrors() {
        assertEquals("--buffer must be 16..8192 frames, got 3",
                assertThrows(UserError.class, () -> parse("--buffer", "3")).getMessage());
        assertEquals("--rate must be 8000..192000 Hz, got 1000",
                assertThrows(UserError.class, () -> parse("--rate", "1000")).getMessage());
        assertEquals("--buffer must be an integer, got 'lots'",
                assertThrows(UserError.class, () -> parse("--buffer", "lots")).getMessage());
        UserError e = assertThrows(UserError.class, () -> parse("--audio", "alsa").open());
        assertTrue(e.getMessage().startsWith("unknown audio output 'alsa' (choose "), e.getMessage());
        assertEquals("--audio wav needs a file: --audio wav:FILE",
                assertThrows(UserError.class, () -> parse("--audio", "wav").open()).getMessage());
    }

    @Test
    void benchAudioRejectsBadInputWithExitCode2() {
        // unknown benchmark (with JACK) or no JACK server (without): one line, exit 2 either way
        assertEquals(2, Main.run(new String[] {"bench", "audio", "nonsense"}));
    }
}
