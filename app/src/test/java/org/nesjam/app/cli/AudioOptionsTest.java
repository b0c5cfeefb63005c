package org.nesjam.app.cli;

import org.nesjam.app.UserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

/** The shared audio options: defaults, checks, and one-line errors for bad values. */
class AudioOptionsTest {
    private static AudioOptions parse(String... argv) {
        return Parsed.of(argv).audio;
    }

    @Test
    void defaultsAndValues() {
        AudioOptions d = parse();
        assertNull(d.spec());
        assertEquals(48_000, d.requested().sampleRate());
        assertEquals(256, d.requested().periodFrames());
        AudioOptions o = parse("--audio", "wav:x.wav", "--buffer", "128", "--rate", "44100");
        assertEquals("wav:x.wav", o.spec());
        assertEquals(128, o.requested().periodFrames());
        assertEquals(44_100, o.requested().sampleRate());
        assertTrue(o.liveOutput(), "an explicit --audio is live output");
    }

    @Test
    void badValuesAreOneLineUserErrors() {
        assertEquals("--buffer must be 16..8192, got 3",
                assertThrows(ParameterException.class, () -> parse("--buffer", "3")).getMessage());
        assertEquals("--rate must be 44100, 48000, 88200 or 96000 Hz, got 1000",
                assertThrows(ParameterException.class, () -> parse("--rate", "1000")).getMessage());
        assertTrue(assertThrows(ParameterException.class, () -> parse("--buffer", "lots")).getMessage()
                .contains("'lots' is not an int"));
        UserError e = assertThrows(UserError.class, () -> parse("--audio", "alsa").open(false));
        assertTrue(e.getMessage().startsWith("unknown audio output 'alsa' (choose "), e.getMessage());
        assertEquals("--audio wav needs a file: --audio wav:FILE",
                assertThrows(UserError.class, () -> parse("--audio", "wav").open(false)).getMessage());
    }

    @Test
    void benchAudioRejectsBadInputWithExitCode2() {
        // unknown benchmark (with JACK) or no JACK server (without): one line, exit 2 either way
        assertEquals(2, Main.run(new String[] {"bench", "audio", "nonsense"}));
    }
}
