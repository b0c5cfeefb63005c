/**
 * Presets and scenes: the file formats (strictly validated, {@link org.nesjam.presets.PresetCodec},
 * {@link org.nesjam.presets.Scene}), the shipped and user libraries ({@link org.nesjam.presets.PresetLibrary}), and
 * what the commands and the control surface call to apply {@code --scene}, {@code --preset} and {@code --set}
 * ({@link org.nesjam.presets.PresetLoader}).
 * <p>
 * Threads: reading, validating and building chains run on the [main-thread] or the [control-thread] (a preset
 * changed while playing); the running chain takes the result through the host's queues, never on the
 * [audio-thread]. Presets are immutable.
 */
package org.nesjam.presets;
