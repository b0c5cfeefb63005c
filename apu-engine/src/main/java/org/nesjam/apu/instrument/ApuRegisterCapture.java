package org.nesjam.apu.instrument;

import org.nesjam.apu.ApuRegion;
import org.nesjam.apu.ApuWriteLog;

/**
 * The APU register writes nesjam's instrument makes for a stream of MIDI messages, recorded instead of rendered:
 * the same {@link MidiDriver} as {@link ApuInstrument} (so the same power-up writes, timer values, duties and
 * volumes), with the parameter values the given instrument has now, writing into an {@link ApuWriteLog}.
 * Messages must come in time order, as the instrument gets them. [main-thread]
 */
public final class ApuRegisterCapture {
    private final MidiDriver driver;
    private final ApuWriteLog log;

    /**
     * @param settings an instrument whose parameters (region, duties, levels, envelopes, sweeps, channels) to use;
     *                 it is only read
     * @param sampleRate the rate of the sample times given to {@link #midi}
     */
    public ApuRegisterCapture(ApuInstrument settings, int sampleRate) {
        double[] params = new double[ApuParams.ALL.size()];
        for (int i = 0; i < params.length; i++) {
            params[i] = settings.paramValue(ApuParams.ALL.get(i).id());
        }
        ApuRegion region = params[ApuParams.indexOf(ApuParams.REGION)] >= 1 ? ApuRegion.PAL : ApuRegion.NTSC;
        log = new ApuWriteLog(region, sampleRate);
        driver = new MidiDriver(log, params);
        driver.reset(0);
    }

    /** One packed MIDI message ({@code status | data1 << 8 | data2 << 16}) at {@code sampleTime}. */
    public void midi(long sampleTime, int packedMidi) {
        driver.midi(sampleTime, packedMidi);
    }

    /** The writes so far, power-up writes at cycle 0 first. */
    public ApuWriteLog writes() {
        return log;
    }
}
