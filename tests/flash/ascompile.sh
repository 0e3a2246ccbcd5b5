#!/usr/bin/env bash
# Compile ActionScript 3 to SWF bytecode with Apache Royale's compilers, against the
# Flash Player API (playerglobal.swc built by setup.sh).
#
#   ascompile.sh lib SRC_DIR[:SRC_DIR...] OUT.swc [extra compiler args...]
#   ascompile.sh app SRC_DIR[:SRC_DIR...] MAIN.as OUT.swf [extra compiler args...]
#
# lib: compc over every source file in every SRC_DIR. app: mxmlc, -target-player=11.7
# -swf-version=20. Fails (exit 1/2) on any compiler error and on any ` Warning: ` line,
# since the compiler has no warnings-as-errors switch.
#
# Env: AMF_TOOLS_DIR (cache folder of setup.sh), AMF_PLAYERGLOBAL (API SWC to compile
# against; default $AMF_TOOLS_DIR/playerglobal.swc, e.g. airglobal.swc for AIR code).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
TOOLS="${AMF_TOOLS_DIR:-$REPO/.tools/flash}"
LIB="$TOOLS/node_modules/@apache-royale/royale-js/royale-asjs/js/lib"
PLAYERGLOBAL="${AMF_PLAYERGLOBAL:-$TOOLS/playerglobal.swc}"

usage() {
  sed -n '5,6p' "$0" | sed 's/^# */usage: /' >&2
  exit 64
}
die() { echo "ascompile: $*" >&2; exit 1; }
abspath() { (cd "$(dirname "$1")" && echo "$PWD/$(basename "$1")"); }

[ $# -ge 1 ] || usage
MODE="$1"; shift
case "$MODE" in
  lib) [ $# -ge 2 ] || usage ;;
  app) [ $# -ge 3 ] || usage ;;
  *) usage ;;
esac
[ -f "$LIB/mxmlc.jar" ] && [ -f "$PLAYERGLOBAL" ] \
  || die "toolchain missing in $TOOLS (or $PLAYERGLOBAL): run tests/flash/setup.sh"

# Source folders: colon-separated list, made absolute.
IFS=: read -r -a SRC_DIRS <<<"$1"; shift
SRC_ARGS=()
for d in "${SRC_DIRS[@]}"; do
  [ -n "$d" ] || continue
  [ -d "$d" ] || die "source folder not found: $d"
  d="$(cd "$d" && pwd)"
  if [ ${#SRC_ARGS[@]} -eq 0 ]; then SRC_ARGS+=("-source-path=$d"); else SRC_ARGS+=("-source-path+=$d"); fi
  [ "$MODE" = lib ] && SRC_ARGS+=("-include-sources+=$d")
done
[ ${#SRC_ARGS[@]} -gt 0 ] || die "no source folder given"

if [ "$MODE" = app ]; then
  MAIN="$1"; shift
  # MAIN.as may be a path, or a file name inside one of the source folders.
  if [ ! -f "$MAIN" ]; then
    for d in "${SRC_DIRS[@]}"; do
      if [ -n "$d" ] && [ -f "$d/$MAIN" ]; then MAIN="$d/$MAIN"; break; fi
    done
  fi
  [ -f "$MAIN" ] || die "main file not found: $MAIN"
  MAIN="$(abspath "$MAIN")"
fi
OUT="$1"; shift
mkdir -p "$(dirname "$OUT")"
OUT="$(abspath "$OUT")"
rm -f "$OUT"  # never leave a stale output behind a failed compile

COMMON=(-targets=SWF "-external-library-path=$PLAYERGLOBAL" "${SRC_ARGS[@]}" "-output=$OUT")
if [ "$MODE" = lib ]; then
  CMD=(java -jar "$LIB/compc.jar" "${COMMON[@]}" "$@")
else
  CMD=(java -jar "$LIB/mxmlc.jar" "${COMMON[@]}" -target-player=11.7 -swf-version=20 "$@" "$MAIN")
fi

LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
set +e
"${CMD[@]}" >"$LOG" 2>&1
RC=$?
set -e

if [ $RC -ne 0 ]; then
  cat "$LOG"
  echo "ascompile: compiler failed (exit $RC)" >&2
  rm -f "$OUT"
  exit $RC
fi
if grep -q ' Warning: ' "$LOG"; then
  cat "$LOG"
  echo "ascompile: compiler printed warnings; treated as errors" >&2
  rm -f "$OUT"
  exit 1
fi
[ -f "$OUT" ] || { cat "$LOG"; die "compiler exited 0 but wrote no $OUT"; }
[ "${AMF_ASC_VERBOSE:-0}" = 1 ] && cat "$LOG"
echo "ascompile: wrote $OUT ($(wc -c <"$OUT") bytes)"
