#!/usr/bin/env bash
# One prepared, self-stopping GPU training run (see training/README.md, "GPU").
#   training/gpu/train-gpu.sh [OUT_DIR]        (OUT_DIR defaults to $OUT, the device tool's output folder)
# Needs: a CUDA GPU, python3 with torch (and numpy), and target/gpu-data/ from training/gpu/prepare.sh.
# Trains the size the live budget allows (L4 d192, context 1024: `nesjam bench gen` 49x real time, p99 0.49 ms a
# token on this project's CPU) from scratch on NES-MDB train with 8 augmented passes, for at most 8 minutes of
# training plus evaluation (the whole script stops itself within 9 minutes), with a warm-up / constant / linear decay
# schedule that ends inside that budget. Writes OUT_DIR/run/{best.pt,last.pt,log.jsonl} and OUT_DIR/train.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-${OUT:-/tmp/nesjam-gpu}}"
data=target/gpu-data
mkdir -p "$out"
log="$out/train.log"
{
  echo "gpu: $(nvidia-smi --query-gpu=name,memory.total --format=csv,noheader 2>/dev/null || echo 'no nvidia-smi')"
  python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.cuda.is_available())'
} >"$log" 2>&1
python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' \
  || { echo "train-gpu: no CUDA device for torch (see $log)"; exit 1; }
[ -f "$data/nesmdb-train-aug.tok" ] || gunzip -k "$data/nesmdb-train-aug.tok.gz"
[ -f "$data/nesmdb-train-aug.tok.json" ] || { echo "train-gpu: run training/gpu/prepare.sh first"; exit 1; }
# steps: about 70 steps/s of 64 x 1024 tokens is not assumed; --max-seconds stops training on time and the decay is
# placed by steps, so the schedule is sized for a conservative 25 steps/s (12,000 steps in 480 s).
timeout 540 python3 training/train.py --device cuda --bf16 \
  --train "$data/nesmdb-train-aug.tok" --valid "$data/nesmdb-valid.tok" --out "$out/run" \
  --layers 4 --d-model 192 --heads 4 --context 1024 --curriculum 256@0,512@3000,1024@7000 \
  --batch-tokens 65536 --micro-tokens 65536 --lr 2e-3 --warmup 300 --steps 12000 --decay-steps 3000 \
  --eval-every 1000 --eval-windows 96 --log-every 100 --threads 4 --max-seconds 480 >>"$log" 2>&1 || true
tail -3 "$log"
ls -la "$out/run"
