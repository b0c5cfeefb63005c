/**
 * Test support shared by every module's tests through plugin-api's test jar: test plugins
 * ({@link org.nesjam.testsupport.TonePlugin}, {@link org.nesjam.testsupport.FailingPlugin}) and real plugin jars
 * built from source ({@link org.nesjam.testsupport.TestJars}), preconditions on JACK, RtMidi and the shared data
 * ({@link org.nesjam.testsupport.Require}, {@link org.nesjam.testsupport.SharedSample}), and measurements on
 * recorded audio ({@link org.nesjam.testsupport.SignalAnalysis}). Test scope only: nothing in {@code src/main} sees
 * it.
 * <p>
 * Threads: the test's [test-thread]; the test plugins follow the plugin contract ({@code process} on whatever thread
 * plays the [audio-thread]'s part).
 */
package org.nesjam.testsupport;
