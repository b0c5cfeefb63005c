package org.nesjam.nativebridge.rtmidi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Picks a port from a list of port names by what the user typed. Order of preference: the exact name; the exact
 * name ignoring case; the part after the client ({@code client:port}) or before it, ignoring case; a unique
 * case-insensitive substring. [thread-safe; pure]
 */
public final class PortNames {
    private PortNames() {
    }

    /**
     * Index of the port {@code wanted} names in {@code names}.
     *
     * @throws RtMidiException naming the candidates when nothing or more than one port matches
     */
    public static int pick(List<String> names, String wanted, String what) throws RtMidiException {
        if (wanted == null || wanted.isBlank()) {
            throw new RtMidiException("empty " + what + " port name");
        }
        int i = names.indexOf(wanted);
        if (i >= 0) {
            return i;
        }
        String w = wanted.toLowerCase(Locale.ROOT);
        List<Integer> hits = matching(names, n -> n.equals(w));
        if (hits.isEmpty()) {
            hits = matching(names, n -> {
                int colon = n.indexOf(':');
                return colon >= 0 && (n.substring(colon + 1).equals(w) || n.substring(0, colon).equals(w));
            });
        }
        if (hits.isEmpty()) {
            hits = matching(names, n -> n.contains(w));
        }
        if (hits.size() == 1) {
            return hits.get(0);
        }
        if (hits.isEmpty()) {
            throw new RtMidiException("no " + what + " port matches '" + wanted + "'; available: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)));
        }
        List<String> ambiguous = new ArrayList<>();
        for (int h : hits) {
            ambiguous.add(names.get(h));
        }
        throw new RtMidiException("'" + wanted + "' matches several " + what + " ports: "
                + String.join(", ", ambiguous) + " (give the full name)");
    }

    private static List<Integer> matching(List<String> names, java.util.function.Predicate<String> lowerTest) {
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (lowerTest.test(names.get(i).toLowerCase(Locale.ROOT))) {
                hits.add(i);
            }
        }
        return hits;
    }
}
