#!/usr/bin/env bash
# Reproduces the figures of BENCHMARKS.md, "Socket runtime at scale".
#
#   examples/loadgen/bench.sh            # everything (about 15 minutes)
#   RUNS=3 SECS=2 examples/loadgen/bench.sh rps
#
# Sections: rps (AMF vs tarpc vs bare, 1×64 and 8×32, medians and ratios), client (the same
# through amf_runtime::Client), idle (N idle connections: server memory and CPU), broadcast
# (10,000 peers), floor (the kernel's own cost of 10,000 sends), profile (callgrind counts).
# Every server runs in a child process; the results also land in $OUT (RESULT lines).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
SECS=${SECS:-3}
WARMUP=${WARMUP:-1}
OUT=${OUT:-${CARGO_TARGET_DIR:-target}/loadgen}
SECTIONS=${*:-rps client idle broadcast floor profile}
mkdir -p "$OUT"

cargo build --release --quiet -p amf-examples --features peers --bin amf-loadgen
BIN=${CARGO_TARGET_DIR:-target}/release/amf-loadgen

# As many file descriptors as this shell may have: 100,000 idle connections need 100,256 in
# the server (raising the hard limit needs root with CAP_SYS_RESOURCE).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
LIMIT=$(ulimit -n)

{
    echo "== machine"
    echo "cpus: $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB, kernel $(uname -r), rustc $(rustc --version | cut -d' ' -f2)"
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); file limit: $LIMIT"
} | tee "$OUT/machine.txt"

for section in $SECTIONS; do
    case $section in
    rps)
        for cd in "1 64" "8 32"; do
            set -- $cd
            echo "== AMF vs tarpc vs bare, $1 connection(s) × $2 in flight, $RUNS rounds of ${SECS} s"
            "$BIN" compare --conns "$1" --depth "$2" --runs "$RUNS" --secs "$SECS" --warmup "$WARMUP" | tee "$OUT/compare-$1x$2.txt"
        done
        ;;
    client)
        echo "== the same through amf_runtime::Client (one task per request in flight)"
        "$BIN" compare --kinds amf --client runtime --conns 1 --depth 64 --runs 3 --secs "$SECS" --warmup "$WARMUP" | tee "$OUT/client-1x64.txt"
        ;;
    idle)
        IDLE=${IDLE_CONNS:-100000}
        if [ $((IDLE + 256)) -gt "$LIMIT" ]; then
            IDLE=$(( (LIMIT - 256) / 500 * 500 ))
            echo "(the file limit is $LIMIT: $IDLE idle connections at most, not ${IDLE_CONNS:-100000})"
        fi
        for n in 2000 10000 "$IDLE"; do
            echo "== $n idle connections, default heartbeat (ping every 5 s)"
            "$BIN" idle --conns "$n" --hold 2 --window 10 | tee "$OUT/idle-$n.txt"
        done
        ;;
    broadcast)
        echo "== one message to 10,000 peers (kernel receive timestamps), 20 rounds"
        "$BIN" broadcast --peers 10000 --rounds 20 | tee "$OUT/broadcast-10000.txt"
        ;;
    floor)
        PAIRS=$(( (LIMIT - 256) / 2 < 9000 ? (LIMIT - 256) / 2 : 9000 ))
        echo "== the kernel's own cost: blocking sends to $PAIRS loopback sockets"
        "$BIN" sendfloor --pairs "$PAIRS" --rounds 10 | tee "$OUT/sendfloor.txt"
        ;;
    profile)
        if command -v valgrind >/dev/null; then
            for op in add echo; do
                echo "== callgrind: instructions per $op request (1 × 64)"
                OUT="$OUT/callgrind" examples/loadgen/profile.sh "$op" 100000 | tee "$OUT/callgrind-$op.txt"
            done
        else
            echo "(no valgrind: profile skipped)"
        fi
        ;;
    *) echo "unknown section $section" >&2; exit 2 ;;
    esac
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
