/**
 * The plugin host: chains, swapping, automation, fault isolation, offline rendering.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link org.nesjam.host.discovery.PluginDiscovery}: built-ins from the class path and jars from plugin
 *   folders (each in its own class loader) through {@code ServiceLoader<PluginFactory>}; rejections with reasons.</li>
 *   <li>{@link org.nesjam.host.ChainSpec}: the declarative chain (plugins by id, order, MIDI channels, preset,
 *   parameter values, state, CC map) and its JSON form; {@link org.nesjam.host.ChainBuilder} turns it into an
 *   activated {@link org.nesjam.host.PreparedChain} off the audio thread;
 *   {@link org.nesjam.host.PreparedChain#capture} saves the running settings back.</li>
 *   <li>{@link org.nesjam.host.PluginChain}: processes plugins in order, routes MIDI by channel and PARAM events by
 *   target, bypasses a failing plugin and reports it through a {@link org.nesjam.host.FaultSink}
 *   ({@link org.nesjam.host.FaultReporter} prints one line from its own thread).</li>
 *   <li>{@link org.nesjam.host.LiveChain}: what the audio thread plays; swaps chains with a crossfade, takes
 *   parameter changes through a {@link org.nesjam.host.ParamChangeQueue}, applies the {@link org.nesjam.host.CcMap}
 *   and CC learn.</li>
 * </ul>
 *
 * Threads: chains are built, swapped and destroyed off the audio thread ([main-thread], [control-thread]; retired
 * chains on the [chain-reclaimer-thread]); the [audio-thread] only processes the current chain and polls the queues;
 * faults are printed on the [fault-reporter-thread]. The steps below name the thread of each.
 *
 * <h2>Scenarios (CLAP-style)</h2>
 * <ol>
 *   <li><b>Start from a scene.</b> [main-thread] discover plugins; read the scene; {@code ChainBuilder.build(spec,
 *   registry, presetLoader, config, faults)} creates each plugin, applies preset, then state, then parameters
 *   (each validated: unknown key, out of range, fractional stepped value are errors naming the field), routes
 *   MIDI, resolves the CC map and activates; {@code liveChain.submit(prepared)}.</li>
 *   <li><b>Host knob / {@code --set} while playing.</b> [control-thread] {@code liveChain.setParam(index, id, value,
 *   sampleTime)}; [audio-thread] at the block containing {@code sampleTime} it becomes a PARAM event at that offset
 *   for plugin {@code index}; a {@link org.nesjam.plugin.ParamInfo#smoothed() smoothed} parameter ramps with
 *   {@link org.nesjam.plugin.ParamSmoother} (10 ms), so the output changes by at most |jump| / rampFrames per frame
 *   plus the signal's own slope.</li>
 *   <li><b>MIDI-mapped knob.</b> [audio-thread] a CC in the block that the chain's CcMap maps becomes a PARAM event
 *   at the CC's own offset, scaled to the parameter's range. <b>Learn:</b> [control-thread] {@code armCcLearn()};
 *   [audio-thread] the next CC is recorded; [control-thread] {@code bindLearnedCc(index, key)} publishes a new map;
 *   {@code capture()} saves it.</li>
 *   <li><b>Preset while playing.</b> [control-thread] the preset is validated first (a bad one throws, nothing
 *   changes); without state it is scenario 2 for each value; with state a new chain is built with the preset and
 *   swapped in (scenario 5).</li>
 *   <li><b>Chain swap while playing.</b> [control-thread] build and activate the new chain, {@code submit};
 *   [audio-thread] next block boundary: render old and new side by side, crossfade linearly (gains sum to 1),
 *   then put the old one in the retired box (never destroyed on the audio thread; a further swap waits while the
 *   box is full); [control-thread] {@code reclaim()} destroys it.</li>
 *   <li><b>A plugin throws.</b> [audio-thread] the chain catches it, bypasses the plugin for good and posts it into
 *   the FaultReporter's preallocated ring (no allocation, no wait); the rest of the chain keeps playing;
 *   [fault-reporter-thread] prints one line.</li>
 *   <li><b>Save and load a session.</b> [main-thread, chain not processing] {@code prepared.capture(true)} (params
 *   by key, opaque state, CC map) then {@code ChainSpec.write(file)} (an existing file is kept as a backup);
 *   building the saved spec gives the same sound, bit for bit, for plugins whose state is complete.</li>
 * </ol>
 */
package org.nesjam.host;
