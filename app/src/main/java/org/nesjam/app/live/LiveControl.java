package org.nesjam.app.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nesjam.host.ChainSpec;
import org.nesjam.host.LiveChain;
import org.nesjam.host.ParamChangeQueue;
import org.nesjam.json.JsonException;
import org.nesjam.plugin.ParamInfo;
import org.nesjam.plugin.Params;
import org.nesjam.threads.NesjamThread;

/**
 * The live commands' control language, one command a line, read from stdin ({@link #readStdin}) and sent by the
 * control page ({@link ControlPage}): {@code set KEY VALUE}, {@code learn KEY} (bind the next moved MIDI controller),
 * {@code quit}, and each command's own ({@link #add}: {@code jam} has {@code idea}, {@code mute VOICE},
 * {@code unmute VOICE}; {@code play} has {@code panic}, {@code save}). Parameters are those of the chain's first
 * plugin: the generator for {@code jam}, the instrument for {@code play}.
 * <p>
 * Threads: [control-thread], stdin's reader and the page's handler; {@link #execute} is synchronized, so commands
 * from both run one at a time. Parameter changes reach the audio thread through {@link LiveChain#setParam}.
 */
public final class LiveControl {
    /** A command of its own: runs it and returns the reply line ("" for none). */
    @FunctionalInterface
    public interface Command {
        String run(String[] words) throws InterruptedException;
    }

    private record Entry(String usage, Command command) {
    }

    private static final Params NO_PARAMS = new Params() {
        @Override
        public int paramCount() {
            return 0;
        }

        @Override
        public ParamInfo paramInfo(int index) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public double paramValue(int paramId) {
            return Double.NaN;
        }

        @Override
        public void setParamValue(int paramId, double value) {
        }
    };

    private final String who;
    private final LiveChain live;
    private final Params params;
    private final AtomicBoolean quit;
    private final Map<String, Entry> own = new LinkedHashMap<>();

    /**
     * @param who    the command's name, which starts every reply ({@code jam}, {@code play})
     * @param params the first plugin's parameters (null: it has none)
     * @param quit   set by {@code quit}; the command polls it
     */
    public LiveControl(String who, LiveChain live, Params params, AtomicBoolean quit) {
        this.who = who;
        this.live = live;
        this.params = params != null ? params : NO_PARAMS;
        this.quit = quit;
    }

    /** Adds command {@code name} ({@code usage} as shown in the help line). [main-thread, before any input] */
    public LiveControl add(String name, String usage, Command command) {
        own.put(name, new Entry(usage, command));
        return this;
    }

    /** Every command, as the help line and the page show them. */
    public String usage() {
        List<String> all = new ArrayList<>(List.of("set KEY VALUE"));
        for (Entry e : own.values()) {
            all.add(e.usage());
        }
        all.add("learn KEY");
        all.add("quit");
        return String.join(" | ", all);
    }

    /** The parameters {@code set} and {@code learn} take. */
    List<ParamInfo> params() {
        List<ParamInfo> list = new ArrayList<>();
        for (int i = 0; i < params.paramCount(); i++) {
            list.add(params.paramInfo(i));
        }
        return list;
    }

    /** A parameter's value as last set (for display: it may lag the audio thread by a block). */
    double value(ParamInfo p) {
        return params.paramValue(p.id());
    }

    /** Runs one command line; returns the reply line ("" when there is nothing to say). */
    public synchronized String execute(String line) throws InterruptedException {
        String[] w = line.trim().split("\\s+");
        if (w[0].isEmpty()) {
            return "";
        }
        switch (w[0]) {
            case "quit", "exit" -> {
                quit.set(true);
                return who + ": quitting";
            }
            case "set" -> {
                ParamInfo p = w.length == 3 ? params.paramByKey(w[1]) : null;
                if (p == null) {
                    return who + ": set KEY VALUE, KEY one of " + keys();
                }
                try {
                    return set(p, Double.parseDouble(w[2]));
                } catch (NumberFormatException e) {
                    return who + ": set " + w[1] + ": '" + w[2] + "' is not a number";
                }
            }
            case "learn" -> {
                if (w.length != 2 || params.paramByKey(w[1]) == null) {
                    return who + ": learn KEY, KEY one of " + keys();
                }
                return learn(w[1]);
            }
            default -> {
                Entry e = own.get(w[0]);
                return e != null ? e.command().run(w) : who + ": commands: " + usage();
            }
        }
    }

    /** Sets parameter {@code key} to {@code value} (clamped) at the next block; the reply is empty (quiet). */
    public String set(String key, double value) {
        ParamInfo p = params.paramByKey(key);
        return p == null ? who + ": unknown parameter '" + key + "'" : set(p, value);
    }

    /** Sets {@code p}; the reply is empty, or says so when {@code value} was outside the range and was clamped. */
    private String set(ParamInfo p, double value) {
        double clamped = p.clamp(value);
        live.setParam(0, p.id(), clamped, ParamChangeQueue.NOW);
        if (value < p.min() || value > p.max()) {
            return String.format(java.util.Locale.ROOT, "%s: %s %s is outside %s..%s; set to %s", who, p.key(),
                    fmt(value), fmt(p.min()), fmt(p.max()), fmt(clamped));
        }
        return "";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private String learn(String key) throws InterruptedException {
        live.armCcLearn();
        System.err.println(who + ": move a controller to bind it to " + key);
        long until = System.nanoTime() + 30_000_000_000L;
        while (live.learnedCc() < 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        try {
            ChainSpec.CcBinding b = live.bindLearnedCc(0, key);
            return b == null ? who + ": no controller moved" : who + ": CC " + b.cc() + " on channel "
                    + (b.channel() + 1) + " -> " + key;
        } catch (JsonException e) {
            return who + ": " + e.getMessage();
        }
    }

    private String keys() {
        List<String> keys = new ArrayList<>();
        for (ParamInfo p : params()) {
            keys.add(p.key());
        }
        return String.join(", ", keys);
    }

    /** Thread body: reads stdin until it closes, a reply line on stderr for each command. [control-thread] */
    void readStdin() {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line = in.readLine(); line != null && !quit.get(); line = in.readLine()) {
                String reply = execute(line);
                if (!reply.isEmpty()) {
                    System.err.println(reply);
                }
            }
        } catch (IOException | InterruptedException e) {
            // stdin closed or interrupted: no more commands from there
        }
    }

    /** Starts {@link #readStdin} on a daemon {@link NesjamThread#CONTROL} thread, {@code nesjam-control-WHO}. */
    public void startStdinThread(String who) {
        Thread t = NesjamThread.CONTROL.newThread(who, this::readStdin);
        t.setDaemon(true);
        t.start();
    }

    /** {@code CC=KEY ...}, or {@code none mapped}. */
    public static String describeCc(List<ChainSpec.CcBinding> cc) {
        if (cc.isEmpty()) {
            return "none mapped";
        }
        StringBuilder sb = new StringBuilder();
        for (ChainSpec.CcBinding b : cc) {
            sb.append(sb.length() > 0 ? " " : "").append(b.cc()).append('=').append(b.param());
        }
        return sb.toString();
    }
}
