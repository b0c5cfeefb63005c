/**
 * The event vocabulary and its codec, shared by the live generator and the offline dataset (tokenization exists
 * once): LakhNES's TX1 vocabulary ({@link org.nesjam.gen.tokens.Tx1Vocab}), NES notes to and from token ids
 * ({@link org.nesjam.gen.tokens.Tx1Codec}), NES-MDB-style MIDI files to and from songs
 * ({@link org.nesjam.gen.tokens.NesMidi}, {@link org.nesjam.gen.tokens.NesSong}), and how the model's voices go out
 * as live MIDI ({@link org.nesjam.gen.tokens.MidiOutMap}). The specification is {@code live-gen/TOKENS.md}.
 * <p>
 * Threads: stateless or immutable, safe from [any-thread]; the live path uses the vocabulary's tables and the MIDI
 * output map on the [generator-thread] and the [audio-thread] without allocating.
 */
package org.nesjam.gen.tokens;
