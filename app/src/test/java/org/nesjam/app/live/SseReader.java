package org.nesjam.app.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.nesjam.json.Json;
import org.nesjam.threads.NesjamThread;

/**
 * A page's event stream ({@code GET /events}) read as a browser would: each {@code data:} line parsed as one frame
 * ({@code {"ph", "notes", "state"}}) and kept. [test-thread; a reader thread per stream]
 */
final class SseReader implements AutoCloseable {
    private final InputStream body;
    private final List<Map<String, Object>> frames = new CopyOnWriteArrayList<>();
    private final Thread reader;
    final int status;

    SseReader(String url) throws Exception {
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        status = r.statusCode();
        body = r.body();
        reader = NesjamThread.TEST.newThread("sse-reader", this::read);
        reader.setDaemon(true);
        if (status == 200) {
            reader.start();
        }
    }

    @SuppressWarnings("unchecked")
    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("data: ")) {
                    frames.add((Map<String, Object>) Json.parse(line.substring(6), "/events").toJava());
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    int frameCount() {
        return frames.size();
    }

    /** The first frame (from now on, or already received when {@code old}) that {@code test} accepts, or null. */
    Map<String, Object> await(Predicate<Map<String, Object>> test, long timeoutMs) throws InterruptedException {
        long until = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < until) {
            for (Map<String, Object> f : frames) {
                if (test.test(f)) {
                    return f;
                }
            }
            Thread.sleep(10);
        }
        return null;
    }

    /** The notes of a frame: [voice, pitch, kind, id, startMs, endMs] each. */
    @SuppressWarnings("unchecked")
    static List<List<Double>> notes(Map<String, Object> frame) {
        return (List<List<Double>>) (List<?>) frame.get("notes");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> state(Map<String, Object> frame) {
        return (Map<String, Object>) frame.get("state");
    }

    /** Drops the connection mid-stream, as a closed browser tab does. */
    @Override
    public void close() throws IOException {
        body.close();
    }
}
