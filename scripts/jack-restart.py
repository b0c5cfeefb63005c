#!/usr/bin/env python3
"""Restarts a private JACK server (dummy driver) under a running `nesjam jam` and times how nesjam rides it out.

usage: scripts/jack-restart.py [--restarts 3] [--every 6] [--down 2] [--rates 48000,44100] [--all]
                               [-- JAM ARGS]

Starts jackd, then `./nesjam jam --audio jack --record DIR`; every --every seconds it kills the server (SIGKILL) and
starts a new one of the same name --down seconds later (at the next of --rates, in turn). Prints nesjam's lines
about it with their times, and for each restart the seconds from the new server's start to nesjam's "the server is back" line, and the JVM's resident
memory and thread count after each return (a leak grows them). Standard library only.
"""
import argparse
import os
import subprocess
import tempfile
import threading
import time

ap = argparse.ArgumentParser()
ap.add_argument("--restarts", type=int, default=3)
ap.add_argument("--every", type=float, default=6.0)
ap.add_argument("--down", type=float, default=2.0)
ap.add_argument("--rates", default="48000", help="sample rates the server starts at, in turn")
ap.add_argument("--all", action="store_true", help="print every line nesjam wrote, not only those about the server")
ap.add_argument("jam_args", nargs="*")
a = ap.parse_args()

here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
server = "nesjamrestart%d" % os.getpid()
env = dict(os.environ, JACK_NO_AUDIO_RESERVATION="1", JACK_DEFAULT_SERVER=server)
record = tempfile.mkdtemp(prefix="nesjam-restart-")


rates = [r.strip() for r in a.rates.split(",")]


def jackd(k=0):
    return subprocess.Popen(["jackd", "-n", server, "-r", "-d", "dummy", "-r", rates[k % len(rates)], "-p", "256"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_line(lines, text, timeout):
    end = time.time() + timeout
    while time.time() < end:
        if any(text in l for _, l in lines):
            return True
        time.sleep(0.05)
    return False


j = jackd()
time.sleep(2)
seconds = a.restarts * (a.every + a.down) + a.every
t0 = time.time()
nesjam = subprocess.Popen([os.path.join(here, "nesjam"), "jam", "--audio", "jack", "--seconds", str(seconds),
                           "--record", record] + a.jam_args, env=env, cwd=here, stderr=subprocess.PIPE,
                          stdout=subprocess.DEVNULL, text=True)
lines = []
threading.Thread(target=lambda: [lines.append((time.time(), l.rstrip())) for l in nesjam.stderr], daemon=True).start()
if not wait_for_line(lines, "jam: recording to", 120):
    print("nesjam did not start:", [l for _, l in lines])
starts = []
health = []  # (RSS MiB, threads) of nesjam's JVM before the first kill and 3 s after each restart


def sample_health():
    try:
        fields = dict(l.split(":", 1) for l in open("/proc/%d/status" % nesjam.pid) if ":" in l)
        health.append((int(fields["VmRSS"].split()[0]) // 1024, int(fields["Threads"])))
    except (OSError, KeyError, ValueError):
        pass


for k in range(a.restarts):
    if k == 0:
        time.sleep(a.every / 2)
        sample_health()
        time.sleep(a.every / 2)
    else:
        time.sleep(3)
        sample_health()
        time.sleep(max(0, a.every - 3))
    j.kill()
    j.wait()
    lines.append((time.time(), "(jackd killed)"))
    time.sleep(a.down)
    j = jackd(k + 1)
    starts.append(time.time())
    lines.append((starts[-1], "(jackd started)"))
time.sleep(3)
sample_health()
nesjam.wait()
j.terminate()
j.wait()
for t, l in lines:
    about_server = "shut down" in l or "is back" in l or l.startswith("(jackd")
    if a.all or about_server or l.startswith("midi in") or "recorded" in l:
        print("%7.3f  %s" % (t - t0, l))
backs = [t for t, l in lines if "is back" in l]
print("nesjam exit %d; server start -> back (s): %s; recordings in %s: %s" % (
    nesjam.returncode, [round(b - s, 3) for s, b in zip(starts, backs)], record, sorted(os.listdir(record))))
print("nesjam's JVM (RSS MiB, threads), before the first kill and 3 s after each return:", health)
