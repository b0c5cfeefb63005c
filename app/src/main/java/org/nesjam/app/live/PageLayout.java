package org.nesjam.app.live;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nesjam.plugin.ParamInfo;

/**
 * How the control page shows a live command's parameters, decided here from each {@link ParamInfo} so that a
 * parameter a plugin adds shows up without a page change: {@code mute.VOICE} and {@code own.VOICE} (voices p1, p2,
 * tr, no) become the voice strip's toggles; a parameter with {@link #labels} a selector; another stepped 0..1 one a
 * toggle; another stepped one a number box; every continuous one a slider. {@link #hidden} ones (triggers that a
 * button sends) are not shown; {@link #advanced} ones go under "More". {@link #button}s are the big buttons, each with
 * a keyboard shortcut. [main-thread, before the page starts; read-only afterwards]
 */
public final class PageLayout {
    /** A big button: its label, the command line it sends, its key ({@code KeyboardEvent.key}, case-insensitive). */
    record Button(String label, String command, String key) {
    }

    private final Map<String, List<String>> labels = new LinkedHashMap<>();
    private final Set<String> hidden = new HashSet<>();
    private final Set<String> advanced = new HashSet<>();
    private final List<Button> buttons = new ArrayList<>();

    PageLayout labels(String key, List<String> names) {
        labels.put(key, List.copyOf(names));
        return this;
    }

    PageLayout hidden(String... keys) {
        hidden.addAll(List.of(keys));
        return this;
    }

    PageLayout advanced(String... keys) {
        advanced.addAll(List.of(keys));
        return this;
    }

    PageLayout button(String label, String command, String key) {
        buttons.add(new Button(label, command, key));
        return this;
    }

    /** The widget for {@code p}: voice, choice, toggle, number, slider, or hidden. */
    String kind(ParamInfo p) {
        if (hidden.contains(p.key())) {
            return "hidden";
        }
        if (p.key().matches("(mute|own)\\.(p1|p2|tr|no)") && p.stepped() && p.min() == 0 && p.max() == 1) {
            return "voice";
        }
        if (labels.containsKey(p.key())) {
            return "choice";
        }
        if (p.stepped()) {
            return p.min() == 0 && p.max() == 1 ? "toggle" : "number";
        }
        return "slider";
    }

    /** The page's description of {@code p}: the key, name, range, value and how to show it. */
    Map<String, Object> describe(ParamInfo p, double value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", p.key());
        m.put("name", p.name());
        m.put("min", p.min());
        m.put("max", p.max());
        m.put("stepped", p.stepped());
        m.put("value", value);
        m.put("kind", kind(p));
        m.put("group", advanced.contains(p.key()) ? "more" : "main");
        if (labels.containsKey(p.key())) {
            m.put("labels", labels.get(p.key()));
        }
        return m;
    }

    List<Object> buttons() {
        List<Object> list = new ArrayList<>();
        for (Button b : buttons) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", b.label());
            m.put("command", b.command());
            m.put("key", b.key());
            list.add(m);
        }
        return list;
    }
}
