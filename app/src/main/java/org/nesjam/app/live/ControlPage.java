package org.nesjam.app.live;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.nesjam.json.Json;
import org.nesjam.plugin.ParamInfo;
import org.nesjam.threads.NesjamThread;

/**
 * The control surface of a live command ({@code --control PORT}): a performer's page with a live piano roll, the
 * voices' meters and toggles, the mode, big buttons and the continuous parameters as sliders ({@link PageLayout});
 * and an overlay for OBS. It speaks {@link LiveControl}'s language, so it can do exactly what stdin can:
 * <ul>
 *   <li>{@code GET /}: the performer's page ({@code control.html}); {@code GET /overlay}: the OBS overlay
 *   ({@code overlay.html}); both draw the roll of {@code roll.js}, inlined. Resources in the jar, no external
 *   files.</li>
 *   <li>{@code GET /state}: JSON {@code {"command", "usage", "status", "params": [...], "buttons": [...]}}.</li>
 *   <li>{@code GET /events}: server-sent events from {@link PageFeed} (the roll, the musician's status, the
 *   parameters' values), at most {@link PageFeed#MAX_CLIENTS} pages at once (503 beyond).</li>
 *   <li>{@code POST /command}: the body is one command line (at most 256 bytes); the answer is its reply line.</li>
 * </ul>
 * By default only the loopback interface is bound, and a request whose {@code Host} is not this address (DNS
 * rebinding) or whose {@code Origin}, when the browser sends one, is not this page's own (cross-site requests) gets
 * 403. With {@code --control-host ADDR} (a tablet or phone on the LAN) the page listens on ADDR and every request,
 * {@code quit} included, must carry the random token printed at start ({@code ?token=} or header
 * {@code X-Nesjam-Token}); a foreign {@code Origin} is still refused. Threads: the server's handler threads
 * [control-page-thread]; {@link #close} [main-thread].
 */
public final class ControlPage implements AutoCloseable {
    /** Longest command line accepted. */
    static final int MAX_COMMAND_BYTES = 256;
    /** Request header that may carry the LAN token instead of the query. */
    static final String TOKEN_HEADER = "X-Nesjam-Token";

    /** What the page shows live: the roll's events, the playhead, and the musician's status (a JSON object). */
    public record Live(NoteFeed notes, LongSupplier playheadSampleTime, double sampleRate,
                Supplier<Map<String, Object>> status) {
    }

    /** Where the page listens: loopback (token null) or a LAN address with its token. */
    public record Access(InetAddress address, int port, String token) {
        public static Access loopback(int port) {
            return new Access(InetAddress.getLoopbackAddress(), port, null);
        }

        /** {@code address} with a fresh random token (144 bits, URL-safe). */
        public static Access lan(InetAddress address, int port) {
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            return new Access(address, port, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
    }

    private final HttpServer server;
    private final ExecutorService handler;
    private final PageFeed feed;
    private final Access access;

    private ControlPage(HttpServer server, ExecutorService handler, PageFeed feed, Access access) {
        this.server = server;
        this.handler = handler;
        this.feed = feed;
        this.access = access;
    }

    /**
     * When {@code access} is not null ({@code --control PORT} was given): serves the page and says where in one line
     * on stderr (with the token in LAN mode). A port taken since the command checked it is one line too, and the
     * command goes on without a page (the music matters more). Returns the page, or null.
     */
    public static ControlPage startIfAsked(Access access, String command, LiveControl control, PageLayout layout,
                                           Supplier<String> status, Live live) {
        if (access == null) {
            return null;
        }
        try {
            ControlPage page = start(access, command, control, layout, status, live);
            System.err.println(command + ": control page on " + page.url() + " (OBS overlay: " + page.overlayUrl()
                    + ")");
            return page;
        } catch (IOException e) {
            System.err.println(command + ": --control " + access.port() + ": cannot listen there (" + e.getMessage()
                    + "); no control page");
        }
        return null;
    }

    /** Serves the page on loopback port {@code port} (0: a free one). */
    static ControlPage start(int port, String command, LiveControl control, PageLayout layout,
                             Supplier<String> status, Live live) throws IOException {
        return start(Access.loopback(port), command, control, layout, status, live);
    }

    /**
     * Serves the page for {@code control} as {@code access} says. {@code status} gives the detailed status line
     * (called per {@code /state}); {@code live} feeds the roll and the musician's status line.
     */
    static ControlPage start(Access access, String command, LiveControl control, PageLayout layout,
                             Supplier<String> status, Live live) throws IOException {
        // the roll's script goes inline into both pages: one request a page, and no token to add to a script URL
        String roll = "<script>\n" + new String(resource("roll.js"), StandardCharsets.UTF_8) + "</script>";
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String[] f : new String[][] {{"/", "control.html"}, {"/overlay", "overlay.html"}}) {
            files.put(f[0], new String(resource(f[1]), StandardCharsets.UTF_8)
                    .replace("<script src=\"roll.js\"></script>", roll).getBytes(StandardCharsets.UTF_8));
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(access.address(), access.port()), 16);
        server.createContext("/", ex -> {
            if (!allowed(ex, access)) {
                return;
            }
            byte[] body = files.get(ex.getRequestURI().getPath());
            if (body == null) {
                reply(ex, 404, "text/plain", "not found\n");
            } else {
                reply(ex, 200, "text/html; charset=utf-8", body);
            }
        });
        server.createContext("/state", ex -> {
            if (allowed(ex, access)) {
                reply(ex, 200, "application/json", state(command, control, layout, status));
            }
        });
        PageFeed feed = new PageFeed(live.notes(), live.playheadSampleTime(), live.sampleRate(),
                () -> liveState(control, live));
        server.createContext("/events", ex -> {
            if (allowed(ex, access) && !feed.add(ex)) {
                reply(ex, 503, "text/plain", "at most " + PageFeed.MAX_CLIENTS + " pages at once\n");
            }
        });
        server.createContext("/command", ex -> {
            if (!allowed(ex, access)) {
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                reply(ex, 405, "text/plain", "POST one command line\n");
                return;
            }
            byte[] body = ex.getRequestBody().readNBytes(MAX_COMMAND_BYTES + 1);
            if (body.length > MAX_COMMAND_BYTES) {
                reply(ex, 413, "text/plain", "a command is at most " + MAX_COMMAND_BYTES + " bytes\n");
                return;
            }
            String line = new String(body, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            try {
                reply(ex, 200, "text/plain; charset=utf-8", control.execute(line) + "\n");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply(ex, 503, "text/plain", "interrupted\n");
            }
        });
        // a few threads: a 'learn' waits for a controller, and no request waits behind it
        ExecutorService handler = Executors.newFixedThreadPool(4, NesjamThread.CONTROL_PAGE.daemonFactory());
        server.setExecutor(handler);
        server.start();
        return new ControlPage(server, handler, feed, access);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ControlPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(name + " unreadable", e);
        }
    }

    /** The port actually bound. */
    int port() {
        return server.getAddress().getPort();
    }

    /** The page's address, for the one line the command prints (with the token in LAN mode). */
    String url() {
        return base() + "/" + (access.token() != null ? "?token=" + access.token() : "");
    }

    /** The overlay's address (an OBS browser source), with the token in LAN mode. */
    String overlayUrl() {
        return base() + "/overlay" + (access.token() != null ? "?token=" + access.token() : "");
    }

    private String base() {
        if (access.token() == null) {
            return "http://127.0.0.1:" + port();
        }
        InetAddress shown = access.address().isAnyLocalAddress() ? lanAddress() : access.address();
        String host = shown.getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** A site-local IPv4 address of this machine, for the URL printed when listening on all addresses. */
    private static InetAddress lanAddress() {
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && nif.isUp()) {
                        return a;
                    }
                }
            }
        } catch (java.net.SocketException e) {
            // fall through: loopback at least works on this machine
        }
        return InetAddress.getLoopbackAddress();
    }

    /** Pages streaming now. */
    int pagesConnected() {
        return feed.clientCount();
    }

    /**
     * Whether the request may be served; otherwise it is answered 403 here. Loopback: its {@code Host} names this
     * server ({@code 127.0.0.1:PORT} or {@code localhost:PORT}). LAN: it carries the token. Both: its
     * {@code Origin}, if any, is {@code http://} and its own {@code Host}.
     */
    private static boolean allowed(HttpExchange ex, Access access) throws IOException {
        int port = ex.getLocalAddress().getPort();
        String host = ex.getRequestHeaders().getFirst("Host");
        String origin = ex.getRequestHeaders().getFirst("Origin");
        boolean sameOrigin = host != null && (origin == null || origin.equals("http://" + host));
        if (access.token() == null) {
            if (!sameOrigin || !isLoopbackName(host, port)) {
                reply(ex, 403, "text/plain", "only the control page itself may use this\n");
                return false;
            }
            return true;
        }
        if (!sameOrigin) {
            reply(ex, 403, "text/plain", "only the control page itself may use this\n");
            return false;
        }
        String token = ex.getRequestHeaders().getFirst(TOKEN_HEADER);
        if (token == null) {
            token = queryParam(ex.getRequestURI().getRawQuery(), "token");
        }
        if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                access.token().getBytes(StandardCharsets.UTF_8))) {
            reply(ex, 403, "text/plain", "this page needs the token printed when nesjam started (?token=...)\n");
            return false;
        }
        return true;
    }

    private static String queryParam(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static boolean isLoopbackName(String hostAndPort, int port) {
        return hostAndPort.equals("127.0.0.1:" + port) || hostAndPort.equals("localhost:" + port);
    }

    private static String state(String command, LiveControl control, PageLayout layout, Supplier<String> status) {
        List<Object> params = new ArrayList<>();
        for (ParamInfo p : control.params()) {
            params.add(layout.describe(p, control.value(p)));
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("command", command);
        s.put("usage", control.usage());
        s.put("status", status.get());
        s.put("params", params);
        s.put("buttons", layout.buttons());
        return Json.write(s);
    }

    /** The feed's slow part: the musician's status and every parameter's value. [page-feed-thread] */
    private static String liveState(LiveControl control, Live live) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamInfo p : control.params()) {
            values.put(p.key(), control.value(p));
        }
        Map<String, Object> s = new LinkedHashMap<>(live.status().get());
        s.put("values", values);
        return Json.write(s).replaceAll("\n\\s*", ""); // one line: an event stream's data line (strings keep \n escaped)
    }

    private static void reply(HttpExchange ex, int code, String type, String text) throws IOException {
        reply(ex, code, type, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(code, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        feed.close();
        server.stop(0);
        handler.shutdownNow();
    }
}
