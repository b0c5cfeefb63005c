package org.nesjam.nativebridge.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.nativebridge.jack.PrivateJackServer;
import org.nesjam.nativebridge.rtmidi.RtMidiNative;
import org.nesjam.testsupport.Require;

/**
 * The JACK server dies (SIGKILL) under nesjam's open MIDI ports: sending must neither block the callers nor make
 * RtMidi spin (its queue is never drained again, and after ~2,350 messages it busy-waits forever), and closing must
 * finish. Runs nesjam's side in a child JVM ({@link MidiFaultMain}) on a {@link PrivateJackServer}.
 */
class MidiServerDeathTest {

    @Test
    void serverKilledUnderOpenMidiPorts(@TempDir Path dir) throws Exception {
        Require.that(RtMidiNative.available(), String.valueOf(RtMidiNative.unavailableReason()));
        // A fixed name on purpose: JACK2 keeps a SIGKILLed server's registry slot (8 in all) until a server of the
        // same name registers again, so per-run names leak a slot per run ("Too many servers already active").
        String server = "nesjammidideath";
        PrivateJackServer jack = PrivateJackServer.start(server, dir.resolve("jackd.log"));
        try (PrivateJackServer s = jack; PrivateJackServer.Child child = PrivateJackServer.child(MidiFaultMain.class,
                server)) {
            List<String> lines = child.linesUntil("READY", 30);
            assertTrue(child.sawMarker(), "child output: " + lines);
            jack.stop(true);
            OutputStream in = child.process().getOutputStream();
            in.write('\n');
            in.flush();
            String result = null;
            for (String line : child.linesUntil(null, 20)) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
                lines.add(line);
            }
            assertTrue(child.process().waitFor(20, TimeUnit.SECONDS), "child hung after the server died");
            assertEquals(0, child.process().exitValue(), "child output: " + lines);
            assertNotNull(result, "child output: " + lines);
            Matcher m = Pattern.compile("RESULT sent=(\\d+) dropped=(\\d+) closeMillis=(\\d+)").matcher(result);
            assertTrue(m.matches(), result);
            long sent = Long.parseLong(m.group(1));
            long dropped = Long.parseLong(m.group(2));
            long closeMillis = Long.parseLong(m.group(3));
            assertTrue(sent < 2000, "messages handed to RtMidi after the server died: " + result);
            assertEquals(5010, sent + dropped, result);
            assertTrue(closeMillis < 5000, "close took " + closeMillis + " ms");
        }
    }
}
