#!/usr/bin/python3
"""Train NesGPT on token files written by `nesjam dataset` (see training/README.md).

Random windows of context+1 tokens from the concatenated training stream, AdamW, linear warm-up then
cosine decay to --min-lr-frac * --lr at --steps, periodic evaluation on fixed windows of the valid stream,
checkpoints outside the repo (--out, default /root/.cache/nesjam/runs/NAME):
  last.pt  every --ckpt-every steps and at exit (atomic rename), used by --resume
  best.pt  the checkpoint with the lowest valid loss so far (what export.py ships)
  log.jsonl one JSON object per log/eval line
--resume continues from last.pt (model, optimiser, step, RNG); --steps may be raised on resume (the cosine
schedule is then recomputed for the new total, i.e. a warm restart from the current step's LR).
--init-from CKPT starts from another run's weights (pre-train -> fine-tune), fresh optimiser and step 0.
"""
import argparse
import json
import math
import os
import signal
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nesjam_model import NesGPT  # noqa: E402
from tokfile import load_tokens  # noqa: E402


def parse():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", nargs="+", required=True, help="training token file(s) (.tok)")
    ap.add_argument("--valid", required=True, help="valid token file (.tok)")
    ap.add_argument("--out", required=True, help="run directory (outside the repo)")
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--d-model", type=int, default=256)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--context", type=int, default=512)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--steps", type=int, default=20000, help="total optimiser steps (cosine end)")
    ap.add_argument("--hours", type=float, default=0.0,
                    help="if > 0: also a wall-clock training budget; the schedule follows whichever of "
                         "steps or hours is further along and training stops when either is used up")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--min-lr-frac", type=float, default=0.1)
    ap.add_argument("--warmup", type=int, default=300)
    ap.add_argument("--weight-decay", type=float, default=0.05)
    ap.add_argument("--grad-clip", type=float, default=1.0)
    ap.add_argument("--eval-every", type=int, default=250)
    ap.add_argument("--eval-windows", type=int, default=96, help="valid windows per evaluation")
    ap.add_argument("--ckpt-every", type=int, default=100)
    ap.add_argument("--log-every", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--resume", action="store_true", help="continue from OUT/last.pt")
    ap.add_argument("--reset-clock", action="store_true", help="on --resume, restart the --hours budget")
    ap.add_argument("--init-from", help="initial weights from this checkpoint (fine-tuning)")
    return ap.parse_args()


def progress(step, train_s, a):
    p = step / a.steps
    if a.hours > 0:
        p = max(p, train_s / (3600.0 * a.hours))
    return min(1.0, p)


def lr_at(step, prog, a):
    if step < a.warmup:
        return a.lr * (step + 1) / a.warmup
    prog = min(1.0, max(0.0, (prog - a.warmup / a.steps) / max(1e-9, 1 - a.warmup / a.steps)))
    return a.lr * (a.min_lr_frac + (1 - a.min_lr_frac) * 0.5 * (1 + math.cos(math.pi * prog)))


def save_atomic(obj, path):
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


@torch.no_grad()
def evaluate(model, windows):
    model.eval()
    total, n = 0.0, 0
    for i in range(0, len(windows), 8):
        x = torch.from_numpy(windows[i:i + 8].astype(np.int64))
        logits = model(x[:, :-1])
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.size(-1)), x[:, 1:].reshape(-1),
                                                 reduction="sum")
        total += loss.item()
        n += x[:, 1:].numel()
    model.train()
    return total / n


def main():
    a = parse()
    torch.set_num_threads(a.threads)
    os.makedirs(a.out, exist_ok=True)
    train_meta, valid_meta = None, None
    streams = []
    for f in a.train:
        toks, meta = load_tokens(f)
        streams.append(toks)
        train_meta = train_meta or meta
    train = np.concatenate(streams) if len(streams) > 1 else streams[0]
    valid, valid_meta = load_tokens(a.valid)
    vocab = train_meta["vocab_size"]
    if valid_meta["vocab_size"] != vocab or valid_meta.get("vocab_checksum") != train_meta.get("vocab_checksum"):
        sys.exit("train and valid token files use different vocabularies")
    ctx = a.context

    last_path = os.path.join(a.out, "last.pt")
    best_path = os.path.join(a.out, "best.pt")
    step, best = 0, float("inf")
    rng = np.random.default_rng(a.seed)
    if a.resume and os.path.exists(last_path):
        ck = torch.load(last_path, map_location="cpu")
        cfg = ck["config"]
        model = NesGPT(**cfg)
        model.load_state_dict(ck["model"])
        opt = torch.optim.AdamW(model.parameters(), lr=a.lr, betas=(0.9, 0.98), weight_decay=a.weight_decay)
        opt.load_state_dict(ck["opt"])
        step, best = ck["step"], ck.get("best_valid_loss", float("inf"))
        train_s = ck.get("train_seconds", 0.0) if not a.reset_clock else 0.0
        rng.bit_generator.state = ck["rng"]
        torch.set_rng_state(ck["torch_rng"])
        tokens_seen = ck.get("tokens_seen", step * a.batch * ctx)
        ctx = cfg["context"]
        print(f"resumed {last_path} at step {step}, best valid loss {best:.4f}", flush=True)
    else:
        torch.manual_seed(a.seed)
        if a.init_from:  # the architecture comes from the checkpoint; --dropout from the command line
            ck0 = torch.load(a.init_from, map_location="cpu")
            cfg0 = dict(ck0["config"], dropout=a.dropout)
            model = NesGPT(**cfg0)
            ctx = cfg0["context"]
            model.load_state_dict(ck0["model"])
            print(f"initialised from {a.init_from} (step {ck0['step']})", flush=True)
        else:
            model = NesGPT(vocab, a.layers, a.d_model, a.heads, ctx, a.dropout)
        opt = torch.optim.AdamW(model.parameters(), lr=a.lr, betas=(0.9, 0.98), weight_decay=a.weight_decay)
        tokens_seen = 0
        train_s = 0.0
    # fixed, evenly spaced valid windows
    nwin = min(a.eval_windows, (len(valid) - 1) // (ctx + 1))
    starts = np.linspace(0, len(valid) - ctx - 1, nwin).astype(np.int64)
    vwin = np.stack([valid[s:s + ctx + 1] for s in starts])
    if model.config["vocab_size"] != vocab:
        sys.exit(f"checkpoint vocab {model.config['vocab_size']} != token files' vocab {vocab}")
    data_desc = {"train": [os.path.basename(f) for f in a.train], "valid": os.path.basename(a.valid),
                 "train_tokens": int(len(train)), "init_from": a.init_from}
    print(f"params {model.num_params()} train tokens {len(train)} valid windows {nwin}x{ctx}", flush=True)
    log = open(os.path.join(a.out, "log.jsonl"), "a")

    def checkpoint(path):
        save_atomic({"config": model.config, "model": model.state_dict(), "opt": opt.state_dict(), "step": step,
                     "best_valid_loss": best, "rng": rng.bit_generator.state, "torch_rng": torch.get_rng_state(),
                     "tokens_seen": tokens_seen, "train_seconds": train_s, "vocab_checksum": train_meta.get("vocab_checksum"),
                     "data": data_desc, "args": vars(a)}, path)

    stop = {"flag": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(flag=True))
    signal.signal(signal.SIGINT, lambda *_: stop.update(flag=True))
    model.train()
    t0, tok0, loss_acc, n_acc = time.time(), tokens_seen, 0.0, 0
    while progress(step, train_s, a) < 1.0 and not stop["flag"]:
        ts = time.time()
        lr = lr_at(step, progress(step, train_s, a), a)
        for g in opt.param_groups:
            g["lr"] = lr
        starts_b = rng.integers(0, len(train) - ctx - 1, a.batch)
        xb = torch.from_numpy(np.stack([train[s:s + ctx + 1] for s in starts_b]).astype(np.int64))
        _, loss = model(xb[:, :-1], xb[:, 1:])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), a.grad_clip)
        opt.step()
        train_s += time.time() - ts
        step += 1
        tokens_seen += a.batch * ctx
        loss_acc += loss.item()
        n_acc += 1
        if step % a.log_every == 0:
            dt = time.time() - t0
            rec = {"step": step, "train_loss": loss_acc / n_acc, "lr": lr, "tok_per_s": (tokens_seen - tok0) / dt,
                   "tokens_seen": tokens_seen, "time": time.strftime("%H:%M:%S")}
            print(json.dumps(rec), flush=True)
            log.write(json.dumps(rec) + "\n")
            log.flush()
            t0, tok0, loss_acc, n_acc = time.time(), tokens_seen, 0.0, 0
        if step % a.eval_every == 0 or progress(step, train_s, a) >= 1.0:
            vl = evaluate(model, vwin)
            improved = vl < best
            if improved:
                best = vl
            rec = {"step": step, "valid_loss": vl, "valid_ppl": math.exp(vl), "best": improved,
                   "tokens_seen": tokens_seen, "time": time.strftime("%H:%M:%S")}
            print(json.dumps(rec), flush=True)
            log.write(json.dumps(rec) + "\n")
            log.flush()
            if improved:
                checkpoint(best_path)
            checkpoint(last_path)
        elif step % a.ckpt_every == 0:
            checkpoint(last_path)
    checkpoint(last_path)
    print(f"stopped at step {step}", flush=True)


if __name__ == "__main__":
    main()
