package org.nesjam.host.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.host.FaultReporter;
import org.nesjam.host.PluginChain;
import org.nesjam.plugin.ParamInfo;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginKind;
import org.nesjam.plugin.PluginState;
import org.nesjam.plugin.ProcessBlock;
import org.nesjam.testsupport.TestJars;
import org.nesjam.testsupport.TonePlugin;

/** Must-show: plugins built as separate jars are discovered from a folder, run, are automated; bad jars rejected. */
class PluginDiscoveryTest {
    @TempDir
    static Path dir;
    static Path good;
    static Path bad;

    @BeforeAll
    static void buildJars() throws Exception {
        good = Files.createDirectories(dir.resolve("good"));
        TestJars.build("buzz", good.resolve("buzz.jar"));
        TestJars.build("boom", good.resolve("boom.jar"));
        bad = Files.createDirectories(dir.resolve("bad"));
        TestJars.build("buzz", bad.resolve("buzz-copy.jar"));
        TestJars.build("future-api", bad.resolve("future.jar"));
        TestJars.build("throws-create", bad.resolve("throws.jar"));
        TestJars.build("no-service", bad.resolve("noservice.jar"));
        TestJars.build("missing-class", bad.resolve("missing.jar"));
        Files.write(bad.resolve("corrupt.jar"), new byte[] {'P', 'K', 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        Files.writeString(bad.resolve("notes.txt"), "ignored: not a jar");
    }

    @Test
    void discoversJarsInTheirOwnClassLoadersAndBuiltIns() {
        try (PluginRegistry reg = PluginDiscovery.discover(getClass().getClassLoader(), List.of(good))) {
            assertEquals(List.of(), reg.rejections());
            PluginInfo tone = reg.find(TonePlugin.ID);
            assertNotNull(tone, "built-in registered through META-INF/services on the class path");
            assertTrue(tone.builtIn());
            PluginInfo buzz = reg.find("com.example.buzz");
            assertNotNull(buzz);
            assertEquals("Buzz", buzz.descriptor().name());
            assertEquals("2.1", buzz.descriptor().version());
            assertEquals("Example Audio", buzz.descriptor().vendor());
            assertEquals(PluginKind.INSTRUMENT, buzz.descriptor().kind());
            assertEquals(good.resolve("buzz.jar").toString(), buzz.source());
            assertTrue(buzz.hasState());
            assertEquals(List.of("level", "duty"), buzz.params().stream().map(ParamInfo::key).toList());
            assertTrue(buzz.param("level").smoothed());
            Plugin p = buzz.create();
            assertNotSame(getClass().getClassLoader(), p.getClass().getClassLoader());
            assertTrue(p.getClass().getClassLoader().getName().startsWith("nesjam-plugin:"));
            assertNotNull(reg.find("com.example.boom"));
        }
    }

    @Test
    void jarPluginRunsInTheChainAndItsParametersAreAutomatedSampleAccurately() throws Exception {
        try (PluginRegistry reg = PluginDiscovery.discover(null, List.of(good))) {
            PluginInfo buzz = reg.find("com.example.buzz");
            PluginChain chain = new PluginChain(List.of(buzz.create()), 1, 512, 64, (org.nesjam.host.FaultSink) null);
            chain.activate(48000);
            ProcessBlock b = chain.block();
            b.frameCount = 512;
            b.inputEvents.clear();
            b.inputEvents.addParam(300, 0, 10, 0.8); // level 0.25 -> 0.8 at frame 300, targeted at chain index 0
            chain.process();
            float[] out = b.audio.channel(0);
            for (int f = 0; f < 300; f++) {
                assertEquals(0.25f, Math.abs(out[f]), 1e-6f, "before the event, frame " + f);
            }
            // ramp: 10 ms at 48 kHz = 480 frames, starting exactly at frame 300
            assertEquals(0.25 + 0.55 / 480, Math.abs(out[300]), 1e-6);
            assertEquals(0.25 + 0.55 * 100 / 480, Math.abs(out[399]), 1e-6);
            b.inputEvents.clear();
            chain.process();
            b.inputEvents.clear();
            chain.process();
            assertEquals(0.8f, Math.abs(b.audio.channel(0)[0]), 1e-6f, "ramp done");
            assertEquals(0.8, chain.plugins()[0].extension(org.nesjam.plugin.Params.class).paramValue(10), 1e-12);
            chain.deactivate();
        }
    }

    @Test
    void throwingJarPluginIsBypassedAndReportedWhileTheInstrumentKeepsPlaying() throws Exception {
        List<String> lines = new ArrayList<>();
        try (PluginRegistry reg = PluginDiscovery.discover(null, List.of(good));
             FaultReporter reporter = new FaultReporter(lines::add, false)) {
            PluginChain chain = new PluginChain(List.of(reg.find("com.example.buzz").create(),
                    reg.find("com.example.boom").create()), 1, 128, 64, reporter);
            chain.activate(48000);
            float[] first = new float[10];
            for (int k = 0; k < 10; k++) {
                chain.block().frameCount = 128;
                chain.block().inputEvents.clear();
                chain.process();
                first[k] = Math.abs(chain.block().audio.channel(0)[5]);
            }
            assertArrayEquals(new float[] {0.125f, 0.125f, 0.125f, 0.125f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f},
                    first, 1e-6f, "halved by boom for 4 blocks, then boom bypassed and buzz plays on");
            assertTrue(chain.isBypassed(1));
            assertEquals(1, reporter.drain());
            chain.deactivate();
        }
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).startsWith("nesjam: plugin com.example.boom (Boom 0.9) at chain position 1 failed in "
                + "process: threw java.lang.ArithmeticException: boom in block 5;"), lines.get(0));
    }

    @Test
    void rejectsBadJarsWithOneReasonEach() {
        try (PluginRegistry reg = PluginDiscovery.discover(null, List.of(good, bad))) {
            Map<String, String> why = new TreeMap<>();
            for (Rejection r : reg.rejections()) {
                assertFalse(why.containsKey(Path.of(r.source()).getFileName().toString()), "one line per jar: " + r);
                why.put(Path.of(r.source()).getFileName().toString(), r.reason());
            }
            assertEquals(List.of("buzz-copy.jar", "corrupt.jar", "future.jar", "missing.jar", "noservice.jar",
                    "throws.jar"), new ArrayList<>(why.keySet()));
            assertTrue(why.get("corrupt.jar").startsWith("bad jar (corrupt or not a zip file"), why.get("corrupt.jar"));
            assertEquals("no plugin descriptor: META-INF/services/org.nesjam.plugin.PluginFactory is missing",
                    why.get("noservice.jar"));
            assertEquals("plugin com.example.future needs plugin API version 2; this host supports version 1 "
                    + "(incompatible API version)", why.get("future.jar"));
            assertEquals("duplicate plugin id com.example.buzz (already provided by " + good.resolve("buzz.jar") + ")",
                    why.get("buzz-copy.jar"));
            assertEquals("factory com.example.throwing.ThrowingFactory threw in create(): "
                    + "java.lang.IllegalStateException: license check failed", why.get("throws.jar"));
            assertTrue(why.get("missing.jar").startsWith("factory could not be loaded:"), why.get("missing.jar"));
            assertTrue(why.get("missing.jar").contains("com.example.missing.NotThereFactory"), why.get("missing.jar"));
            // the good ones are still there
            assertNotNull(reg.find("com.example.buzz"));
            assertEquals(2, reg.plugins().size());
        }
    }

    @Test
    void missingFolderIsReported() {
        try (PluginRegistry reg = PluginDiscovery.discover(null, List.of(dir.resolve("nope")))) {
            assertEquals(1, reg.rejections().size());
            assertEquals("plugin folder not found", reg.rejections().get(0).reason());
        }
    }

    @Test
    void stateOfAJarPluginRoundTrips() throws Exception {
        try (PluginRegistry reg = PluginDiscovery.discover(null, List.of(good))) {
            Plugin a = reg.find("com.example.buzz").create();
            a.extension(org.nesjam.plugin.Params.class).setParamValue(11, 3);
            byte[] s = a.extension(PluginState.class).saveState();
            Plugin b = reg.find("com.example.buzz").create();
            b.extension(PluginState.class).loadState(s);
            assertEquals(3.0, b.extension(org.nesjam.plugin.Params.class).paramValue(11));
        }
    }
}
