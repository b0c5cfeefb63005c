#!/usr/bin/python3
"""Export a NesGPT checkpoint to the ONNX step graph + metadata JSON that live-gen's Java runner loads.

  export.py CKPT OUT_DIR [--name nesgpt] [--int8] [--opset 14] [--valid-ppl X] [--reference-prompt ...]

Writes OUT_DIR/NAME.onnx, OUT_DIR/NAME-step.onnx and OUT_DIR/NAME.json (see training/README.md for the fields).
NAME.onnx is NesGPT.step, any number of tokens: inputs input_ids [1,T] int64, start_pos [1] int64, cache_pos [C]
int64, past_key_i [1,H,Dh,C], past_value_i [1,H,C,Dh] (a ring buffer, see nesjam_model.py); outputs logits
[1,T,V], new_key_i [1,H,Dh,T], new_value_i [1,H,T,Dh]. T and C are dynamic. NAME-step.onnx is NesGPT.step1, the
single-token graph the runner uses for generation: input_ids [1,1], attn_bias [1,H,1,C] (built by the caller from
cache_pos, alibi_slopes and mask_value in the JSON) and the same cache; same outputs with T = 1.
--reference FILE additionally writes PyTorch logits for a fixed prompt (the Java-vs-PyTorch test).
"""
import argparse
import hashlib
import json
import os
import sys
import time

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper, TensorProto

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nesjam_model import NEG, NesGPT, load_checkpoint  # noqa: E402

FORMAT = "nesjam-model-1"


class StepGraph(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, start_pos, cache_pos, *past):
        return self.model.step(input_ids, start_pos, cache_pos, *past)


class Step1Graph(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attn_bias, *past):
        return self.model.step1(input_ids, attn_bias, *past)


def io_names(n_layer):
    past, new = [], []
    for i in range(n_layer):
        past += [f"past_key_{i}", f"past_value_{i}"]
        new += [f"new_key_{i}", f"new_value_{i}"]
    return past, new


def export_onnx(model, path, opset=14):
    cfg = model.config
    L, H = cfg["n_layer"], cfg["n_head"]
    dh = cfg["d_model"] // H
    past_names, new_names = io_names(L)
    t, c, p = 3, 8, 5  # dummy sizes > 1 so nothing specialises
    ids = torch.randint(0, cfg["vocab_size"], (1, t))
    cache_pos = torch.tensor([0, 1, 2, 3, 4, -(1 << 40), -(1 << 40), -(1 << 40)])
    past = []
    for _ in range(L):
        past += [torch.randn(1, H, dh, c), torch.randn(1, H, c, dh)]
    dyn = {"input_ids": {1: "T"}, "cache_pos": {0: "C"}, "logits": {1: "T"}}
    for i in range(L):
        dyn[f"past_key_{i}"] = {3: "C"}
        dyn[f"past_value_{i}"] = {2: "C"}
        dyn[f"new_key_{i}"] = {3: "T"}
        dyn[f"new_value_{i}"] = {2: "T"}
    with torch.no_grad():
        torch.onnx.export(StepGraph(model), (ids, torch.tensor([p]), cache_pos, *past), path,
                          opset_version=opset, input_names=["input_ids", "start_pos", "cache_pos"] + past_names,
                          output_names=["logits"] + new_names, dynamic_axes=dyn, do_constant_folding=True)
    m = onnx.load(path)
    onnx.checker.check_model(m)
    return m


def export_step1_onnx(model, path, opset=14):
    """The single-token graph (NesGPT.step1); checks it against step() on a random ring before returning."""
    cfg = model.config
    L, H = cfg["n_layer"], cfg["n_head"]
    dh = cfg["d_model"] // H
    past_names, new_names = io_names(L)
    c, pos = 8, 6
    cache_pos = torch.tensor([0, 1, 2, 3, 4, 5, -(1 << 40), -(1 << 40)])
    past = []
    for _ in range(L):
        past += [torch.randn(1, H, dh, c), torch.randn(1, H, c, dh)]
    ids = torch.tensor([[7]])
    with torch.no_grad():
        want = model.step(ids, torch.tensor([pos]), cache_pos, *past)
        got = model.step1(ids, step1_bias(model, pos, cache_pos), *past)
    for w, g in zip(want, got):
        assert torch.allclose(w, g, atol=1e-4), "step1 disagrees with step: %g" % float((w - g).abs().max())
    dyn = {"attn_bias": {3: "C"}}
    for i in range(L):
        dyn[f"past_key_{i}"] = {3: "C"}
        dyn[f"past_value_{i}"] = {2: "C"}
    with torch.no_grad():
        torch.onnx.export(Step1Graph(model), (ids, step1_bias(model, pos, cache_pos), *past), path,
                          opset_version=opset, input_names=["input_ids", "attn_bias"] + past_names,
                          output_names=["logits"] + new_names, dynamic_axes=dyn, do_constant_folding=True)
    m = onnx.load(path)
    onnx.checker.check_model(m)
    return m


def step1_bias(model, pos, cache_pos):
    """attn_bias [1,H,1,C] for a query at `pos` (the rule the Java runner implements)."""
    return model.cache_bias(torch.tensor([[pos]]), cache_pos).unsqueeze(0)


def quantize_int8(path_in, path_out, min_elems=4096):
    """Rewrite MatMul(X, W_const) into com.microsoft DynamicQuantizeMatMul with per-column int8 weights."""
    m = onnx.load(path_in)
    inits = {i.name: i for i in m.graph.initializer}
    new_nodes, new_inits, drop = [], [], set()
    for node in m.graph.node:
        if node.op_type == "MatMul" and node.input[1] in inits:
            w = numpy_helper.to_array(inits[node.input[1]]).astype(np.float32)
            if w.ndim == 2 and w.size >= min_elems:
                scale = np.maximum(np.abs(w).max(axis=0), 1e-8) / 127.0  # per output column
                q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
                base = node.input[1]
                new_inits += [numpy_helper.from_array(q, base + "_q"),
                              numpy_helper.from_array(scale.astype(np.float32), base + "_scale"),
                              numpy_helper.from_array(np.zeros(w.shape[1], np.int8), base + "_zp")]
                drop.add(base)
                new_nodes.append(helper.make_node("DynamicQuantizeMatMul",
                                                  [node.input[0], base + "_q", base + "_scale", base + "_zp"],
                                                  list(node.output), name=node.name + "_q", domain="com.microsoft"))
                continue
        new_nodes.append(node)
    new_nodes = fold_bias(new_nodes, {i.name: i for i in list(m.graph.initializer) + new_inits},
                          {o.name for o in m.graph.output})
    used = {i for n in new_nodes for i in n.input}
    keep = [i for i in m.graph.initializer if i.name not in drop or i.name in used]
    del m.graph.node[:]
    m.graph.node.extend(new_nodes)
    del m.graph.initializer[:]
    m.graph.initializer.extend(keep + new_inits)
    if not any(o.domain == "com.microsoft" for o in m.opset_import):
        m.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    onnx.save(m, path_out)


def fold_bias(nodes, inits, graph_outputs):
    """DynamicQuantizeMatMul(X, W) followed by Add(b_const) -> DynamicQuantizeMatMul(X, W, bias=b): its optional
    fifth input, one ORT node less per linear layer (9 of 86 in the L3 d128 single-token graph)."""
    consumers = {}
    for n in nodes:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    folded = set()
    for n in nodes:
        if n.op_type != "DynamicQuantizeMatMul" or len(n.input) != 4 or n.output[0] in graph_outputs:
            continue
        users = consumers.get(n.output[0], [])
        if len(users) != 1 or users[0].op_type != "Add":
            continue
        add = users[0]
        other = add.input[0] if add.input[1] == n.output[0] else add.input[1]
        if other not in inits:
            continue
        cols = numpy_helper.to_array(inits[n.input[1]]).shape[1]
        if numpy_helper.to_array(inits[other]).shape != (cols,):
            continue
        n.input.append(other)
        n.output[0] = add.output[0]
        folded.add(id(add))
    return [n for n in nodes if id(n) not in folded]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ckpt")
    ap.add_argument("out_dir")
    ap.add_argument("--name", default="nesgpt")
    ap.add_argument("--opset", type=int, default=14)
    ap.add_argument("--int8", action="store_true", help="int8 DynamicQuantizeMatMul weights")
    ap.add_argument("--valid-ppl", type=float, help="LakhNES-protocol valid PPL measured by `nesjam eval`")
    ap.add_argument("--reference", help="write PyTorch reference logits JSON for a fixed prompt here")
    a = ap.parse_args()
    model, ck = load_checkpoint(a.ckpt)
    model.fold_q_scale()  # the same function with one node less a block (see Block._scaled)
    cfg = model.config
    os.makedirs(a.out_dir, exist_ok=True)
    onnx_path = os.path.join(a.out_dir, a.name + ".onnx")
    step1_path = os.path.join(a.out_dir, a.name + "-step.onnx")
    for export, path in ((export_onnx, onnx_path), (export_step1_onnx, step1_path)):
        if a.int8:
            tmp = path + ".fp32.tmp"
            export(model, tmp, a.opset)
            quantize_int8(tmp, path)
            os.remove(tmp)
        else:
            export(model, path, a.opset)
    past_names, new_names = io_names(cfg["n_layer"])
    vl = ck.get("best_valid_loss")
    meta = {
        "format": FORMAT,
        "onnx": os.path.basename(onnx_path),
        "onnx_sha256": sha256(onnx_path),
        "onnx_bytes": os.path.getsize(onnx_path),
        "weights": "int8" if a.int8 else "fp32",
        "vocab_size": cfg["vocab_size"],
        "vocab_checksum": ck.get("vocab_checksum"),
        "wait_scheme": (ck.get("data") or {}).get("wait_scheme", "cumulative"),
        "context": cfg["context"],
        "n_layer": cfg["n_layer"],
        "d_model": cfg["d_model"],
        "n_head": cfg["n_head"],
        "d_head": cfg["d_model"] // cfg["n_head"],
        "params": model.num_params(),
        "positions": "alibi",
        "inputs": ["input_ids", "start_pos", "cache_pos"] + past_names,
        "outputs": ["logits"] + new_names,
        "step_onnx": os.path.basename(step1_path),
        "step_onnx_sha256": sha256(step1_path),
        "step_inputs": ["input_ids", "attn_bias"] + past_names,
        "alibi_slopes": [float(x) for x in model.slopes],
        "q_scale_folded": True,  # the attention scale lives in qkv's q rows (train.py --init-onnx reads it)
        "mask_value": NEG,
        "cache": {"kind": "ring", "past_key": "[1,H,Dh,C] (transposed)", "past_value": "[1,H,C,Dh]",
                  "cache_pos": "[C] int64 absolute positions, empty slot = -2^40", "window": cfg["context"]},
        "training": {"data": ck.get("data"), "steps": ck.get("step"), "tokens_seen": ck.get("tokens_seen"),
                     "args": {k: v for k, v in (ck.get("args") or {}).items()
                              if k in ("lr", "batch", "batch_tokens", "steps", "decay_steps", "curriculum", "dropout",
                                       "warmup", "weight_decay", "init_from", "init_onnx", "grow_layers")}},
        "valid_window_loss": vl if vl is not None and np.isfinite(vl) else None,
        "valid_window_ppl": float(np.exp(vl)) if vl is not None and np.isfinite(vl) else None,
        "valid_ppl_lakhnes": a.valid_ppl,
        "exported": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    with open(os.path.join(a.out_dir, a.name + ".json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print(json.dumps({k: meta[k] for k in ("onnx", "onnx_bytes", "params", "vocab_checksum", "valid_window_ppl")}))
    if a.reference:
        write_reference(model, a.reference)


def write_reference(model, path, length=40, every=4):
    """PyTorch logits for a fixed prompt, for the Java-vs-PyTorch test: the sliding-window forward (each token
    sees the previous context-1), so a prompt longer than the context also checks the Java ring cache."""
    v = model.config["vocab_size"]
    g = torch.Generator().manual_seed(1234)
    prompt = torch.randint(1, v, (1, length), generator=g)
    prompt[0, 0] = 0
    with torch.no_grad():
        logits = model.forward_sliding(prompt)[0]
    positions = list(range(every - 1, length, every))
    ref = {"context": model.config["context"], "prompt": prompt[0].tolist(), "positions": positions,
           "logits": [[round(float(x), 6) for x in logits[p]] for p in positions],
           "top": [int(logits[p].argmax()) for p in positions]}
    with open(path, "w") as f:
        json.dump(ref, f)
        f.write("\n")


if __name__ == "__main__":
    main()
