/**
 * The {@code nesjam} command line on picocli: {@link org.nesjam.app.cli.Main} (entry point, exit codes, the default
 * command and the hidden old spellings), one class per command, and the option mixins commands share
 * ({@link org.nesjam.app.cli.AudioOptions}, {@link org.nesjam.app.cli.MidiOptions},
 * {@link org.nesjam.app.cli.HostOptions}, {@link org.nesjam.app.cli.SamplingOptions}, ...). Each option is declared
 * once and checked once ({@link org.nesjam.app.cli.Checks}), so every command takes and refuses the same values;
 * every output file follows {@link org.nesjam.app.cli.OutputFile}. Options classes only hold and check options: the
 * run loops are in {@link org.nesjam.app.live}. Threads: everything here runs on the main thread.
 */
package org.nesjam.app.cli;
