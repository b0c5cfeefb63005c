#!/usr/bin/env bash
# What the model plays, measured the way reference/music-metrics.md judges it: 10 pieces of 60 s from
# `nesjam generate` (seeds 1-10) at each --structure given, and `nesjam stats` over them (repeated 8-note patterns,
# note lengths, notes per second, silences), beside the same figures for the first 60 s of NES-MDB valid.
#   scripts/music-quality.sh [OUT_DIR] [STRUCTURE ...]      (default: target/music-quality, 0 0.5 1)
# Extra `generate` options (e.g. --model FILE, --temp 0.9) go in $GENERATE_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/music-quality}"
shift || true
structures=("$@")
[ ${#structures[@]} -gt 0 ] || structures=(0 0.5 1)
shared="${NESJAM_SHARED:-../shared}"
mkdir -p "$out"
echo "== NES-MDB valid, first 60 s"
./nesjam stats "$shared/data/nesmdb/valid" --seconds 60
for s in "${structures[@]}"; do
  dir="$out/structure-$s"
  rm -rf "$dir"
  mkdir -p "$dir"
  for seed in 1 2 3 4 5 6 7 8 9 10; do
    # shellcheck disable=SC2086
    ./nesjam generate --seconds 60 --seed "$seed" --structure "$s" ${GENERATE_ARGS:-} -o "$dir/seed-$seed.mid" >/dev/null
  done
  echo "== generate --structure $s, seeds 1-10"
  ./nesjam stats "$dir" --seconds 60
done
