/**
 * NSF files that replay recorded register writes on a real NES or an emulator: the frame stream
 * ({@link org.nesjam.apu.nsf.FrameStream}), the 6502 driver ({@link org.nesjam.apu.nsf.NsfDriver}, assembled by
 * {@link org.nesjam.apu.nsf.Asm6502}) and the file writer ({@link org.nesjam.apu.nsf.NsfWriter}).
 * <p>
 * Threads: offline only, the caller's ([main-thread]); allocates freely.
 */
package org.nesjam.apu.nsf;
