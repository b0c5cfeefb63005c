package org.nesjam.nativebridge.rtmidi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nesjam.testsupport.Require;

class RtMidiNativeTest {

    @Test
    void missingLibraryIsOneClearLineNotACrash() {
        String reason = RtMidiNative.tryLoad("nesjam-no-such-rtmidi");
        assertTrue(reason.startsWith("RtMidi library not found (tried nesjam-no-such-rtmidi)"), reason);
        assertTrue(reason.contains("librtmidi6"));
        assertFalse(reason.contains("\n"));
    }

    @Test
    void installedLibraryReportsItsApis() throws RtMidiException {
        Require.that(RtMidiNative.available(), String.valueOf(RtMidiNative.unavailableReason()));
        assertEquals(null, RtMidiNative.unavailableReason());
        assertFalse(RtMidiNative.compiledApis().isEmpty());
        assertFalse(RtMidiNative.compiledApis().contains(RtMidiApi.UNSPECIFIED));
    }
}
