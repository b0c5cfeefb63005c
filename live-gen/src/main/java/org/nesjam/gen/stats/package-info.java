/**
 * Offline music-structure figures for NES songs ({@code nesjam stats}): whether a folder of generated MIDI behaves
 * like NES-MDB (repeated 8-note patterns, note lengths, activity, drones, dead air), as defined in the shared
 * reference {@code music-metrics.md}.
 *
 * <p>Owns {@link org.nesjam.gen.stats.MusicStats}: pure functions from {@link org.nesjam.gen.tokens.NesSong}s to
 * immutable figures; no file reading, no printing. Not used by the live path: everything runs on the caller's
 * thread, allocates freely and keeps no state between calls.
 */
package org.nesjam.gen.stats;
