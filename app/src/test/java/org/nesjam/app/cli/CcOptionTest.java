package org.nesjam.app.cli;

import org.nesjam.app.UserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nesjam.host.ChainSpec;

class CcOptionTest {
    private static final List<ChainSpec.CcBinding> BASE = List.of(new ChainSpec.CcBinding(0, 20, 0, "temperature"),
            new ChainSpec.CcBinding(0, 21, 0, "topk"), new ChainSpec.CcBinding(1, 20, 0, "topk"));
    private static final Set<String> KEYS = Set.of("temperature", "topk", "lookahead");

    private static List<ChainSpec.CcBinding> apply(String... cc) {
        String[] argv = new String[cc.length * 2];
        for (int i = 0; i < cc.length; i++) {
            argv[2 * i] = "--cc";
            argv[2 * i + 1] = cc[i];
        }
        return Parsed.of(argv).cc.apply(BASE, KEYS::contains, "temperature=20", "the generator");
    }

    @Test
    void aBindingMovesItsKeyAndTakesItsController() {
        assertEquals(BASE, apply());
        // temperature moves from 20 to 74; topk keeps 21; channel 2's binding is not touched
        assertEquals("21=topk 20=topk 74=temperature", org.nesjam.app.live.LiveControl.describeCc(apply("temperature=74")));
        // lookahead takes controller 21 from topk
        assertEquals("20=temperature 20=topk 21=lookahead", org.nesjam.app.live.LiveControl.describeCc(apply("lookahead = 21")));
        assertEquals("none mapped", org.nesjam.app.live.LiveControl.describeCc(List.of()));
    }

    @Test
    void badBindingsAreOneClearError() {
        assertTrue(assertThrows(UserError.class, () -> apply("temperature")).getMessage().contains("KEY=CC"));
        assertTrue(assertThrows(UserError.class, () -> apply("=20")).getMessage().contains("KEY=CC"));
        assertTrue(assertThrows(UserError.class, () -> apply("topk=120")).getMessage().contains("0..119"));
        assertTrue(assertThrows(UserError.class, () -> apply("topk=x")).getMessage().contains("0..119"));
        assertTrue(assertThrows(UserError.class, () -> apply("nonsense=3")).getMessage()
                .contains("'nonsense' is not a parameter of the generator"));
    }
}
