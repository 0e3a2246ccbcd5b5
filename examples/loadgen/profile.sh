#!/usr/bin/env bash
# Instructions per request of the AMF server, counted by callgrind (steady on a noisy machine):
# the server runs under valgrind on one worker thread, the generator sends N verified requests,
# and the count of a run of 0 requests (start-up and shutdown) is subtracted.
#
#   examples/loadgen/profile.sh [op=add|echo] [requests=100000] [conns=1] [depth=64]
#
# Leaves callgrind.out files in $OUT (default /tmp/amf-profile) for callgrind_annotate.
set -euo pipefail
cd "$(dirname "$0")/../.."
OP=${1:-add}
N=${2:-100000}
CONNS=${3:-1}
DEPTH=${4:-64}
OUT=${OUT:-/tmp/amf-profile}
mkdir -p "$OUT"
cargo build --release --quiet -p amf-examples --features peers --bin amf-loadgen
BIN=${CARGO_TARGET_DIR:-target}/release/amf-loadgen

# Runs the server under callgrind, sends $1 requests, prints the instruction count.
count() {
    local n=$1 file="$OUT/callgrind.out.$OP.$1"
    rm -f "$file"
    coproc SERVER { exec valgrind --tool=callgrind --callgrind-out-file="$file" "$BIN" serve --kind amf --port 0 --threads 1 2>/dev/null; }
    local line addr
    read -r line <&"${SERVER[0]}"
    addr=${line#READY }
    if [ "$n" -gt 0 ]; then
        "$BIN" rps --addr "$addr" --op "$OP" --conns "$CONNS" --depth "$DEPTH" --warmup 0 --secs 600 --requests "$n" >/dev/null 2>&1
    fi
    exec {SERVER[1]}>&-
    wait "$SERVER_PID" || true
    grep -E '^(summary|totals):' "$file" | head -1 | awk '{print $2}'
}

base=$(count 0)
loaded=$(count "$N")
echo "op=$OP conns=$CONNS depth=$DEPTH requests=$N instructions: idle run $base, loaded run $loaded"
awk -v a="$loaded" -v b="$base" -v n="$N" 'BEGIN { printf "instructions per request: %.0f\n", (a - b) / n }'
echo "annotate: callgrind_annotate $OUT/callgrind.out.$OP.$N | head -60"
