#!/usr/bin/python3
"""Train NesGPT on token files written by `nesjam dataset` (see training/README.md).

Recipe (each choice measured on this project's 2-core CPU machine, see training/README.md):
  * random windows of the concatenated training stream; a length curriculum (--curriculum LEN@STEP,...) at a
    constant number of tokens per batch (--batch-tokens): short windows early are cheaper per token;
  * AdamW with weight decay on the weight matrices only (no decay on LayerNorm, biases or the tied embedding);
  * a warm-up / constant / linear-decay ("WSD") learning rate that depends on the step alone: --steps is where the
    decay ends, --decay-steps how long it lasts. Raising --steps on --resume during the constant phase extends it
    (no warm restart); every export should come from the end of a decay;
  * no dropout by default (the model sees the data only a few times);
  * optional bf16 autocast (--bf16; measured slower on this CPU, so off by default).
Checkpoints outside the repo (--out):
  last.pt  every --ckpt-every steps and at exit (atomic rename), used by --resume
  best.pt  the checkpoint with the lowest valid loss so far
  log.jsonl one JSON object per log/eval line
--init-from CKPT starts from another run's weights (pre-train -> fine-tune), fresh optimiser and step 0;
--init-onnx NAME.json starts from a shipped export (int8 weights are dequantised); --grow-layers N then appends N
blocks that start as the identity (zero output projections), so the grown model computes what the export did.
Token files must carry wait_scheme = per-gap (Tx1Codec.WAIT_SCHEME); others are refused.
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


def parse(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", nargs="+", required=True, help="training token file(s) (.tok)")
    ap.add_argument("--valid", required=True, help="valid token file (.tok)")
    ap.add_argument("--out", required=True, help="run directory (outside the repo)")
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--d-model", type=int, default=256)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--context", type=int, default=1024, help="the model's attention window (ALiBi mask)")
    ap.add_argument("--curriculum", default="",
                    help="window length by step, e.g. 256@0,512@2000,1024@5000 (default: --context throughout)")
    ap.add_argument("--batch-tokens", type=int, default=2048, help="tokens per optimiser step")
    ap.add_argument("--micro-tokens", type=int, default=1024,
                    help="tokens per forward/backward pass (gradients accumulate up to --batch-tokens): on this "
                         "CPU small passes keep the attention scores in cache (L3 d128, 512 tokens: 9.4 k tokens/s "
                         "in passes of 1 window, 2.8 k in passes of 8)")
    ap.add_argument("--dropout", type=float, default=0.0)
    ap.add_argument("--steps", type=int, default=20000, help="step at which the linear decay ends")
    ap.add_argument("--decay-steps", type=int, default=0, help="length of the final linear decay (default 20%%)")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--min-lr-frac", type=float, default=0.01)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--grad-clip", type=float, default=1.0)
    ap.add_argument("--eval-every", type=int, default=250)
    ap.add_argument("--eval-windows", type=int, default=64, help="valid windows per evaluation")
    ap.add_argument("--ckpt-every", type=int, default=100)
    ap.add_argument("--log-every", type=int, default=20)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--bf16", action="store_true", help="bf16 autocast for the forward pass")
    ap.add_argument("--device", default="cpu", help="cpu or cuda (training/gpu/ uses cuda)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--resume", action="store_true", help="continue from OUT/last.pt")
    ap.add_argument("--init-from", help="initial weights from this checkpoint (fine-tuning)")
    ap.add_argument("--init-onnx", help="initial weights from an exported model's metadata JSON (NAME.json)")
    ap.add_argument("--grow-layers", type=int, default=0, help="with --init-*: append N identity blocks")
    ap.add_argument("--max-seconds", type=float, default=0,
                    help="training-time budget: when 80%% of it is used and the decay has not begun, the decay is "
                         "moved to fill the last 20%% (at the measured steps/s), so the run ends decayed on time")
    return ap.parse_args(argv)


def curriculum(spec, context):
    """[(start_step, length)] sorted by step; lengths never exceed the context."""
    if not spec:
        return [(0, context)]
    out = []
    for part in spec.split(","):
        length, at = part.split("@")
        out.append((int(at), min(int(length), context)))
    out.sort()
    if out[0][0] != 0:
        out.insert(0, (0, out[0][1]))
    return out


def length_at(step, plan):
    length = plan[0][1]
    for at, n in plan:
        if step >= at:
            length = n
    return length


def lr_at(step, a):
    """Warm-up, constant, then linear decay to min_lr_frac * lr over the last decay_steps before a.steps."""
    decay = a.decay_steps or max(1, a.steps // 5)
    if step < a.warmup:
        return a.lr * (step + 1) / a.warmup
    start = a.steps - decay
    if step < start:
        return a.lr
    frac = min(1.0, (step - start) / decay)
    return a.lr * (1.0 - (1.0 - a.min_lr_frac) * frac)


def param_groups(model, weight_decay):
    """Decay only the Linear layers' weight matrices; the tied embedding (also the output head), LayerNorm
    parameters and biases are not decayed."""
    decay, no_decay, seen = [], [], set()
    emb = model.tok.weight
    for name, p in model.named_parameters():
        if id(p) in seen:
            continue
        seen.add(id(p))
        (decay if p.dim() == 2 and p is not emb else no_decay).append(p)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]


def save_atomic(obj, path):
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


@torch.no_grad()
def evaluate(model, windows, device="cpu"):
    model.eval()
    total, n = 0.0, 0
    for i in range(len(windows)):
        x = torch.from_numpy(windows[i:i + 1].astype(np.int64)).to(device)
        logits = model(x[:, :-1])
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.size(-1)), x[:, 1:].reshape(-1),
                                                 reduction="sum")
        total += loss.item()
        n += x[:, 1:].numel()
    model.train()
    return total / n


def check_scheme(meta, path):
    scheme = meta.get("wait_scheme", "cumulative")
    if scheme != "per-gap":
        sys.exit(f"{path}: token file uses {scheme} waits; this trainer needs per-gap waits "
                 f"(rebuild it with `nesjam dataset`)")


def model_from_onnx(meta_path, dropout):
    """Rebuilds a NesGPT from an exported NAME.onnx (+ NAME.json): fp32 initialisers by name, int8
    DynamicQuantizeMatMul weights dequantised (per-column scale), in the graph's order qkv, proj, fc1, fc2 per
    block, then the output head (tied to the embedding, which is kept in fp32)."""
    import onnx
    from onnx import numpy_helper
    with open(meta_path) as f:
        meta = json.load(f)
    g = onnx.load(os.path.join(os.path.dirname(meta_path), meta["onnx"])).graph
    init = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    model = NesGPT(meta["vocab_size"], meta["n_layer"], meta["d_model"], meta["n_head"], meta["context"], dropout,
                   q_scale_folded=bool(meta.get("q_scale_folded")))
    sd = model.state_dict()
    for k in sd:
        if "model." + k in init:
            sd[k] = torch.from_numpy(init["model." + k].copy())
    mats = []
    for node in g.node:
        if node.op_type == "DynamicQuantizeMatMul":
            q, scale = init[node.input[1]].astype(np.float32), init[node.input[2]]
            mats.append(q * scale[None, :])
        elif node.op_type == "MatMul" and node.input[1] in init:
            mats.append(init[node.input[1]])
    names = [f"blocks.{i}.{m}.weight" for i in range(meta["n_layer"]) for m in ("qkv", "proj", "fc1", "fc2")]
    if len(mats) < len(names):
        sys.exit(f"{meta_path}: expected {len(names)} weight matrices, found {len(mats)}")
    for name, w in zip(names, mats):
        sd[name] = torch.from_numpy(np.ascontiguousarray(w.T))
    model.load_state_dict(sd)
    return model, meta


def grow(model, extra, dropout):
    """Appends `extra` blocks whose output projections are zero, so each starts as the identity."""
    if extra <= 0:
        return model
    cfg = dict(model.config, n_layer=model.config["n_layer"] + extra, dropout=dropout)
    big = NesGPT(**cfg)
    sd = big.state_dict()
    sd.update({k: v for k, v in model.state_dict().items()})
    big.load_state_dict(sd)
    for blk in big.blocks[model.config["n_layer"]:]:
        torch.nn.init.zeros_(blk.proj.weight)
        torch.nn.init.zeros_(blk.fc2.weight)
    return big


def main():
    a = parse()
    torch.set_num_threads(a.threads)
    os.makedirs(a.out, exist_ok=True)
    train_meta = None
    streams = []
    for f in a.train:
        toks, meta = load_tokens(f)
        check_scheme(meta, f)
        streams.append(toks)
        train_meta = train_meta or meta
    train = np.concatenate(streams) if len(streams) > 1 else streams[0]
    valid, valid_meta = load_tokens(a.valid)
    check_scheme(valid_meta, a.valid)
    vocab = train_meta["vocab_size"]
    if valid_meta["vocab_size"] != vocab or valid_meta.get("vocab_checksum") != train_meta.get("vocab_checksum"):
        sys.exit("train and valid token files use different vocabularies")

    last_path = os.path.join(a.out, "last.pt")
    best_path = os.path.join(a.out, "best.pt")
    step, best, tokens_seen, train_s = 0, float("inf"), 0, 0.0
    rng = np.random.default_rng(a.seed)
    opt_state = None
    init_desc = a.init_from or a.init_onnx
    if a.resume and os.path.exists(last_path):
        ck = torch.load(last_path, map_location=a.device)
        model = NesGPT(**ck["config"])
        model.load_state_dict(ck["model"])
        opt_state = ck["opt"]
        step, best = ck["step"], ck.get("best_valid_loss", float("inf"))
        train_s = ck.get("train_seconds", 0.0)
        rng.bit_generator.state = ck["rng"]
        torch.set_rng_state(ck["torch_rng"])
        tokens_seen = ck.get("tokens_seen", 0)
        init_desc = ck.get("data", {}).get("init_from")
        print(f"resumed {last_path} at step {step}, best valid loss {best:.4f}", flush=True)
    else:
        torch.manual_seed(a.seed)
        if a.init_from:
            ck0 = torch.load(a.init_from, map_location="cpu")
            model = NesGPT(**dict(ck0["config"], dropout=a.dropout))
            model.load_state_dict(ck0["model"])
            print(f"initialised from {a.init_from} (step {ck0['step']})", flush=True)
        elif a.init_onnx:
            model, meta = model_from_onnx(a.init_onnx, a.dropout)
            print(f"initialised from {a.init_onnx} ({meta.get('training', {}).get('tokens_seen')} tokens seen)",
                  flush=True)
        else:
            model = NesGPT(vocab, a.layers, a.d_model, a.heads, a.context, a.dropout)
        if a.init_from or a.init_onnx:
            model = grow(model, a.grow_layers, a.dropout)
            if a.context != model.config["context"]:  # ALiBi: the window can change without new weights
                model.config["context"] = a.context
                model.context = a.context
    ctx = model.config["context"]
    model.to(a.device)
    opt = torch.optim.AdamW(param_groups(model, a.weight_decay), lr=a.lr, betas=(0.9, 0.98))
    if opt_state is not None:
        opt.load_state_dict(opt_state)
    if model.config["vocab_size"] != vocab:
        sys.exit(f"checkpoint vocab {model.config['vocab_size']} != token files' vocab {vocab}")
    plan = curriculum(a.curriculum, ctx)
    nwin = min(a.eval_windows, (len(valid) - 1) // (ctx + 1))
    starts = np.linspace(0, len(valid) - ctx - 1, nwin).astype(np.int64)
    vwin = np.stack([valid[s:s + ctx + 1] for s in starts])
    data_desc = {"train": [os.path.basename(f) for f in a.train], "valid": os.path.basename(a.valid),
                 "train_tokens": int(len(train)), "init_from": init_desc, "wait_scheme": "per-gap"}
    print(f"params {model.num_params()} layers {model.config['n_layer']} d {model.config['d_model']} context {ctx} "
          f"train tokens {len(train)} valid windows {nwin}x{ctx} curriculum {plan}", flush=True)
    log = open(os.path.join(a.out, "log.jsonl"), "a")

    def checkpoint(path):
        save_atomic({"config": model.config, "model": model.state_dict(), "opt": opt.state_dict(), "step": step,
                     "best_valid_loss": best, "rng": rng.bit_generator.state, "torch_rng": torch.get_rng_state(),
                     "tokens_seen": tokens_seen, "train_seconds": train_s,
                     "vocab_checksum": train_meta.get("vocab_checksum"), "data": data_desc, "args": vars(a)}, path)

    def record(rec):
        print(json.dumps(rec), flush=True)
        log.write(json.dumps(rec) + "\n")
        log.flush()

    def evaluate_now():
        """Valid loss now, logged; a new best is kept in `best` and written to best.pt."""
        nonlocal best
        vl = evaluate(model, vwin, a.device)
        improved = vl < best
        if improved:
            best = vl
        record({"step": step, "valid_loss": vl, "valid_ppl": math.exp(vl), "best": improved,
                "tokens_seen": tokens_seen, "time": time.strftime("%H:%M:%S")})
        if improved:
            checkpoint(best_path)

    stop = {"flag": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(flag=True))
    signal.signal(signal.SIGINT, lambda *_: stop.update(flag=True))
    model.train()
    t0, tok0, loss_acc, n_acc = time.time(), tokens_seen, 0.0, 0
    while step < a.steps and not stop["flag"] and not (a.max_seconds and train_s >= a.max_seconds):
        ts = time.time()
        if a.max_seconds and train_s >= 0.8 * a.max_seconds and step < a.steps - (a.decay_steps or a.steps // 5):
            rate = step / max(train_s, 1e-9)
            a.decay_steps = max(1, int(rate * (a.max_seconds - train_s)))
            a.steps = step + a.decay_steps
            record({"step": step, "decay": f"time budget: linear decay over the last {a.decay_steps} steps"})
        lr = lr_at(step, a)
        for g in opt.param_groups:
            g["lr"] = lr
        length = length_at(step, plan)
        batch = max(1, a.batch_tokens // length)
        starts_b = rng.integers(0, len(train) - length - 1, batch)
        xb = torch.from_numpy(np.stack([train[s:s + length + 1] for s in starts_b]).astype(np.int64)).to(a.device)
        micro = max(1, a.micro_tokens // length)
        opt.zero_grad(set_to_none=True)
        loss_sum = 0.0
        for i in range(0, batch, micro):
            xm = xb[i:i + micro]
            with torch.autocast(a.device.split(":")[0], dtype=torch.bfloat16, enabled=a.bf16):
                logits = model(xm[:, :-1])
            loss = torch.nn.functional.cross_entropy(logits.float().reshape(-1, logits.size(-1)),
                                                     xm[:, 1:].reshape(-1)) * (xm.shape[0] / batch)
            loss.backward()
            loss_sum += loss.item()
        torch.nn.utils.clip_grad_norm_(model.parameters(), a.grad_clip)
        opt.step()
        train_s += time.time() - ts
        step += 1
        tokens_seen += batch * length
        loss_acc += loss_sum
        n_acc += 1
        if step % a.log_every == 0:
            dt = time.time() - t0
            record({"step": step, "train_loss": loss_acc / n_acc, "lr": lr, "length": length,
                    "tok_per_s": (tokens_seen - tok0) / dt, "tokens_seen": tokens_seen, "time": time.strftime("%H:%M:%S")})
            t0, tok0, loss_acc, n_acc = time.time(), tokens_seen, 0.0, 0
        if step % a.eval_every == 0 or step >= a.steps:
            evaluate_now()
            checkpoint(last_path)
            t0 = time.time()
        elif step % a.ckpt_every == 0:
            checkpoint(last_path)
    if step % a.eval_every != 0 and step < a.steps:  # stopped by the time budget or a signal: evaluate once more
        evaluate_now()
    checkpoint(last_path)
    print(f"stopped at step {step}", flush=True)


if __name__ == "__main__":
    main()
