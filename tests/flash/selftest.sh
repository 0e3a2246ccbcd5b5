#!/usr/bin/env bash
# End-to-end self-test of the Flash toolchain: installs it (setup.sh), checks that the
# compiler accepts good code and rejects errors and warnings, and that the Ruffle harness
# reports success, failure and a socket round trip. Last line: "N passed, M failed".
#
# Env: AMF_TOOLS_DIR (see setup.sh), AMF_SELFTEST_KEEP=1 keeps the output folder.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ST="$HERE/selftest"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/amf-flash-selftest.XXXXXX")"
ECHO_PID=""
PASSED=0
FAILED=0
FAILURES=()

cleanup() {
  if [ -n "$ECHO_PID" ]; then kill "$ECHO_PID" 2>/dev/null || true; fi
  if [ "${AMF_SELFTEST_KEEP:-0}" = 1 ]; then echo "output kept in $OUT"; else rm -rf "$OUT"; fi
}
trap cleanup EXIT

# check NAME EXPECT(ok|fail|EXIT_CODE) GREP_PATTERN -- command...
# Runs the command, shows its output indented, and checks its exit status; GREP_PATTERN
# (may be empty) must occur in the output, so that a failure fails for the right reason.
check() {
  local name="$1" expect="$2" pattern="$3"; shift 4
  local log rc t0 t1 ok=1
  log="$OUT/$(echo "$name" | tr -c 'A-Za-z0-9\n' '_').log"
  echo "=== $name"
  t0=$(date +%s.%N)
  set +e; "$@" >"$log" 2>&1; rc=$?; set -e
  t1=$(date +%s.%N)
  sed 's/^/    /' "$log"
  case "$expect" in
    ok) [ "$rc" -eq 0 ] || ok=0 ;;
    fail) [ "$rc" -ne 0 ] || ok=0 ;;
    *) [ "$rc" -eq "$expect" ] || ok=0 ;;
  esac
  if [ -n "$pattern" ] && ! grep -qE -- "$pattern" "$log"; then ok=0; fi
  local secs; secs=$(awk "BEGIN{printf \"%.1f\", $t1-$t0}")
  if [ $ok -eq 1 ]; then
    PASSED=$((PASSED + 1)); echo "--- PASS $name (exit $rc, ${secs} s)"
  else
    FAILED=$((FAILED + 1)); FAILURES+=("$name")
    echo "--- FAIL $name (exit $rc, expected $expect${pattern:+, output matching /$pattern/}, ${secs} s)"
  fi
}

free_port() {
  node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

check "setup.sh" ok "" -- bash "$HERE/setup.sh"

# Compiler: good code passes, type errors and warnings fail.
ASC="$HERE/ascompile.sh"
check "compile lib selftest/lib" ok "wrote .*lib.swc" -- bash "$ASC" lib "$ST/lib" "$OUT/lib.swc"
check "compile Hello.as" ok "wrote .*Hello.swf" -- bash "$ASC" app "$ST" Hello.as "$OUT/Hello.swf"
check "compile Broken.as fails" fail " Error: " -- bash "$ASC" app "$ST" Broken.as "$OUT/Broken.swf"
check "compile Warn.as fails" fail "warnings; treated as errors" -- bash "$ASC" app "$ST" Warn.as "$OUT/Warn.swf"
check "compile SocketHello.as" ok "wrote .*SocketHello.swf" -- \
  bash "$ASC" app "$ST:$ST/lib" SocketHello.as "$OUT/SocketHello.swf"

# Ruffle harness: success and requested failure are told apart.
RUN=(node "$HERE/run-ruffle.mjs" --timeout-ms 60000)
check "ruffle Hello" 0 "DONE: console line matched" -- \
  "${RUN[@]}" --swf "$OUT/Hello.swf" --socket-proxy 127.0.0.1:9
check "ruffle Hello fail=1" 1 "FAIL: console line matched /AMF_TEST_FAIL/" -- \
  "${RUN[@]}" --swf "$OUT/Hello.swf" --socket-proxy 127.0.0.1:9 --flashvars "fail=1"

# Socket round trip through Ruffle's WebSocket proxy to a local echo server.
node "$ST/ws-echo.mjs" --port-file "$OUT/echo.port" >"$OUT/echo.log" 2>&1 &
ECHO_PID=$!
for _ in $(seq 50); do [ -s "$OUT/echo.port" ] && break; sleep 0.1; done
PORT="$(cat "$OUT/echo.port" 2>/dev/null || echo 0)"
check "ruffle SocketHello echo" 0 "AMF_TEST_DONE socket echo ok" -- \
  "${RUN[@]}" --swf "$OUT/SocketHello.swf" --socket-proxy "127.0.0.1:$PORT" \
  --flashvars "host=127.0.0.1&port=$PORT"
echo "    echo server log:"; sed 's/^/      /' "$OUT/echo.log"
kill "$ECHO_PID" 2>/dev/null || true; ECHO_PID=""
# Nobody listening: Ruffle fires CONNECT then CLOSE; the SWF must notice and fail.
DEAD="$(free_port)"
check "ruffle SocketHello no server" 1 "AMF_TEST_FAIL socket closed before a reply" -- \
  "${RUN[@]}" --swf "$OUT/SocketHello.swf" --socket-proxy "127.0.0.1:$DEAD" \
  --flashvars "host=127.0.0.1&port=$DEAD"

if [ $FAILED -gt 0 ]; then echo "failed: ${FAILURES[*]}"; fi
echo "$PASSED passed, $FAILED failed"
[ $FAILED -eq 0 ]
