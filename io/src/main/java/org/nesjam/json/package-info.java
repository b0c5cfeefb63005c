/**
 * JSON for nesjam's files (chains, scenes, presets, model metadata): a strict parser whose every error is one line
 * naming file, position and field ({@link org.nesjam.json.JsonException}), values that remember where they came
 * from ({@link org.nesjam.json.JsonValue}), a pretty writer, and {@link org.nesjam.json.SafeFiles} for writing user
 * files without losing the previous one.
 * <p>
 * Threads: the caller's, never the [audio-thread] (it allocates and does I/O); parsed values are immutable.
 */
package org.nesjam.json;
