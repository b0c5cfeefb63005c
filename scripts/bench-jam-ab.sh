#!/usr/bin/env bash
# A/B of what beat lock and harmony following cost the jam's reaction through JACK: on one JACK server, runs
#   A: ./nesjam bench jam --jack --notes N --chord                       (defaults: --grid 1 strict, --harmony 0.7)
#   B: ./nesjam bench jam --jack --notes N --chord --grid 0 --harmony 0  (beat lock and harmony off)
# interleaved A B A B ... for ROUNDS rounds (same player notes, same held C major chord on the chord channel, so
# only the two settings differ), and prints each run's p50 / p99 reaction (send -> next 250 ms regenerated), the
# median of each arm's p50s and p99s, and median(A) - median(B). The issue's goal: A's p50 at most 1 ms above B's.
# Uses the server named by JACK_DEFAULT_SERVER when one runs, else starts a private dummy server (48 kHz).
# Exit status 1 when a run fails; 2 for a usage error. Measure on a quiet machine: the figure is a difference of
# medians, and other processes' load moves each run by more than that.
# usage: scripts/bench-jam-ab.sh [--notes 300] [--rounds 3] [--model FILE] [--frames 256]
set -u
cd "$(dirname "$0")/.."
notes=300; rounds=3; model=(); frames=256
usage() { echo "usage: scripts/bench-jam-ab.sh [--notes 300] [--rounds 3] [--model FILE] [--frames 256]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --notes) [ $# -ge 2 ] || usage; notes=$2; shift 2 ;;
    --rounds) [ $# -ge 2 ] || usage; rounds=$2; shift 2 ;;
    --model) [ $# -ge 2 ] || usage; model=(--model "$2"); shift 2 ;;
    --frames) [ $# -ge 2 ] || usage; frames=$2; shift 2 ;;
    *) usage ;;
  esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "bench-jam-ab: --rounds must be a positive whole number" >&2; exit 2; }
[[ "$notes" =~ ^[1-9][0-9]*$ ]] || { echo "bench-jam-ab: --notes must be a positive whole number" >&2; exit 2; }
command -v jackd >/dev/null || { echo "bench-jam-ab: jackd is missing (apt-get install jackd2)" >&2; exit 2; }
work="$(mktemp -d)"
jack=""
cleanup() {
  [ -n "$jack" ] && { kill "$jack" 2>/dev/null; wait "$jack" 2>/dev/null; }
  rm -rf "$work"
}
trap cleanup EXIT
export JACK_NO_AUDIO_RESERVATION=1
if [ -z "${JACK_DEFAULT_SERVER:-}" ] || ! timeout 5 jack_lsp >/dev/null 2>&1; then
  export JACK_DEFAULT_SERVER="benchab$$" JACK_NO_START_SERVER=1
  jackd -n "$JACK_DEFAULT_SERVER" -R -P 70 -d dummy -r 48000 -p "$frames" >"$work/jackd.log" 2>&1 & jack=$!
  sleep 2
fi
./nesjam --help >/dev/null 2>&1 # the launcher builds the jar first (not inside the first timed run)
a_opts=(--chord)
b_opts=(--chord --grid 0 --harmony 0)
printf '%-5s %-4s %10s %10s %10s  %s\n' round arm "p50 ms" "p99 ms" "load" "options"
for r in $(seq 1 "$rounds"); do
  for arm in A B; do
    if [ "$arm" = A ]; then opts=("${a_opts[@]}"); else opts=("${b_opts[@]}"); fi
    log="$work/$r-$arm.txt"
    if ! ./nesjam bench jam --jack --notes "$notes" "${model[@]}" "${opts[@]}" >"$log" 2>&1; then
      echo "bench-jam-ab: round $r arm $arm failed:" >&2; tail -5 "$log" >&2; exit 1
    fi
    # "reaction through JACK MIDI (...), N of M events: p50 X ms, p90 Y ms, p99 Z ms, max W ms"
    line="$(grep -m1 '^reaction through JACK MIDI' "$log")"
    p50="$(sed -n 's/.* p50 \([0-9.]*\) ms.*/\1/p' <<<"$line")"
    p99="$(sed -n 's/.* p99 \([0-9.]*\) ms.*/\1/p' <<<"$line")"
    [ -n "$p50" ] && [ -n "$p99" ] || { echo "bench-jam-ab: no reaction figures in round $r arm $arm:" >&2
                                        cat "$log" >&2; exit 1; }
    printf '%-5s %-4s %10s %10s %10s  %s\n' "$r" "$arm" "$p50" "$p99" "$(cut -d' ' -f1 /proc/loadavg)" "${opts[*]}"
    echo "$arm $p50 $p99" >>"$work/figures.txt"
  done
done
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
a50="$(awk '$1=="A"{print $2}' "$work/figures.txt" | median)"; b50="$(awk '$1=="B"{print $2}' "$work/figures.txt" | median)"
a99="$(awk '$1=="A"{print $3}' "$work/figures.txt" | median)"; b99="$(awk '$1=="B"{print $3}' "$work/figures.txt" | median)"
echo "median of $rounds runs each, $notes notes a run:"
awk -v a="$a50" -v b="$b50" 'BEGIN {printf "  p50: A (beat lock + harmony) %.2f ms, B (both off) %.2f ms, A - B %+.2f ms\n", a, b, a - b}'
awk -v a="$a99" -v b="$b99" 'BEGIN {printf "  p99: A %.2f ms, B %.2f ms, A - B %+.2f ms\n", a, b, a - b}'
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
