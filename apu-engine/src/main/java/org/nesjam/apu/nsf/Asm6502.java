package org.nesjam.apu.nsf;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal 6502 assembler for the NSF driver: instructions are emitted as opcode + operand bytes at increasing
 * addresses from an origin; labels may be used before they are defined (absolute and relative fix-ups are resolved
 * by {@link #assemble}, which fails on an unknown label or a branch out of range). Only the addressing modes the
 * driver uses exist. Not thread-safe.
 */
final class Asm6502 {
    private final int origin;
    private final ByteArrayOutputStream code = new ByteArrayOutputStream();
    private final Map<String, Integer> labels = new HashMap<>();
    private final List<Fixup> fixups = new ArrayList<>();

    private record Fixup(int offset, String label, int addend, boolean relative) {
    }

    Asm6502(int origin) {
        this.origin = origin;
    }

    /** The address the next byte goes to. */
    int pc() {
        return origin + code.size();
    }

    Asm6502 label(String name) {
        if (labels.putIfAbsent(name, pc()) != null) {
            throw new IllegalStateException("label defined twice: " + name);
        }
        return this;
    }

    /** Raw bytes (data, strings). */
    Asm6502 bytes(byte... b) {
        code.write(b, 0, b.length);
        return this;
    }

    /** An instruction without operand (implied or accumulator). */
    Asm6502 op(int opcode) {
        code.write(opcode);
        return this;
    }

    /** An instruction with a one-byte operand (immediate, zero page, (zero page),Y). */
    Asm6502 op8(int opcode, int operand) {
        if (operand < 0 || operand > 0xFF) {
            throw new IllegalArgumentException("operand " + operand);
        }
        code.write(opcode);
        code.write(operand);
        return this;
    }

    /** An instruction with a two-byte absolute operand. */
    Asm6502 op16(int opcode, int address) {
        code.write(opcode);
        code.write(address & 0xFF);
        code.write(address >>> 8 & 0xFF);
        return this;
    }

    /** An instruction whose absolute operand is {@code label + addend}. */
    Asm6502 op16(int opcode, String label, int addend) {
        code.write(opcode);
        fixups.add(new Fixup(code.size(), label, addend, false));
        code.write(0);
        code.write(0);
        return this;
    }

    /** A branch to {@code label}. */
    Asm6502 branch(int opcode, String label) {
        code.write(opcode);
        fixups.add(new Fixup(code.size(), label, 0, true));
        code.write(0);
        return this;
    }

    /** Address of a defined label. */
    int address(String label) {
        Integer a = labels.get(label);
        if (a == null) {
            throw new IllegalStateException("undefined label " + label);
        }
        return a;
    }

    /** The machine code with every fix-up resolved. */
    byte[] assemble() {
        byte[] out = code.toByteArray();
        for (Fixup f : fixups) {
            int target = address(f.label) + f.addend;
            if (f.relative) {
                int delta = target - (origin + f.offset + 1);
                if (delta < -128 || delta > 127) {
                    throw new IllegalStateException("branch to " + f.label + " out of range: " + delta);
                }
                out[f.offset] = (byte) delta;
            } else {
                out[f.offset] = (byte) target;
                out[f.offset + 1] = (byte) (target >>> 8);
            }
        }
        return out;
    }
}
