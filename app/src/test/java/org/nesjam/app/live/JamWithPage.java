package org.nesjam.app.live;

import org.nesjam.app.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nesjam.threads.NesjamThread;

/**
 * A {@code nesjam jam --control 0} running in this JVM on the tiny test model (WAV output, no MIDI) for the control
 * page's tests: starts it on a thread, captures what it prints, and gives the page's address (with its token in LAN
 * mode) once it is up. {@link #finish} sends {@code quit} and returns the exit code. [test-thread]
 */
final class JamWithPage implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("control page on (http://\\S+)");

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread thread;
    private final PrintStream oldErr = System.err;
    private final java.io.InputStream oldIn = System.in;
    private final java.util.concurrent.BlockingQueue<Integer> stdin = new java.util.concurrent.LinkedBlockingQueue<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile int code = -1;
    private final String url;

    /** Starts {@code jam --control 0 EXTRA...} writing its audio to {@code wav}; waits up to 30 s for the page. */
    JamWithPage(java.nio.file.Path wav, String... extra) throws Exception {
        List<String> argv = new ArrayList<>(List.of("jam", "--seconds", "120", "--no-midi", "--seed", "9", "--model",
                org.nesjam.app.cli.JamCommandTest.TINY, "--audio", "wav:" + wav, "--control", "0"));
        argv.addAll(List.of(extra));
        System.setErr(new PrintStream(new TeeStream(err, oldErr), true, StandardCharsets.UTF_8));
        System.setIn(new java.io.InputStream() { // the jam's stdin: lines from stdin(), blocking like a terminal
            @Override
            public int read() throws java.io.IOException {
                try {
                    return stdin.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (len == 0) {
                    return 0;
                }
                b[off] = (byte) read();
                int n = 1;
                Integer next;
                while (n < len && (next = stdin.poll()) != null) {
                    b[off + n++] = (byte) (int) next;
                }
                return n;
            }
        });
        thread = NesjamThread.TEST.newThread("jam", () -> code = Main.run(argv.toArray(String[]::new)));
        thread.setDaemon(true);
        thread.start();
        long until = System.nanoTime() + 30_000_000_000L;
        String found = null;
        while (found == null && System.nanoTime() < until && thread.isAlive()) {
            Matcher m = URL.matcher(err());
            found = m.find() ? m.group(1) : null;
            Thread.sleep(20);
        }
        if (found == null) {
            System.setErr(oldErr);
            System.setIn(oldIn);
            throw new AssertionError("the jam's control page did not start: " + err());
        }
        url = found;
    }

    /** The page's address as printed ({@code http://127.0.0.1:PORT/}, {@code ?token=...} in LAN mode). */
    String url() {
        return url;
    }

    /** The address of {@code path} on the page's server, with the token when there is one. */
    String url(String path) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getAuthority() + path + (u.getRawQuery() != null ? (path.contains("?")
                ? "&" : "?") + u.getRawQuery() : "");
    }

    /** Sends one command line as the page does; the reply (status 200 expected). */
    String command(String line) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/command")))
                .POST(HttpRequest.BodyPublishers.ofString(line)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError(line + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body().strip();
    }

    /** Types {@code line} into the jam's stdin (its control thread runs it as a command). */
    void stdin(String line) {
        for (byte b : (line + "\n").getBytes(StandardCharsets.UTF_8)) {
            stdin.add(b & 0xFF);
        }
    }

    /** What the jam printed so far. */
    String err() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    boolean running() {
        return thread.isAlive();
    }

    /** Sends {@code quit} and waits for the jam to end; its exit code. */
    int finish() throws Exception {
        if (thread.isAlive()) {
            command("quit");
        }
        thread.join(20_000);
        return code;
    }

    /** Ends the jam if a test left it running (quit, else an interrupt) and gives stderr back. */
    @Override
    public void close() {
        try {
            if (thread.isAlive()) {
                try {
                    finish();
                } catch (Exception | AssertionError e) {
                    thread.interrupt();
                }
            }
        } finally {
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    /** Writes to a capture buffer (under its lock) and to the real stderr. */
    private static final class TeeStream extends java.io.OutputStream {
        private final ByteArrayOutputStream capture;
        private final java.io.OutputStream also;

        TeeStream(ByteArrayOutputStream capture, java.io.OutputStream also) {
            this.capture = capture;
            this.also = also;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            synchronized (capture) {
                capture.write(b);
            }
            also.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            synchronized (capture) {
                capture.write(b, off, len);
            }
            also.write(b, off, len);
        }
    }
}
