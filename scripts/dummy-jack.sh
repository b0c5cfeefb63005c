#!/usr/bin/env bash
# Runs a command beside a private JACK server with the dummy driver (48 kHz), then stops the server and prints
# how many xrun lines its log got. For the jam's figures on a machine without a sound card:
#   scripts/dummy-jack.sh ./nesjam bench jam --jack --notes 500                      # reaction time
#   scripts/dummy-jack.sh ./nesjam jam --audio jack --no-midi --seconds 3600 --stats-every 60   # soak
# usage: scripts/dummy-jack.sh [--frames 256] COMMAND [ARGS...]
set -u
frames=256
if [ "${1:-}" = "--frames" ]; then frames=$2; shift 2; fi
[ $# -gt 0 ] || { echo "usage: scripts/dummy-jack.sh [--frames 256] COMMAND [ARGS...]" >&2; exit 2; }
server="dummy$$"; log="$(mktemp)"
export JACK_NO_AUDIO_RESERVATION=1 JACK_DEFAULT_SERVER="$server"
jackd -n "$server" -R -P 70 -d dummy -r 48000 -p "$frames" > "$log" 2>&1 & jack=$!
trap 'kill $jack 2>/dev/null; wait $jack 2>/dev/null; rm -f "$log"' EXIT
sleep 2
"$@"; rc=$?
echo "dummy-jack: $frames frames; jackd logged $(grep -c -i xrun "$log") xrun lines" >&2
exit $rc
