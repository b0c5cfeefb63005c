/**
 * The jam: the Transformer improvises ahead of the playhead in the four NES voices and answers the player.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link org.nesjam.gen.jam.JamPlugin}: a {@code GENERATOR} plugin (id {@code org.nesjam.generator}, listed in
 *   {@code META-INF/services}); real-time safe {@code process}; put it before the APU instrument.</li>
 *   <li>{@code JamWorker}: its worker thread; keeps the lookahead filled, reacts to the player first. A live MIDI
 *   note reaches it on the fast path ({@link org.nesjam.gen.jam.JamPlugin#earlyInput}), which also wakes it from
 *   its 1 ms idle nap; live commands give it the lowest real-time priority where allowed
 *   ({@link org.nesjam.gen.jam.JamPlugin#setWorkerSetup}), below MIDI and audio.</li>
 *   <li>{@link org.nesjam.gen.jam.JamTimeline}: the token timeline with absolute times, voice state, rollback and
 *   forced events.</li>
 *   <li>{@code Harmony}: the player's chord (chord channel or split), its scale, and the pitch biases of P1, P2 and
 *   TR; a chord change rolls back the lookahead from its time.</li>
 *   <li>{@link org.nesjam.gen.jam.JamParams}: the live controls (keys shared with the shipped generator presets).</li>
 * </ul>
 *
 * <h2>Design choice: scheduling inside the plugin</h2>
 * The worker hands its events and rollbacks to the plugin through the plugin API's
 * {@link org.nesjam.plugin.EventSchedule}, and the plugin emits them as its output events; the engine only renders
 * the chain (it has no rollback of its own). One design runs everywhere: live in the engine,
 * offline in {@code OfflineRenderer}/tests (deterministically, see {@link org.nesjam.gen.jam.JamPlugin#setOffline}),
 * inside a {@code LiveChain} that can swap chains; the plugin sees the player's notes at the exact sample the
 * instrument plays them, which is the time written into the timeline; and it is the architecture's "a generator is a
 * plugin" contract, so a third-party generator plugs in the same way. Cost: model events pass one more ring hop on
 * the audio thread (a poll of an in-memory ring, no measurable time).
 *
 * <h2>Endless generation and the context window</h2>
 * The model is ALiBi with a ring KV cache ({@code ModelRunner}): each token overwrites the oldest slot, so a
 * full window costs nothing special and generation runs for hours at a constant cost per token. The runner gets
 * {@code JamPlugin.ROLLBACK_SLOTS} = 128 extra slots, so a rollback within the lookahead (about 90 tokens for 1.5 s
 * at NES-MDB's average density) is an exact KV truncation, and the player's note is fed with the wait before it as
 * two single-token steps; a deeper one re-prefills one window (the Generator's fallback, slightly
 * approximate, 40 ms and a few MB of garbage). The worker therefore keeps the lookahead within
 * {@code ROLLBACK_SLOTS - 16} tokens of the playhead as well as within the lookahead time: in dense music (a model
 * writing 130 tokens a second, e.g. a noise roll retriggered every video frame) the lookahead gets shorter in time
 * (about 0.9 s), and no player note ever
 * needs a re-prefill. The timeline keeps its per-token metadata in a 32768-entry ring, so
 * memory does not grow with the length of the session (the Generator's own token list grows by 4 bytes a token:
 * about 1 MB an hour).
 *
 * <h2>Tempo and beat lock</h2>
 * TX1 has no beat grid: waits are in 44.1 kHz samples. The plugin keeps the host's grid ({@code HostClock}, on the
 * audio thread): MIDI clock, Start, Stop, Continue and Song Position Pointer arrive as block events at their sample
 * times; without clock the transport tempo ({@code --bpm}) gives the grid. The worker plays the model's timeline at
 * {@code rate = grid bpm / reference-bpm} (clamped to 0.5..2), so the model phrases at the host's tempo, and takes
 * the grid's strong positions for harmony; the plugin then moves each model note-on, when it is due, to the next 16th
 * or 8th triplet of the grid ({@code grid} = 1; 0.5 pulls half-way, 0 leaves it) and its note-off by the same
 * amount, waits for a beat after Start, and keeps the model silent while the host is stopped. A tempo change is heard
 * on the grid at once (placement uses the newest line) and in the model's phrasing after the lookahead.
 *
 * <h2>Modes</h2>
 * {@code mode} 1 = endless: the model plays all voices, the player's notes sound but are not written into
 * the timeline. 2 = accompany: the player owns voices ({@code own.*}, default P1); each player note-on/off is
 * written into the timeline at its real time, the speculative future after it is rolled back and regenerated,
 * and owned voices are masked out of sampling. 0 = call-response: like accompany while the player plays or
 * holds a note; once the player has rested {@code rest} beats the owned voices are unmasked and the model continues
 * in all voices until the player's next note rolls that back.
 *
 * <h2>Threads</h2>
 * {@code JamPlugin.process} on the [audio-thread] (allocation-free, never waits: it polls {@code JamLink}'s rings);
 * the worker, the timeline, the harmony and the model on the [generator-thread] ({@code nesjam-generator}); a live
 * input's fast path ({@code earlyInput}) on the [midi-in-thread]; settings and the lifecycle on the [main-thread] or
 * the [control-thread]; {@code JamStats} is written by the generator and the audio thread and read from any thread.
 */
package org.nesjam.gen.jam;
