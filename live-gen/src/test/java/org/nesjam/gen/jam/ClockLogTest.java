package org.nesjam.gen.jam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jam's clock log: fixed room, nothing allocated per message, one line per message kept. */
class ClockLogTest {
    @Test
    void keepsWhatFitsAllocatesNothingAndWritesALineEach(@TempDir Path dir) throws Exception {
        ClockLog log = new ClockLog(3000);
        for (int i = 0; i < 1000; i++) { // warm-up
            log.add(i, 0xF8, i + 1, i + 0.25);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 1000; i < 4000; i++) {
            log.add(i, 0xF8, i + 1, i + 0.25);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, allocated, "bytes allocated by 3000 adds (2000 kept, 1000 past the room)");
        assertEquals(3000, log.size());
        Path file = dir.resolve("clock.txt");
        log.write(file);
        List<String> lines = Files.readAllLines(file);
        assertEquals(3001, lines.size());
        assertEquals("# sampleTime status nextTick tickPosition (1000 more not kept)", lines.get(0));
        assertEquals("0 f8 1 0.250", lines.get(1));
        assertEquals("2999 f8 3000 2999.250", lines.get(3000));
    }
}
