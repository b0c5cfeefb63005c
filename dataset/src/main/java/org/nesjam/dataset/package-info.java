/**
 * Offline training data, apart from the live generator: arranging any General MIDI file for the four NES voices
 * ({@link org.nesjam.dataset.Arranger}, {@code nesjam arrange} and {@code dataset --arrange}), LakhNES's
 * augmentations ({@link org.nesjam.dataset.Augment}), and the token files the trainer reads
 * ({@link org.nesjam.dataset.TokenDataset}, {@code nesjam dataset}). Tokenization itself is live-gen's
 * ({@code org.nesjam.gen.tokens}: one vocabulary and codec for training and playing).
 * <p>
 * Threads: never on a live path. The caller's [main-thread], plus the dataset builder's [dataset-thread] workers (one
 * song at a time each); everything here is stateless or confined to one call, and allocates freely.
 */
package org.nesjam.dataset;
