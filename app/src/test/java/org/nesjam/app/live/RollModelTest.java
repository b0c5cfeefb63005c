package org.nesjam.app.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nesjam.gen.jam.JamParams;
import org.nesjam.plugin.Midi;
import org.nesjam.plugin.ParamInfo;

/** The roll's notes from the feed's events (rollbacks included), and how the page lays out parameters. */
class RollModelTest {
    private static int on(int ch, int pitch) {
        return Midi.NOTE_ON | ch | pitch << 8 | 100 << 16;
    }

    private static int off(int ch, int pitch) {
        return Midi.NOTE_OFF | ch | pitch << 8;
    }

    @Test
    void aRollbackDropsThePlannedFutureAndReopensTheNoteThatSpansIt() {
        RollModel roll = new RollModel();
        NoteFeed feed = new NoteFeed(64);
        var plan = feed.planSink();
        plan.event(1000, on(1, 60), 0);
        plan.event(3000, on(1, 62), 0); // a model voice is monophonic: this ends the 60 at 3000
        plan.event(5000, off(1, 62), 0);
        plan.event(6000, on(2, 40), 0);
        feed.player(2000, on(0, 72));
        feed.drain(roll);
        assertEquals(4, roll.notes().size());
        RollModel.Note first = roll.notes().get(0);
        assertEquals(3000, first.endSampleTime);
        assertTrue(roll.takeChanged());
        assertTrue(!roll.takeChanged(), "changed once");

        plan.epoch(1, 4000); // the player's note made the model think again from 4000
        plan.event(4500, on(1, 64), 0); // a stale event of the old plan: ignored
        plan.event(4200, on(1, 65), 1);
        feed.player(2500, off(0, 72));
        feed.drain(roll);
        List<RollModel.Note> notes = roll.notes();
        assertEquals(List.of(60, 62, 72, 65), notes.stream().map(n -> n.pitch).toList());
        assertEquals(4200, notes.get(1).endSampleTime, "reopened at the rollback, ended by the new plan's note");
        assertEquals(2500, notes.get(2).endSampleTime, "the player's note-off");
        assertEquals(RollModel.PLAYER, notes.get(2).kind);
        assertEquals("[[1,60,1,1,20.8,62.5],[1,62,1,2,62.5,87.5],[0,72,0,4,41.7,52.1],[1,65,1,5,87.5,-1]]",
                roll.json(48_000));

        roll.prune(48_000 * 20, 48_000 * 12, 48_000 * 65); // 20 s later: the open note may still sound
        assertEquals(List.of(65), roll.notes().stream().map(n -> n.pitch).toList());
        roll.prune(48_000 * 100, 48_000 * 12, 48_000 * 65); // past the longest note: gone too
        assertEquals(0, roll.notes().size());
    }

    @Test
    void aFullFeedDropsAndCountsInsteadOfBlocking() {
        NoteFeed feed = new NoteFeed(4);
        for (int i = 0; i < 10; i++) {
            feed.player(i, on(0, 60));
        }
        assertEquals(6, feed.dropped());
        RollModel roll = new RollModel();
        feed.drain(roll);
        assertEquals(4, roll.notes().size());
    }

    /** Sliders only for continuous values, whatever parameters the generator has, a future one included. */
    @Test
    void theJamLayoutGivesEachParameterItsWidget() {
        PageLayout layout = JamLive.pageLayout();
        assertEquals("choice", layout.kind(JamParams.byKey("mode")));
        assertEquals(List.of("call-response", "endless", "accompany"), layout.describe(JamParams.byKey("mode"), 1)
                .get("labels"));
        assertEquals("voice", layout.kind(JamParams.byKey("mute.p1")));
        assertEquals("voice", layout.kind(JamParams.byKey("own.no")));
        assertEquals("hidden", layout.kind(JamParams.byKey("new-idea")), "the New idea button sends it");
        for (String key : List.of("temperature", "topp", "lookahead", "structure")) {
            assertEquals("slider", layout.kind(JamParams.byKey(key)), key);
            assertEquals("main", layout.describe(JamParams.byKey(key), 0).get("group"), key);
        }
        assertEquals("toggle", layout.kind(JamParams.byKey("follow-clock")));
        assertEquals("number", layout.kind(JamParams.byKey("topk")));
        assertEquals("more", layout.describe(JamParams.byKey("topk"), 0).get("group"));
        ParamInfo future = new ParamInfo(99, "harmony", "Harmony strength", 0, 1, 0.5, false, false);
        assertEquals("slider", layout.kind(future));
        assertEquals("main", layout.describe(future, 0.5).get("group"));
    }
}
