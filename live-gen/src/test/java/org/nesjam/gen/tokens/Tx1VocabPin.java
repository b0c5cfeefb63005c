package org.nesjam.gen.tokens;

/** The pinned TX1 vocabulary checksum (see {@link Tx1Vocab#checksum()}). */
final class Tx1VocabPin {
    static final String CHECKSUM = "55a73e389ba8e47246dd83635d92a02196de648570e6d52b5cd0f06b5871fad1";

    private Tx1VocabPin() {
    }
}
