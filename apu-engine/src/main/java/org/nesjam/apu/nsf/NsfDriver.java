package org.nesjam.apu.nsf;

import java.nio.charset.StandardCharsets;

/**
 * The 6502 driver of nesjam's NSF files: init and play routines that replay a {@link FrameStream}, and the song
 * table. It lives in 4 KB bank 0, mapped at $8000; the streams follow from bank 1 on and are read through the
 * $9000-$9FFF window (bank register $5FF9), which moves to the next bank when the read pointer reaches $A000.
 * <pre>
 * zero page: $00-$01 ptr (next stream byte), $02 bank (bank mapped at $9000), $03 wait (empty frames left),
 *            $04 done (song ended), $05 count (writes left in this frame), $06 tmp
 * $8000      "NESJAM NSF 1\0"  signature ({@link #SIGNATURE}), how nesjam recognises its own files
 * init:  (A = song 0.., X = 0 NTSC / 1 PAL)
 *        STA tmp; ASL A; CLC; ADC tmp; TAX       X = 3 * song
 *        LDA table,X; STA bank; STA $5FF9         map the song's first bank at $9000
 *        LDA table+1,X; STA ptr; LDA table+2,X; STA ptr+1
 *        LDA #0; STA wait; STA done; STA $4011    DMC output level 0, as nesjam's mixer has it
 *        JMP play                                 frame 0 now; players call play one period later for frame 1
 * play:  LDA done; BNE ret                        after the end: nothing
 *        LDA wait; BEQ next; DEC wait
 * ret:   RTS
 * next:  JSR read; TAX; BEQ end                   0: the song ends
 *        CMP #$80; BCS idle                       $80+m: this frame and m more are empty
 * loop:  STX count; JSR read; TAX                 X = register - $4000
 *        JSR read; STA $4000,X                    the write
 *        LDX count; DEX; BNE loop; RTS
 * idle:  AND #$7F; STA wait; RTS
 * end:   LDA #0; STA $4015                        silence every channel and stop (no loop)
 *        LDA #1; STA done; RTS
 * read:  LDY #0; LDA (ptr),Y; INC ptr; BEQ page; RTS      A = next byte; clobbers Y
 * page:  INC ptr+1; LDY ptr+1; CPY #$A0; BNE out
 *        LDY #$90; STY ptr+1; INC bank; LDY bank; STY $5FF9   next bank at $9000
 * out:   RTS
 * table: (at the next page start, $8100) per song: first bank, pointer low, pointer high
 * </pre>
 * Every song runs the same instructions for the same bytes: init takes the same cycles for any song (the table
 * never crosses a page) and each song starts at a bank start ({@link NsfWriter}), so its writes land on the same
 * cycles as when it is the only song.
 * A frame of {@link FrameStream#MAX_WRITES_PER_FRAME} writes takes about 9,000 CPU cycles (70 a write, counted from the
 * listing; a page or bank crossing adds about 15 or 30), under a third of a frame.
 */
final class NsfDriver {
    /** Load address of bank 0. */
    static final int LOAD_ADDRESS = 0x8000;
    /** The data window and its bank register. */
    static final int WINDOW = 0x9000;
    static final int WINDOW_BANK_REGISTER = 0x5FF9;
    static final byte[] SIGNATURE = "NESJAM NSF 1\0".getBytes(StandardCharsets.US_ASCII);

    private static final int PTR = 0x00;
    private static final int BANK = 0x02;
    private static final int WAIT = 0x03;
    private static final int DONE = 0x04;
    private static final int COUNT = 0x05;
    private static final int TMP = 0x06;

    // opcodes
    private static final int LDA_IMM = 0xA9;
    private static final int LDA_ZP = 0xA5;
    private static final int LDA_ABSX = 0xBD;
    private static final int LDA_INDY = 0xB1;
    private static final int STA_ZP = 0x85;
    private static final int STA_ABS = 0x8D;
    private static final int STA_ABSX = 0x9D;
    private static final int LDX_ZP = 0xA6;
    private static final int STX_ZP = 0x86;
    private static final int LDY_IMM = 0xA0;
    private static final int LDY_ZP = 0xA4;
    private static final int STY_ZP = 0x84;
    private static final int STY_ABS = 0x8C;
    private static final int CPY_IMM = 0xC0;
    private static final int CMP_IMM = 0xC9;
    private static final int INC_ZP = 0xE6;
    private static final int DEC_ZP = 0xC6;
    private static final int DEX = 0xCA;
    private static final int TAX = 0xAA;
    private static final int AND_IMM = 0x29;
    private static final int ASL_A = 0x0A;
    private static final int CLC = 0x18;
    private static final int ADC_ZP = 0x65;
    private static final int BNE = 0xD0;
    private static final int BEQ = 0xF0;
    private static final int BCS = 0xB0;
    private static final int JSR = 0x20;
    private static final int JMP = 0x4C;
    private static final int RTS = 0x60;

    /** Bank 0's code and table, and where init and play start. */
    record Code(byte[] bytes, int initAddress, int playAddress) {
    }

    private NsfDriver() {
    }

    /** Assemble the driver with a song table of {@code (bank, pointer)} per song. */
    static Code assemble(int[] songBanks, int[] songPointers) {
        Asm6502 a = new Asm6502(LOAD_ADDRESS);
        a.bytes(SIGNATURE);
        a.label("init")
                .op8(STA_ZP, TMP).op(ASL_A).op(CLC).op8(ADC_ZP, TMP).op(TAX)
                .op16(LDA_ABSX, "table", 0).op8(STA_ZP, BANK).op16(STA_ABS, WINDOW_BANK_REGISTER)
                .op16(LDA_ABSX, "table", 1).op8(STA_ZP, PTR).op16(LDA_ABSX, "table", 2).op8(STA_ZP, PTR + 1)
                .op8(LDA_IMM, 0).op8(STA_ZP, WAIT).op8(STA_ZP, DONE).op16(STA_ABS, 0x4011)
                .op16(JMP, "play", 0);
        a.label("play")
                .op8(LDA_ZP, DONE).branch(BNE, "ret")
                .op8(LDA_ZP, WAIT).branch(BEQ, "next").op8(DEC_ZP, WAIT);
        a.label("ret").op(RTS);
        a.label("next")
                .op16(JSR, "read", 0).op(TAX).branch(BEQ, "end")
                .op8(CMP_IMM, 0x80).branch(BCS, "idle");
        a.label("loop")
                .op8(STX_ZP, COUNT).op16(JSR, "read", 0).op(TAX)
                .op16(JSR, "read", 0).op16(STA_ABSX, 0x4000)
                .op8(LDX_ZP, COUNT).op(DEX).branch(BNE, "loop").op(RTS);
        a.label("idle").op8(AND_IMM, 0x7F).op8(STA_ZP, WAIT).op(RTS);
        a.label("end")
                .op8(LDA_IMM, 0).op16(STA_ABS, 0x4015)
                .op8(LDA_IMM, 1).op8(STA_ZP, DONE).op(RTS);
        a.label("read")
                .op8(LDY_IMM, 0).op8(LDA_INDY, PTR).op8(INC_ZP, PTR).branch(BEQ, "page").op(RTS);
        a.label("page")
                .op8(INC_ZP, PTR + 1).op8(LDY_ZP, PTR + 1).op8(CPY_IMM, (WINDOW + 0x1000) >>> 8).branch(BNE, "out")
                .op8(LDY_IMM, WINDOW >>> 8).op8(STY_ZP, PTR + 1).op8(INC_ZP, BANK).op8(LDY_ZP, BANK)
                .op16(STY_ABS, WINDOW_BANK_REGISTER);
        a.label("out").op(RTS);
        while ((a.pc() & 0xFF) != 0) { // the table on a page of its own: LDA table,X never crosses a page, so init
            a.bytes((byte) 0);         // takes the same cycles for every song
        }
        a.label("table");
        for (int s = 0; s < songBanks.length; s++) {
            a.bytes((byte) songBanks[s], (byte) songPointers[s], (byte) (songPointers[s] >>> 8));
        }
        return new Code(a.assemble(), a.address("init"), a.address("play"));
    }
}
