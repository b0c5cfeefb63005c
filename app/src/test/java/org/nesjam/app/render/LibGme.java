package org.nesjam.app.render;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import org.nesjam.testsupport.Require;

/**
 * libgme (Game_Music_Emu, Debian {@code libgme0}) through JNA: an independent NSF player for tests. Loads
 * {@code gme} by JNA's name lookup, then {@code libgme.so.0}; {@link #require} skips (fails in CI) without it.
 */
final class LibGme implements AutoCloseable {
    /** The C API subset the tests use (gme.h). */
    interface Api extends Library {
        String gme_open_data(byte[] data, long size, PointerByReference out, int sampleRate);

        int gme_track_count(Pointer emu);

        String gme_track_info(Pointer emu, PointerByReference out, int track);

        void gme_free_info(Pointer info);

        void gme_ignore_silence(Pointer emu, int ignore);

        void gme_mute_voices(Pointer emu, int mask);

        String gme_start_track(Pointer emu, int index);

        String gme_play(Pointer emu, int count, short[] out);

        void gme_delete(Pointer emu);
    }

    private static final Api API = load();
    private final Pointer emu;

    private static Api load() {
        for (String name : new String[] {"gme", "libgme.so.0"}) {
            try {
                return Native.load(name, Api.class);
            } catch (UnsatisfiedLinkError e) {
                // try the next name
            }
        }
        return null;
    }

    /** Skip (fail in CI) unless libgme loads. */
    static void require() {
        Require.that(API != null, "libgme not found (Debian: apt-get install libgme0)");
    }

    /** Open NSF bytes for playback at {@code sampleRate} (stereo). */
    LibGme(byte[] nsf, int sampleRate) {
        PointerByReference out = new PointerByReference();
        String err = API.gme_open_data(nsf, nsf.length, out, sampleRate);
        if (err != null) {
            throw new IllegalStateException("libgme: " + err);
        }
        emu = out.getValue();
    }

    int trackCount() {
        return API.gme_track_count(emu);
    }

    /** {title (gme's "game"), author, copyright} of track {@code track} as libgme reads them. */
    String[] info(int track) {
        PointerByReference out = new PointerByReference();
        String err = API.gme_track_info(emu, out, track);
        if (err != null) {
            throw new IllegalStateException("libgme: " + err);
        }
        Pointer info = out.getValue();
        try {
            int strings = 16 * 4; // 16 ints, then the string pointers: system, game, song, author, copyright
            return new String[] {info.getPointer(strings + Native.POINTER_SIZE).getString(0),
                info.getPointer(strings + 3L * Native.POINTER_SIZE).getString(0),
                info.getPointer(strings + 4L * Native.POINTER_SIZE).getString(0)};
        } finally {
            API.gme_free_info(info);
        }
    }

    /**
     * Track {@code track} (0-based) from its start, only the voices in {@code voiceMask} (bit 0 pulse 1, 1 pulse 2,
     * 2 triangle, 3 noise, 4 DMC) audible, silence kept: {@code frames} mono samples (the left channel), -1..1.
     */
    float[] render(int track, int voiceMask, int frames) {
        API.gme_ignore_silence(emu, 1);
        API.gme_mute_voices(emu, ~voiceMask & 0x1F);
        String err = API.gme_start_track(emu, track);
        if (err != null) {
            throw new IllegalStateException("libgme: " + err);
        }
        float[] mono = new float[frames];
        short[] buf = new short[2 * 4096];
        for (int at = 0; at < frames; ) {
            int n = Math.min(4096, frames - at);
            err = API.gme_play(emu, 2 * n, buf);
            if (err != null) {
                throw new IllegalStateException("libgme: " + err);
            }
            for (int i = 0; i < n; i++) {
                mono[at + i] = buf[2 * i] / 32768f;
            }
            at += n;
        }
        return mono;
    }

    @Override
    public void close() {
        API.gme_delete(emu);
    }
}
