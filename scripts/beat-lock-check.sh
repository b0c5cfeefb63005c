#!/usr/bin/env bash
# The beat-lock check on a JACK server: jack_midi_clock (Debian package jack-midi-clock) sends Start and clock at
# BPM into `nesjam jam --midi-in virtual:NAME`; after SECONDS a second jack_midi_clock at THEN bpm takes over
# without a new Start; after SECONDS more the transport stops (Stop). Each clock connects only to a through port
# (JackMidiThrough), whose output is connected once to nesjam. The through port records on JACK's frame clock the
# host's clock as it forwards it and nesjam's `--midi-out virtual:NAME` (its `rec` input), and BeatGridCheck prints,
# per tempo, how many of the model's note-ons after the first 2 s lie within 5 ms of the host's 16ths / 8th
# triplets, where the first note after Start lies, and how many notes came after Stop; exit status 1 when a figure
# misses the goal (85 %). A jack_midi_dump -a client records both too; its figures are printed for comparison.
# Uses the server named by JACK_DEFAULT_SERVER when one runs (CI), else starts a private dummy server.
# usage: scripts/beat-lock-check.sh [--bpm 132] [--then 100] [--seconds 12] [--jitter PERCENT] [--frames 256]
#                                   [--grid strict|feel] [--keep DIR] [-- MORE JAM OPTIONS]
set -u
cd "$(dirname "$0")/.."
bpm=132; then=100; seconds=12; jitter=0; frames=256; grid=strict; keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bpm) bpm=$2; shift 2 ;;
    --then) then=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --jitter) jitter=$2; shift 2 ;;
    --frames) frames=$2; shift 2 ;;
    --grid) grid=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: scripts/beat-lock-check.sh [--bpm 132] [--then 100] [--seconds 12] [--jitter PERCENT]" \
            "[--frames 256] [--grid strict|feel] [--keep DIR]" >&2; exit 2 ;;
  esac
done
for tool in jack_midi_clock jack_midi_dump jack_connect jack_lsp jack_transport jackd; do
  command -v "$tool" >/dev/null || { echo "beat-lock-check: $tool is missing (apt-get install jackd2 jack-midi-clock)" >&2; exit 2; }
done
work="$(mktemp -d)"
pids=()
stop() { # ends process $1: TERM, then KILL after 5 s
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null
  wait "$1" 2>/dev/null
}
cleanup() { # the clients first, the server (the first one started) last
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do stop "${pids[$i]}"; done
  if [ -n "$keep" ]; then mkdir -p "$keep" && cp "$work"/* "$keep"/; fi
  rm -rf "$work"
}
trap cleanup EXIT
export JACK_NO_AUDIO_RESERVATION=1
if [ -z "${JACK_DEFAULT_SERVER:-}" ] || ! timeout 5 jack_lsp >/dev/null 2>&1; then
  export JACK_DEFAULT_SERVER="beatlock$$" JACK_NO_START_SERVER=1
  jackd -n "$JACK_DEFAULT_SERVER" -R -P 70 -d dummy -r 48000 -p "$frames" >"$work/jackd.log" 2>&1 & pids+=($!)
  sleep 2
fi
name="beat$$"
dump="bldump$$"
thru="blthru$$"
jack_midi_dump -a "$dump" >"$work/dump.txt" 2>"$work/dump.err" & pids+=($!)
total=$((2 * seconds + 12))
# NESJAM_CLASSPATH (the tests set it): run nesjam's classes from there instead of the ./nesjam launcher's jar
if [ -n "${NESJAM_CLASSPATH:-}" ]; then
  # the launcher's JVM options (./nesjam), so the jam runs as users run it
  nesjam=(java -XX:+UseZGC -Xms512m -Xmx2g -XX:+AlwaysPreTouch --enable-native-access=ALL-UNNAMED
          -cp "$NESJAM_CLASSPATH" org.nesjam.app.cli.Main); check=(java -cp "$NESJAM_CLASSPATH")
else
  ./nesjam --help >/dev/null 2>&1 # the launcher (re)builds the jar the through port runs from
  nesjam=(./nesjam); check=(java -cp app/target/nesjam.jar)
fi
"${check[@]}" -Xmx32m -XX:+UseSerialGC -XX:ErrorFile="$work/through-hs_err.log" org.nesjam.nativebridge.jack.JackMidiThrough "$thru" "$work/record.txt" >"$work/through.log" 2>&1 &
through=$!; pids+=($through)
NESJAM_CLOCK_LOG="$work/clock-log.txt" "${nesjam[@]}" jam --mode accompany --own p1 --midi-in "virtual:$name" --midi-out "virtual:$name" --audio jack \
  --grid "$grid" --seed 7 --seconds "$total" "$@" >"$work/jam.log" 2>&1 & jam=$!; pids+=($jam)
inport=""; outport=""
for _ in $(seq 1 600); do # the first run builds the jar
  ports="$(jack_lsp 2>/dev/null)"
  inport="$(grep -m1 ":$name\$" <<<"$(grep -- '-in' <<<"$ports")")"
  outport="$(grep -m1 ":$name\$" <<<"$(grep -- '-out' <<<"$ports")")"
  [ -n "$inport" ] && [ -n "$outport" ] && grep -q "^$dump:input" <<<"$ports" && grep -q "^$thru:rec" <<<"$ports" \
    && break
  kill -0 "$jam" 2>/dev/null || { echo "beat-lock-check: the jam ended:"; cat "$work/jam.log"; exit 1; } >&2
  kill -0 "$through" 2>/dev/null || { echo "beat-lock-check: the through port ended:"; cat "$work/through.log"
                                      exit 1; } >&2
  sleep 0.2
done
[ -n "$inport" ] && [ -n "$outport" ] || { echo "beat-lock-check: nesjam's MIDI ports did not appear" >&2; exit 1; }
jack_lsp 2>/dev/null | grep -q "^$thru:out" || { echo "beat-lock-check: the through port did not appear" >&2; exit 1; }
sleep 1 # the model warms up
jack_connect "$outport" "$dump:input"; jack_connect "$outport" "$thru:rec"
jack_connect "$thru:out" "$dump:input"; jack_connect "$thru:out" "$inport"
jitter_opt=(); [ "$jitter" != 0 ] && jitter_opt=(-J "$jitter")
new_clock() { # starts jack_midi_clock at $1 bpm; sets clock_port and clock_pid
  local before after
  before="$(jack_lsp | grep mclk_out)"
  jack_midi_clock -b "$1" -B "${jitter_opt[@]}" >"$work/clock-$1.log" 2>&1 & pids+=($!)
  clock_pid=$!
  for _ in $(seq 1 50); do
    after="$(comm -13 <(sort <<<"$before") <(jack_lsp | grep mclk_out | sort))"
    [ -n "$after" ] && { clock_port="$after"; return 0; }
    sleep 0.1
  done
  return 1
}
new_clock "$bpm" || { echo "beat-lock-check: jack_midi_clock did not start" >&2; exit 1; }
port1=$clock_port; pid1=$clock_pid
jack_connect "$port1" "$thru:in"
# from frame 0, so that jack_midi_clock sends Start (it sends Continue when the transport was left elsewhere)
printf 'stop\nlocate 0\n' | jack_transport >/dev/null 2>&1
sleep 0.3
echo play | jack_transport >/dev/null 2>&1
sleep "$seconds"
# the second clock connects itself to the through port right after it starts; the first one stops just before
kill "$pid1"
jack_midi_clock -b "$then" -B "${jitter_opt[@]}" "$thru:in" >"$work/clock-$then.log" 2>&1 & pids+=($!)
sleep "$seconds"
echo stop | jack_transport >/dev/null 2>&1
sleep 2
kill "$jam" 2>/dev/null; wait "$jam" 2>/dev/null
grep -E "^jam:" "$work/jam.log" | grep -v "MIDI clock ticks" | tail -1
# the host's ticks as nesjam counted them, as the through port forwarded them (counted when it stops, after the
# jam) and as the check's record holds them: the same through port feeds nesjam and its record, so a difference is
# a tick nesjam's MIDI input missed in an xrun (which nesjam counts from the gap it leaves)
grep -E "^jam: MIDI clock ticks received" "$work/jam.log" | tail -1
stop "$through"
grep -E "^through: .* forwarded" "$work/through.log" | tail -1
# jack_midi_dump's view, for comparison only: its frame clock counts the cycles it ran, so it falls back a period
# wherever the server skipped it in an xrun, and it loses that cycle's events (JackMidiThrough's class comment)
"${check[@]}" org.nesjam.app.bench.BeatGridCheck "$work/dump.txt" 48000 2 0 "$frames" dump | sed 's/^/jack_midi_dump: /'
# the check, on the through port's record (the host's clock as forwarded, nesjam's notes as they arrived, one frame
# clock; what the recorder got a period wrong is repaired), and where the jam's own count of the ticks (its clock
# log, NESJAM_CLOCK_LOG) departs from the check's: exit status 1 when a tempo has under 85 % on the grid,
# the first note after Start is off the beats, or a note sounds after Stop (two periods after it: in flight)
"${check[@]}" org.nesjam.app.bench.BeatGridCheck "$work/record.txt" 48000 2 85 "$frames" record \
  "$work/clock-log.txt"
