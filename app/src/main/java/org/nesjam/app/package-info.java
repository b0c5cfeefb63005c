/**
 * The nesjam application: the command line ({@link org.nesjam.app.cli}), the live session of {@code jam} and
 * {@code play} ({@link org.nesjam.app.live}), offline rendering and export ({@link org.nesjam.app.render}) and the
 * benchmarks ({@link org.nesjam.app.bench}). This package holds only what all of them share: {@link UserError} (a
 * problem the user can fix: one line, exit 2) and {@link Progress} (progress of long work on a terminal).
 * Threads: both are used on the thread that runs a command [main-thread]; neither starts one.
 */
package org.nesjam.app;
