/**
 * Measuring peers: the other end of nesjam's connections, for the latency benchmarks ({@code nesjam bench midi},
 * {@code bench audio}) and the end-to-end tests. {@link org.nesjam.nativebridge.probe.MidiPeer} is a separate RtMidi
 * client (a keyboard that sends, a DAW that receives); {@link org.nesjam.nativebridge.probe.JackCaptureClient} records
 * a JACK port on JACK's frame clock. Never on nesjam's own play path. Shipped code (the bench commands use it), kept
 * here rather than in the bench module because native-bridge's own tests need it.
 * <p>
 * Threads: driven from the caller's thread (a test's or a benchmark's); a receiving peer polls on a
 * [midi-in-thread] of its own, the capture client records on JACK's process thread.
 */
package org.nesjam.nativebridge.probe;
