package org.nesjam.nativebridge.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The part files a recording goes on into after each server return. */
class ServerReturnTest {

    @Test
    void partsAreNumberedFromTwo() {
        Path dir = Path.of("takes");
        assertEquals(dir.resolve("jam-1-part2.wav"), ServerReturn.nextPart(dir.resolve("jam-1.wav")));
        assertEquals(dir.resolve("jam-1-part3.wav"), ServerReturn.nextPart(dir.resolve("jam-1-part2.wav")));
        assertEquals(dir.resolve("jam-1-part10.wav"), ServerReturn.nextPart(dir.resolve("jam-1-part9.wav")));
        assertEquals(Path.of("raw-part2"), ServerReturn.nextPart(Path.of("raw")));
        assertEquals(Path.of(".hidden-part2"), ServerReturn.nextPart(Path.of(".hidden")));
    }
}
