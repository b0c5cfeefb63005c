#!/usr/bin/env bash
# xruns of nesjam against JACK's own C example client, same private dummy server, same load.
# usage: scripts/xrun-baseline.sh [FRAMES=256] [SECONDS=120]
# Cases, one after the other, each beside two busy-loop burner processes: jack_simple_client, nesjam with the probe
# instrument, nesjam with the APU, jack_simple_client again. Counts the xrun lines in jackd's log for each case.
set -u
frames=${1:-256}; seconds=${2:-120}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
server="xrunbase$$"; log="$(mktemp)"; out="$(mktemp)"
export JACK_NO_AUDIO_RESERVATION=1 JACK_DEFAULT_SERVER="$server"
jackd -n "$server" -R -P 70 -d dummy -r 48000 -p "$frames" > "$log" 2>&1 & jack=$!
trap 'kill $jack 2>/dev/null; rm -f "$log" "$out"' EXIT
sleep 2
burn() { timeout "$seconds" sh -c 'while :; do :; done' & b1=$!; timeout "$seconds" sh -c 'while :; do :; done' & b2=$!; wait $b1 $b2; }
count() { grep -c -i xrun "$log"; }
c_client() {
  jack_simple_client > /dev/null 2>&1 & sc=$!; sleep 3; a=$(count); burn; b=$(count); kill $sc; sleep 1
  echo "jack_simple_client: $((b - a)) xruns"
}
nesjam_case() {
  "$here/nesjam" bench audio xruns --seconds "$seconds" --burners 0 --instrument "$1" > "$out" 2>&1 & nj=$!
  sleep 3; a=$(count); burn; wait $nj; b=$(count)
  echo "nesjam --instrument $1: $((b - a)) xruns ($(grep -o 'worst engine cycle [0-9.]* ms' "$out"))"
}
echo "$frames frames, 48 kHz, $seconds s per case, two busy-loop burners"
c_client; nesjam_case probe; nesjam_case apu; c_client
