package org.nesjam.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.nesjam.app.UserError;
import org.nesjam.host.ChainSpec;
import picocli.CommandLine.Option;

/**
 * {@code --cc KEY=CC} of {@code play} and {@code jam}: binds MIDI controller CC (0..119, channel 1) to the first
 * plugin's parameter KEY. Each binding given takes the controller from whatever it drove before and releases the
 * key's earlier controllers on channel 1, so the command line always says "this knob drives that parameter".
 */
public final class CcOption {
    @Option(names = "--cc", paramLabel = "KEY=CC", description = "bind MIDI controller CC (0..119, channel 1) to"
            + " parameter KEY (repeatable)")
    List<String> bindings = new ArrayList<>();

    /**
     * {@code base} with every {@code --cc} applied, in order.
     *
     * @param isKey   which keys exist
     * @param example a binding for the error message, e.g. {@code temperature=20}
     * @param keysOf  what the keys belong to, for the error message, e.g. {@code the generator}
     */
    public List<ChainSpec.CcBinding> apply(List<ChainSpec.CcBinding> base, Predicate<String> isKey, String example,
                                           String keysOf) {
        List<ChainSpec.CcBinding> list = new ArrayList<>(base);
        for (String a : bindings) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--cc needs KEY=CC (e.g. " + example + "), got '" + a + "'");
            }
            String key = a.substring(0, eq).trim();
            int cc;
            try {
                cc = Integer.parseInt(a.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                cc = -1;
            }
            if (cc < 0 || cc > 119) {
                throw new UserError("--cc " + a + ": the controller must be 0..119");
            }
            if (!isKey.test(key)) {
                throw new UserError("--cc " + a + ": '" + key + "' is not a parameter of " + keysOf);
            }
            final int controller = cc;
            list.removeIf(b -> b.channel() == 0 && (b.cc() == controller || b.param().equals(key)));
            list.add(new ChainSpec.CcBinding(0, cc, 0, key));
        }
        return list;
    }
}
