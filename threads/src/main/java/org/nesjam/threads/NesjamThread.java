package org.nesjam.threads;

import java.util.Locale;
import java.util.concurrent.ThreadFactory;

/**
 * The threads nesjam runs on, defined once: every thread nesjam starts gets its name here, every check of "which
 * thread is this" goes through here, and the thread tags in the sources' comments ({@code [audio-thread]},
 * {@code [generator-thread]}, ...) are {@link #tag()}s of these roles, or {@code [any-thread]} for "safe from any
 * thread". {@code SourceRulesTest} holds every module's sources to that.
 * <p>
 * A thread's name is {@code nesjam-ROLE} ({@link #threadName()}), or {@code nesjam-ROLE-DETAIL} when one role has
 * several threads ({@link #threadName(String)}: the backend, the port, the worker number). {@link #MAIN} and
 * {@link #TEST} are tags only: nesjam does not start them.
 */
public enum NesjamThread {
    /** The JVM's main thread: arguments, setup and teardown, offline rendering. Not started by nesjam. */
    MAIN,
    /**
     * The audio callback, where the engine renders the chain: no allocation, locks or I/O. A clocked backend
     * (WAV, stdout, Java Sound) starts it as {@code nesjam-audio-BACKEND}; JACK's process thread is JACK's own.
     */
    AUDIO,
    /**
     * A live MIDI input's delivery: the RtMidi poller or callback ({@code nesjam-midi-in-PORT}), Java Sound's, a JACK
     * MIDI input's process thread (JACK's own).
     */
    MIDI_IN,
    /**
     * A queued MIDI output's sender: hands messages to the device, may block ({@code nesjam-midi-out-PORT}); a JACK
     * MIDI output's process thread (JACK's own), which never blocks.
     */
    MIDI_OUT,
    /** Passes the MIDI clock's tempo and lock to the jam, a few times a second. */
    TEMPO_FEED,
    /** The jam's generator: runs the model ahead of the playhead and publishes events to the audio thread. */
    GENERATOR,
    /** Live control: stdin's command reader, the note-off scheduler; commands that change a running session. */
    CONTROL,
    /** The control page's HTTP handlers (a small pool). */
    CONTROL_PAGE,
    /** Builds the control page's feed (playhead, notes, status) and hands it to the page clients. */
    PAGE_FEED,
    /** Writes the feed to one connected page; one thread per page. */
    PAGE_CLIENT,
    /** Feeds an event source's events into the engine's input ring ahead of the playhead. */
    FEEDER,
    /** Drains the engine's recording ring into a WAV file. */
    RECORDER,
    /** Reports plugin faults that the audio thread counted: the audio thread never prints. */
    FAULT_REPORTER,
    /** Destroys the plugin chains a live swap retired, off the audio thread. */
    CHAIN_RECLAIMER,
    /** A JVM shutdown hook: finishes files and closes devices on Ctrl-C ({@code nesjam-shutdown-WHAT}). */
    SHUTDOWN,
    /** The dataset builder's workers: one song at a time each. */
    DATASET,
    /** The MIDI checker's workers: one file at a time each. */
    CHECK_MIDI,
    /** A benchmark's player: sends the pattern the benchmark measures. */
    BENCH_PLAYER,
    /** A benchmark's background load: burns CPU so a measurement sees a busy machine. */
    BENCH_LOAD,
    /** A test's own thread or a measuring peer's caller (tests and benchmarks only). Not started by nesjam. */
    TEST;

    private final String role = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The role as written in names and tags: {@code AUDIO} is {@code audio}, {@code MIDI_IN} is {@code midi-in}. */
    public String role() {
        return role;
    }

    /** The tag the sources' comments use for this thread, {@code [ROLE-thread]}. */
    public String tag() {
        return "[" + role + "-thread]";
    }

    /** {@code nesjam-ROLE}: the name of this role's one thread. */
    public String threadName() {
        return "nesjam-" + role;
    }

    /** {@code nesjam-ROLE-DETAIL}: the name of one of this role's threads ({@code detail}: backend, port, index). */
    public String threadName(String detail) {
        return threadName() + "-" + detail;
    }

    /** A new, unstarted thread of this role named {@link #threadName()}. */
    public Thread newThread(Runnable body) {
        return new Thread(body, threadName());
    }

    /** A new, unstarted thread of this role named {@link #threadName(String)}. */
    public Thread newThread(String detail, Runnable body) {
        return new Thread(body, threadName(detail));
    }

    /** A factory of daemon threads of this role, for executors: all named {@link #threadName()}. */
    public ThreadFactory daemonFactory() {
        return body -> daemon(newThread(body));
    }

    /** A factory of daemon threads of this role, for executors: all named {@link #threadName(String)}. */
    public ThreadFactory daemonFactory(String detail) {
        return body -> daemon(newThread(detail, body));
    }

    private static Thread daemon(Thread t) {
        t.setDaemon(true);
        return t;
    }

    /** Whether {@code thread} is one of this role's: its name is {@link #threadName()} or starts with it and '-'. */
    public boolean is(Thread thread) {
        String name = thread.getName();
        String own = threadName();
        return name.equals(own) || (name.startsWith(own) && name.charAt(own.length()) == '-'
                && !longerRoleNamed(name));
    }

    /** Whether the calling thread is one of this role's. */
    public boolean isCurrent() {
        return is(Thread.currentThread());
    }

    /** True when a different role whose name extends this one's ({@code midi-in} vs {@code midi}) owns the name. */
    private boolean longerRoleNamed(String name) {
        for (NesjamThread other : values()) {
            String otherName = other.threadName();
            if (other != this && otherName.length() > threadName().length() && otherName.startsWith(threadName())
                    && (name.equals(otherName) || name.startsWith(otherName + "-"))) {
                return true;
            }
        }
        return false;
    }
}
