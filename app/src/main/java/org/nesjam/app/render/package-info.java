/**
 * Songs rendered offline: MIDI files read for the APU ({@link org.nesjam.app.render.MidiSong}), rendered through the
 * APU instrument or a plugin chain ({@link org.nesjam.app.render.ApuRender}, {@link org.nesjam.app.render.HostRender})
 * into WAV files ({@link org.nesjam.app.render.WavRender}), and exported as NSF
 * ({@link org.nesjam.app.render.NsfExport}). Threads: the calling thread (the command's main thread, or
 * {@code check-midi}'s workers); nothing here is real-time.
 */
package org.nesjam.app.render;
