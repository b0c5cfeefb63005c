package org.nesjam.dataset;

import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.NesNote;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.gen.tokens.Tx1Codec;
import org.nesjam.gen.tokens.Tx1Vocab;
import org.nesjam.gen.tokens.Voice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.json.Json;
import org.nesjam.json.JsonValue;

class TokenDatasetTest {
    @TempDir
    Path tmp;

    private List<Path> fixtures() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("in/sub"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            List<NesNote> notes = new ArrayList<>();
            for (int k = 0; k < 20 + i; k++) {
                notes.add(new NesNote(Voice.P1, 60 + k % 12, 1000L * k, 1000L * k + 700));
                notes.add(new NesNote(Voice.TR, 40 + k % 5, 1000L * k, 1000L * k + 1000));
            }
            Path f = (i % 2 == 0 ? dir : dir.getParent()).resolve("song" + i + ".mid");
            NesMidi.write(f, new NesSong("s" + i, notes, 30_000));
            files.add(f);
        }
        Files.writeString(dir.resolve("broken.mid"), "not midi at all");
        Files.writeString(dir.resolve("readme.txt"), "ignored");
        return files;
    }

    @Test
    void writesSeparatedSongsAndSidecar() throws IOException {
        fixtures();
        List<Path> files = TokenDataset.findMidiFiles(tmp.resolve("in"));
        assertEquals(8, files.size());
        Path out = tmp.resolve("out/x.tok");
        TokenDataset.Stats s = TokenDataset.write(files, out, NesMidi::read,
                new TokenDataset.Options(0, 1, false, 2), "fixtures", null);
        assertEquals(1, s.filesFailed);
        assertTrue(s.errors.get(0).contains("broken.mid"), s.errors.get(0));
        assertEquals(7, s.songs);
        int[] ids = TokenDataset.read(out);
        assertEquals(s.tokens, ids.length);
        assertEquals(Tx1Vocab.SEP, ids[0]);
        assertEquals(Tx1Vocab.SEP, ids[ids.length - 1]);
        assertEquals(8, Arrays.stream(ids).filter(i -> i == Tx1Vocab.SEP).count());
        // the first song decodes back to its notes
        int next = 1;
        while (ids[next] != Tx1Vocab.SEP) {
            next++;
        }
        NesSong first = Tx1Codec.decode(ids, 1, next, "first");
        assertEquals(NesMidi.read(files.get(0)).notes(), first.notes());
        JsonValue.Obj json = Json.parse(TokenDataset.sidecar(out)).asObject();
        assertEquals(631, json.require("vocab_size").asInt());
        assertEquals(Tx1Vocab.checksum(), json.string("vocab_checksum_sha256"));
        assertEquals(7, json.require("songs").asInt());
        assertEquals(ids.length, (long) json.require("tokens").asNumber());
    }

    @Test
    void augmentedOutputIsIndependentOfThreadCount() throws IOException {
        fixtures();
        List<Path> files = TokenDataset.findMidiFiles(tmp.resolve("in"));
        Path a = tmp.resolve("a.tok");
        Path b = tmp.resolve("b.tok");
        TokenDataset.Stats sa = TokenDataset.write(files, a, NesMidi::read, new TokenDataset.Options(3, 9, false, 1), "f", null);
        TokenDataset.write(files, b, NesMidi::read, new TokenDataset.Options(3, 9, false, 3), "f", null);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertEquals(21, sa.songs + sa.songsSkipped);
        Path c = tmp.resolve("c.tok");
        TokenDataset.write(files, c, NesMidi::read, new TokenDataset.Options(3, 10, false, 2), "f", null);
        assertTrue(!Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
    }
}
