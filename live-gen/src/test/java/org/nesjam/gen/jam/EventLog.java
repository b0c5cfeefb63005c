package org.nesjam.gen.jam;

import java.util.ArrayList;
import java.util.List;

/** Test helper: applies a timeline's events and epoch drops like the plugin does; what remains is what plays. */
final class EventLog implements JamTimeline.EventOut {
    record Ev(long sampleTime, int packed, int epoch, long order) {
        int channel() {
            return packed & 0x0F;
        }

        boolean noteOn() {
            return (packed & 0xF0) == 0x90 && ((packed >>> 16) & 0x7F) > 0;
        }

        int note() {
            return (packed >>> 8) & 0x7F;
        }
    }

    final List<Ev> events = new ArrayList<>();
    int epochs;
    private long order;

    @Override
    public void epoch(int epoch, long fromSampleTime) {
        epochs++;
        events.removeIf(e -> e.epoch() < epoch && e.sampleTime() >= fromSampleTime);
    }

    @Override
    public void event(long sampleTime, int packedMidi, int epoch) {
        events.add(new Ev(sampleTime, packedMidi, epoch, order++));
    }

    /** The surviving events in play order (time, then arrival). */
    List<Ev> sorted() {
        List<Ev> l = new ArrayList<>(events);
        l.sort((a, b) -> a.sampleTime() != b.sampleTime() ? Long.compare(a.sampleTime(), b.sampleTime())
                : Long.compare(a.order(), b.order()));
        return l;
    }
}
