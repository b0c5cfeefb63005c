/**
 * The live session of {@code jam} and {@code play}: the run loop on an opened audio output and the JACK-restart
 * handling ({@link org.nesjam.app.live.LiveRun}), the live instrument ({@link org.nesjam.app.live.LivePlay}), the
 * jam's shared pieces ({@link org.nesjam.app.live.JamLive}, {@link org.nesjam.app.live.JamRecording}), the MIDI ports
 * ({@link org.nesjam.app.live.LivePorts}), the control language of stdin and the page
 * ({@link org.nesjam.app.live.LiveControl}) and the control page with its feeds
 * ({@link org.nesjam.app.live.ControlPage}, {@link org.nesjam.app.live.PageFeed},
 * {@link org.nesjam.app.live.NoteFeed}). Threads: the command's main thread runs the loop; stdin's reader and the
 * page's handler threads run control commands [control-thread]; MIDI callbacks feed the engine [midi-in-thread]; the
 * audio thread is the engine's and is only reached through lock-free rings and parameter queues.
 */
package org.nesjam.app.live;
