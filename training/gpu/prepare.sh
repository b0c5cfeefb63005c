#!/usr/bin/env bash
# Run on the CPU machine before a GPU session: writes the token files the GPU run reads into target/gpu-data/
# (git-ignored; small enough to travel with the device tool's `carry`: about 40 MB gzip-compressed).
# Java owns tokenization, so the token files come from `nesjam dataset` here, never from Python on the GPU machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
shared="${NESJAM_SHARED:-../shared}"
out=target/gpu-data
mkdir -p "$out"
./nesjam dataset --in "$shared/data/nesmdb/valid" --out "$out/nesmdb-valid.tok" --eval --force
./nesjam dataset --in "$shared/data/nesmdb/train" --out "$out/nesmdb-train-aug.tok" --augment 8 --force
gzip -f -1 "$out/nesmdb-train-aug.tok"
ls -la "$out"
