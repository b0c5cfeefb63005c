package org.nesjam.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.nesjam.json.Json;
import org.nesjam.plugin.ParamInfo;

/**
 * The control page of a live command ({@code --control PORT}): a web page on {@code http://127.0.0.1:PORT/} with a
 * slider for each parameter, the command's buttons and a status line, for a streamer or a player away from the
 * terminal. The page speaks {@link LiveControl}'s language, so it can do exactly what stdin can:
 * <ul>
 *   <li>{@code GET /}: the page (a resource, {@code control.html}; no external files).</li>
 *   <li>{@code GET /state}: JSON {@code {"command", "usage", "status", "params": [{"key", "name", "min", "max",
 *   "stepped", "value"}]}}.</li>
 *   <li>{@code POST /command}: the body is one command line (at most 256 bytes); the answer is its reply line.</li>
 * </ul>
 * Only the loopback interface is bound. Web pages the user's browser shows must not drive it (a {@code save FILE}
 * writes files): a request whose {@code Host} is not this address (DNS rebinding) or whose {@code Origin}, when the
 * browser sends one, is not this page's own (cross-site requests) gets 403. Threads: the server's one handler thread
 * [control-thread]; {@link #close} [main-thread].
 */
final class ControlPage implements AutoCloseable {
    /** The option that asks for the page, and its usage. */
    static final String OPTION = "control";
    static final String USAGE = "[--control PORT]";
    /** Longest command line accepted. */
    static final int MAX_COMMAND_BYTES = 256;

    private final HttpServer server;
    private final ExecutorService handler;

    private ControlPage(HttpServer server, ExecutorService handler) {
        this.server = server;
        this.handler = handler;
    }

    /**
     * When {@code --control PORT} was given: serves the page and says where in one line on stderr. A port that is out
     * of range or taken is one line too, and the command goes on without a page (the music matters more). Returns
     * the page, or null.
     */
    static ControlPage startIfAsked(Args args, String command, LiveControl control, Supplier<String> status) {
        return args.has(OPTION) ? startOrSay(args, command, control, status) : null;
    }

    /**
     * Checks {@code --control} before anything starts: a value that is not a port 0..65535, or a port where nothing
     * can listen on loopback now (taken), is a {@link UserError} (one line, exit 2). A port taken later, between
     * this check and {@link #startIfAsked}, is one line and the command goes on without the page.
     */
    static void check(Args args) {
        if (!args.has(OPTION)) {
            return;
        }
        String value = args.get(OPTION, "");
        int port;
        try {
            port = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new UserError("--control wants a port 0..65535 (0: any free one), not '" + value + "'");
        }
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UserError("--control " + port + ": cannot listen there (" + e.getMessage() + ")");
        }
    }

    private static ControlPage startOrSay(Args args, String command, LiveControl control, Supplier<String> status) {
        String value = args.get(OPTION, "");
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            ControlPage page = start(port, command, control, status);
            System.err.println(command + ": control page on " + page.url());
            return page;
        } catch (NumberFormatException e) {
            System.err.println(command + ": --control wants a port 0..65535 (0: any free one), not '" + value
                    + "'; no control page");
        } catch (IOException e) {
            System.err.println(command + ": --control " + value + ": cannot listen there (" + e.getMessage()
                    + "); no control page");
        }
        return null;
    }

    /**
     * Serves the page for {@code control} on loopback port {@code port} (0: a free one). {@code status} gives the
     * status line (called per {@code /state}, on the handler thread).
     */
    static ControlPage start(int port, String command, LiveControl control, Supplier<String> status)
            throws IOException {
        byte[] page;
        try (InputStream in = ControlPage.class.getResourceAsStream("control.html")) {
            if (in == null) {
                throw new IllegalStateException("control.html missing from the jar");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("control.html unreadable", e);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
        server.createContext("/", ex -> {
            if (!fromThisPage(ex)) {
                return;
            }
            if (!ex.getRequestURI().getPath().equals("/")) {
                reply(ex, 404, "text/plain", "not found\n");
            } else {
                reply(ex, 200, "text/html; charset=utf-8", page);
            }
        });
        server.createContext("/state", ex -> {
            if (fromThisPage(ex)) {
                reply(ex, 200, "application/json", state(command, control, status));
            }
        });
        server.createContext("/command", ex -> {
            if (!fromThisPage(ex)) {
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
        ExecutorService handler = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "nesjam-control-page");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handler);
        server.start();
        return new ControlPage(server, handler);
    }

    /** The port actually bound. */
    int port() {
        return server.getAddress().getPort();
    }

    /** The page's address, for the one line the command prints. */
    String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    /**
     * Whether the request may be served: its {@code Host} names this server ({@code 127.0.0.1:PORT} or
     * {@code localhost:PORT}) and its {@code Origin}, if any, is {@code http://} and one of those. Otherwise it is
     * answered 403 here.
     */
    private static boolean fromThisPage(HttpExchange ex) throws IOException {
        int port = ex.getLocalAddress().getPort();
        String host = ex.getRequestHeaders().getFirst("Host");
        String origin = ex.getRequestHeaders().getFirst("Origin");
        boolean ok = host != null && isThisServer(host, port)
                && (origin == null || origin.startsWith("http://") && isThisServer(origin.substring(7), port));
        if (!ok) {
            reply(ex, 403, "text/plain", "only the control page itself may use this\n");
        }
        return ok;
    }

    private static boolean isThisServer(String hostAndPort, int port) {
        return hostAndPort.equals("127.0.0.1:" + port) || hostAndPort.equals("localhost:" + port);
    }

    private static String state(String command, LiveControl control, Supplier<String> status) {
        List<Object> params = new ArrayList<>();
        for (ParamInfo p : control.params()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", p.key());
            m.put("name", p.name());
            m.put("min", p.min());
            m.put("max", p.max());
            m.put("stepped", p.stepped());
            m.put("value", control.value(p));
            params.add(m);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("command", command);
        s.put("usage", control.usage());
        s.put("status", status.get());
        s.put("params", params);
        return Json.write(s);
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
        server.stop(0);
        handler.shutdownNow();
    }
}
