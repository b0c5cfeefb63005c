package org.nesjam.apu;

/** The analog output stage after the DAC. */
public enum FilterMode {
    /** NES front-loader: first-order high-pass 90 Hz, high-pass 440 Hz, low-pass 14 kHz. */
    NES,
    /** Famicom: first-order high-pass 37 Hz. */
    FAMICOM,
    /** No filtering: the exact mixer output (0..1, with the DC offset the DAC has). */
    OFF;

    /** Parses {@code nes}, {@code famicom} or {@code off} (case-insensitive); null if unknown. */
    public static FilterMode parse(String text) {
        for (FilterMode m : values()) {
            if (m.name().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        return null;
    }
}
