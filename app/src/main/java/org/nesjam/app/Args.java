package org.nesjam.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line arguments: {@code --name value}, {@code --name=value}, {@code -o value}, boolean {@code --flag}s and
 * positionals. Each command states which options take values and which are flags; anything else is a
 * {@link UserError}. Options may repeat ({@link #all}).
 */
public final class Args {
    private final Map<String, List<String>> options = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> positionals = new ArrayList<>();

    /**
     * @param valued option names (without dashes) that take a value, e.g. {@code "o", "rate"}
     * @param booleans option names that are flags, e.g. {@code "pal"}
     */
    public static Args parse(String[] argv, Set<String> valued, Set<String> booleans) {
        Args a = new Args();
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (arg.startsWith("-") && arg.length() > 1 && !isNumber(arg)) {
                String name = arg.replaceFirst("^--?", "");
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (booleans.contains(name) && value == null) {
                    a.flags.add(name);
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= argv.length) {
                            throw new UserError("option --" + name + " needs a value");
                        }
                        value = argv[++i];
                    }
                    a.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else {
                    throw new UserError("unknown option " + arg);
                }
            } else {
                a.positionals.add(arg);
            }
        }
        return a;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    /** The last value of option {@code name}, or {@code fallback}. */
    public String get(String name, String fallback) {
        List<String> v = options.get(name);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    public List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    public int getInt(String name, int fallback) {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UserError("--" + name + " must be an integer, got '" + v + "'");
        }
    }

    public double getDouble(String name, double fallback) {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UserError("--" + name + " must be a number, got '" + v + "'");
        }
    }

    public List<String> positionals() {
        return positionals;
    }

    /** The positional at {@code index}, or a {@link UserError} naming {@code what}. */
    public String positional(int index, String what) {
        if (index >= positionals.size()) {
            throw new UserError("missing " + what);
        }
        return positionals.get(index);
    }
}
