"""Token files written by `nesjam dataset` (live-gen owns tokenization; this module only reads them).

load_tokens(path) -> (np.ndarray[uint16] token ids, meta dict with at least vocab_size and vocab_checksum).
The on-disk format is the writer's: raw little-endian uint16 token ids with a JSON sidecar PATH.json
(dataset/src/main/java/org/nesjam/dataset/TokenDataset.java).
"""
import json
import os

import numpy as np

def load_tokens(path):
    # raw little-endian uint16 with a JSON sidecar PATH.json (written by `nesjam dataset`)
    side = path + ".json"
    if not os.path.exists(side):
        side = os.path.splitext(path)[0] + ".json"
    with open(side) as f:
        meta = json.load(f)
    if "vocab_checksum" not in meta and "vocab_checksum_sha256" in meta:
        meta["vocab_checksum"] = meta["vocab_checksum_sha256"]
    toks = np.fromfile(path, dtype="<u2")
    return _check(toks, meta, path)


def _check(toks, meta, path):
    v = int(meta["vocab_size"])
    if toks.size and int(toks.max()) >= v:
        raise ValueError(f"{path}: token id {int(toks.max())} >= vocab size {v}")
    return toks, meta


def write_synthetic(path, n_tokens, vocab_size=631, seed=0):
    """A synthetic stream with learnable structure (for pipeline tests before real data exists)."""
    rng = np.random.default_rng(seed)
    out = []
    while len(out) < n_tokens:
        out.append(0)
        period = rng.integers(2, 9)
        motif = rng.integers(1, vocab_size, period)
        for i in range(rng.integers(50, 400)):
            out.append(int(motif[i % period]))
    toks = np.array(out[:n_tokens], dtype="<u2")
    toks.tofile(path)
    with open(path + ".json", "w") as f:
        json.dump({"vocab_size": vocab_size, "vocab_checksum": "synthetic"}, f)
