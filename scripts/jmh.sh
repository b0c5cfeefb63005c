#!/usr/bin/env bash
# Runs the JMH micro-benchmarks of the jmh module (APU render, model token step, sampler); arguments go to JMH.
#   scripts/jmh.sh                                  # all of them, JMH's defaults (minutes)
#   scripts/jmh.sh ApuRender -f 1 -wi 2 -i 3 -w 1s -r 1s   # the APU render benchmark, briefly
#   scripts/jmh.sh -l                               # list them; -h for JMH's options
# Builds the project first (quietly, tests skipped); mvn test never runs these.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mvn -q -B -Dstyle.color=never -DskipTests install -pl jmh -am 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2 \
  || { echo "jmh: build failed (run 'mvn -DskipTests install -pl jmh -am' to see why)" >&2; exit 1; }
exec java -cp "$here/jmh/target/classes:$(cat "$here/jmh/target/jmh.classpath")" org.openjdk.jmh.Main "$@"
