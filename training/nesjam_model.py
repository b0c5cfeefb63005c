"""Decoder-only Transformer (GPT style) over LakhNES TX1 event tokens, with ALiBi relative positions.

Why ALiBi: attention scores get a bias of -slope_h * (query_pos - key_pos). Keys and values carry no
position, so the Java runner can keep a fixed-size KV cache, roll it (drop the oldest entries) for
endless generation and truncate it for rollback without recomputing anything.

Two forward paths, one set of weights:
  * forward(idx)                      training / evaluation over a whole window [B, T]
  * step(input_ids, past_len, *past)  the exported ONNX graph: T new tokens on top of a fixed-capacity
                                      cache of which the first past_len positions are valid.

Cache used by step() (and the Java runner): a RING BUFFER of C slots; per layer i
  past_key_i   [1, H, Dh, C]  keys stored TRANSPOSED so q @ K needs no Transpose node
  past_value_i [1, H, C, Dh]
  cache_pos    [C]            absolute position of each slot (ALiBi needs only distances)
C is a dynamic axis (the Java runner uses C = context). A query attends to the previous context-1
positions (sliding window), so endless generation just overwrites the oldest slot: no shift, no re-prefill.
Truncation (rollback) marks slots as empty in cache_pos: O(C) integer writes, no tensor work.
Outputs: logits [1, T, V] and new_key_i [1, H, Dh, T], new_value_i [1, H, T, Dh]: only the T new
positions, which the caller writes into its ring. The graph never copies the cache (no Concat of past
and present), so a step reads the cache once and copies nothing.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

NEG = -1e9  # additive mask value (finite: avoids NaN when combined with ALiBi bias)


def alibi_slopes(n_head):
    """Slopes of Press et al. (2022) for a power-of-two head count, else the paper's interpolation."""
    def pow2(n):
        start = 2.0 ** (-(2.0 ** -(math.log2(n) - 3)))
        return [start * (start ** i) for i in range(n)]
    if math.log2(n_head).is_integer():
        return pow2(n_head)
    closest = 2 ** math.floor(math.log2(n_head))
    return pow2(closest) + pow2(2 * closest)[0::2][: n_head - closest]


class Block(nn.Module):
    def __init__(self, d_model, n_head, dropout):
        super().__init__()
        self.n_head = n_head
        self.d_head = d_model // n_head
        # the attention scale on q; fold_q_scale() moves it into the q rows of qkv (1.0 afterwards)
        self.q_scale = 1.0 / math.sqrt(self.d_head)
        self.ln1 = nn.LayerNorm(d_model)
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)
        self.ln2 = nn.LayerNorm(d_model)
        self.fc1 = nn.Linear(d_model, 4 * d_model)
        self.fc2 = nn.Linear(4 * d_model, d_model)
        self.drop = nn.Dropout(dropout)
        self.attn_drop = nn.Dropout(dropout)

    def _split(self, x):
        b, t, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).chunk(3, dim=-1)
        shape = (b, t, self.n_head, self.d_head)
        q = q.reshape(shape).transpose(1, 2)  # [B,H,T,Dh]
        k = k.reshape(shape).transpose(1, 2)
        v = v.reshape(shape).transpose(1, 2)
        return q, k, v

    def _scaled(self, q):
        # no node at all once the scale is folded: ORT then runs q @ past_kT as a plain MatMul, which measured
        # 25 % faster a step than the FusedMatMul it makes of MatMul(Mul(q, scale)) (L4 d128, 1,152 slots)
        return q if self.q_scale == 1.0 else q * self.q_scale

    def fold_q_scale(self):
        """Multiplies the q rows of the qkv projection (weight and bias) by q_scale and sets q_scale to 1: the
        same function, one node less per block in the exported graphs."""
        with torch.no_grad():
            d = self.n_head * self.d_head
            self.qkv.weight[:d] *= self.q_scale
            self.qkv.bias[:d] *= self.q_scale
        self.q_scale = 1.0

    def _mlp(self, x):
        return x + self.drop(self.fc2(F.gelu(self.fc1(self.ln2(x)))))

    def forward(self, x, bias):
        """Training path. bias: [H, T, T] ALiBi + causal mask."""
        b, t, d = x.shape
        q, k, v = self._split(x)
        # scale q, not the [B,H,T,T] scores, and add the bias in place: the score tensor is what costs at T=1024
        att = self._scaled(q) @ k.transpose(-1, -2)
        att = self.attn_drop(torch.softmax(att.add_(bias), dim=-1))
        y = (att @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.drop(self.proj(y))
        return self._mlp(x)

    def step(self, x, bias_cache, bias_new, past_kT, past_v, c):
        """Cached path. x [1,T,D]; bias_cache [H,T,C]; bias_new [H,T,T]; past_kT [1,H,Dh,C]; past_v [1,H,C,Dh];
        c = C (computed once for all layers). Shapes are written with constants and -1 so the exported graph carries
        no per-layer Shape/Gather/Concat bookkeeping (L3 d128: 437 -> 281 exported nodes, 185 -> 131 after ORT's
        optimisation)."""
        h, dh = self.n_head, self.d_head
        qkv = self.qkv(self.ln1(x)).reshape(1, -1, 3, h, dh)  # [1,T,3,H,Dh]
        q = self._scaled(qkv[:, :, 0].transpose(1, 2))  # [1,H,T,Dh]
        kT = qkv[:, :, 1].permute(0, 2, 3, 1)  # [1,H,Dh,T]
        v = qkv[:, :, 2].transpose(1, 2)  # [1,H,T,Dh]
        s_cache = q @ past_kT + bias_cache  # [1,H,T,C]
        s_new = q @ kT + bias_new  # [1,H,T,T]
        p = torch.softmax(torch.cat([s_cache, s_new], dim=-1), dim=-1)
        y = p[..., :c] @ past_v + p[..., c:] @ v
        y = y.transpose(1, 2).reshape(1, -1, h * dh)
        x = x + self.proj(y)
        return self._mlp(x), kT, v

    def step1(self, x, attn_bias, past_kT, past_v):
        """One-token cached path (the single-token ONNX graph). x [1,1,D]; attn_bias [1,H,1,C] (ALiBi bias and
        mask of each cache slot, computed by the caller); the token attends to itself with bias 0. With T fixed
        at 1 every reshape is a view: no Transpose, Shape or mask-building nodes (86 nodes after ORT's
        optimisation for L3 d128, against 131 for step())."""
        h, dh = self.n_head, self.d_head
        qkv = self.qkv(self.ln1(x)).reshape(3, h, 1, dh)
        q = self._scaled(qkv[0:1])  # [1,H,1,Dh]
        k = qkv[1:2]
        v = qkv[2:3]
        s_cache = q @ past_kT + attn_bias  # [1,H,1,C]
        s_self = (q * k).sum(-1, keepdim=True)  # [1,H,1,1]
        p = torch.softmax(torch.cat([s_cache, s_self], dim=-1), dim=-1)
        y = p[..., :-1] @ past_v + p[..., -1:] * v
        x = x + self.proj(y.reshape(1, 1, h * dh))
        return self._mlp(x), k.reshape(1, h, dh, 1), v


class NesGPT(nn.Module):
    def __init__(self, vocab_size, n_layer=4, d_model=256, n_head=4, context=512, dropout=0.1,
                 q_scale_folded=False):
        super().__init__()
        self.config = dict(vocab_size=vocab_size, n_layer=n_layer, d_model=d_model, n_head=n_head,
                           context=context, dropout=dropout, q_scale_folded=q_scale_folded)
        self.context = context
        self.n_head = n_head
        self.tok = nn.Embedding(vocab_size, d_model)
        self.drop = nn.Dropout(dropout)
        self.blocks = nn.ModuleList([Block(d_model, n_head, dropout) for _ in range(n_layer)])
        if q_scale_folded:  # weights from a folded export (or a checkpoint of one): the scale is in the q rows
            for blk in self.blocks:
                blk.q_scale = 1.0
        self.ln_f = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, vocab_size, bias=False)
        self.head.weight = self.tok.weight  # tied embeddings
        self.register_buffer("slopes", torch.tensor(alibi_slopes(n_head), dtype=torch.float32), persistent=False)
        self.apply(self._init)
        for blk in self.blocks:  # GPT-2 residual scaling
            nn.init.normal_(blk.proj.weight, std=0.02 / math.sqrt(2 * n_layer))
            nn.init.normal_(blk.fc2.weight, std=0.02 / math.sqrt(2 * n_layer))

    @staticmethod
    def _init(m):
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, std=0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            nn.init.normal_(m.weight, std=0.02)

    def fold_q_scale(self):
        """Folds every block's attention scale into its q rows (see Block.fold_q_scale); idempotent."""
        for blk in self.blocks:
            blk.fold_q_scale()
        self.config["q_scale_folded"] = True

    def num_params(self):
        return sum(p.numel() for p in self.parameters())

    def _train_bias(self, t, device):
        pos = torch.arange(t, device=device)
        dist = (pos[:, None] - pos[None, :]).float()  # query - key
        bias = -self.slopes[:, None, None] * dist[None]
        return bias.masked_fill(dist[None] < 0, NEG)  # [H,T,T]

    def forward(self, idx, targets=None):
        b, t = idx.shape
        bias = self._train_bias(t, idx.device)
        x = self.drop(self.tok(idx))
        for blk in self.blocks:
            x = blk(x, bias)
        logits = self.head(self.ln_f(x))
        if targets is None:
            return logits
        loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), targets.reshape(-1))
        return logits, loss

    def step(self, input_ids, start_pos, cache_pos, *past):
        """ONNX step graph over a RING-BUFFER KV cache.

        input_ids [1,T] int64: the T new tokens, at absolute positions start_pos .. start_pos+T-1.
        start_pos [1] int64.
        cache_pos [C] int64: the absolute position held by each cache slot (any order; a slot that holds
            nothing must carry a position <= start_pos - context, e.g. -2^40, so it is masked).
        past = (past_key_0, past_value_0, ...): past_key_i [1,H,Dh,C], past_value_i [1,H,C,Dh].
        A query attends to keys at distance 0 .. context-1 (a sliding window of `context` tokens, exactly
        the training window), so rolling and truncating the cache is only a matter of cache_pos.
        Returns (logits [1,T,V], new_key_0 [1,H,Dh,T], new_value_0 [1,H,T,Dh], ...)."""
        t = input_ids.shape[1]
        window = self.context - 1
        q_pos = start_pos.reshape(1, 1) + torch.arange(t).reshape(-1, 1)  # [T,1] int64
        bias_cache = self.cache_bias(q_pos, cache_pos)  # [H,T,C]
        slopes = self.slopes.reshape(-1, 1, 1)
        new_pos = torch.arange(t)
        dist_new = new_pos.reshape(-1, 1) - new_pos.reshape(1, -1)  # [T,T]
        ok_new = (dist_new >= 0) & (dist_new <= window)
        bias_new = -slopes * dist_new.to(torch.float32)
        bias_new = torch.where(ok_new, bias_new, torch.full_like(bias_new, NEG))
        x = self.tok(input_ids)
        c = cache_pos.shape[0]  # traced as one Shape node shared by every layer's slice
        outs = []
        for i, blk in enumerate(self.blocks):
            x, kT, v = blk.step(x, bias_cache, bias_new, past[2 * i], past[2 * i + 1], c)
            outs += [kT, v]
        logits = self.head(self.ln_f(x))
        return (logits, *outs)

    def cache_bias(self, q_pos, cache_pos):
        """ALiBi bias and mask of every cache slot for queries at q_pos [T,1] (int64): [H,T,C]. The rule of both
        graphs (step1's caller, the Java runner, builds the same from cache_pos)."""
        dist_cache = q_pos - cache_pos.reshape(1, -1)  # [T,C]
        ok_cache = (dist_cache >= 1) & (dist_cache <= self.context - 1)
        bias_cache = -self.slopes.reshape(-1, 1, 1) * dist_cache.to(torch.float32)  # [H,T,C]
        return torch.where(ok_cache, bias_cache, torch.full_like(bias_cache, NEG))

    def step1(self, input_ids, attn_bias, *past):
        """Single-token ONNX graph over the same ring cache as step(): input_ids [1,1]; attn_bias [1,H,1,C] =
        -slope_h * (q_pos - cache_pos[c]) where 1 <= q_pos - cache_pos[c] <= context-1, else NEG (the caller
        builds it from cache_pos; slopes = alibi_slopes(n_head)). Same outputs as step() with T = 1."""
        x = self.tok(input_ids)
        outs = []
        for i, blk in enumerate(self.blocks):
            x, kT, v = blk.step1(x, attn_bias, past[2 * i], past[2 * i + 1])
            outs += [kT, v]
        logits = self.head(self.ln_f(x))
        return (logits, *outs)

    def forward_sliding(self, idx):
        """Reference for the ring cache: every position attends to the previous context-1 positions
        (banded mask) over a sequence of any length. [1,N] -> logits [1,N,V]."""
        n = idx.shape[1]
        pos = torch.arange(n)
        dist = (pos[:, None] - pos[None, :])
        bias = -self.slopes[:, None, None] * dist[None].float()
        bias = bias.masked_fill(((dist < 0) | (dist > self.context - 1))[None], NEG)
        x = self.tok(idx)
        for blk in self.blocks:
            x = blk(x, bias)
        return self.head(self.ln_f(x))


def load_checkpoint(path, map_location="cpu"):
    ck = torch.load(path, map_location=map_location)
    cfg = dict(ck["config"])
    cfg["dropout"] = 0.0
    model = NesGPT(**cfg)
    model.load_state_dict(ck["model"])
    model.eval()
    return model, ck
