#!/usr/bin/env bash
# Installs the ActionScript toolchain (Apache Royale compilers + Flash Player API SWC)
# and the Ruffle harness (Ruffle self-hosted build, playwright-core, Debian chromium)
# into a cache folder. Idempotent: every step is skipped when its output exists.
#
# Env:
#   AMF_TOOLS_DIR   cache folder (default: <repo>/.tools/flash)
#   AMF_CHROMIUM    browser binary (default: /usr/bin/chromium)
#   AMF_SKIP_BROWSER=1  skip Ruffle/playwright/chromium (compile-only machines)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
TOOLS="${AMF_TOOLS_DIR:-$REPO/.tools/flash}"
CHROMIUM="${AMF_CHROMIUM:-/usr/bin/chromium}"

ROYALE_VERSION=0.9.12
RUFFLE_VERSION=0.6.0
PLAYWRIGHT_VERSION=1.65.1   # pinned: tested with Debian 12 chromium 156

log() { echo "[flash-setup +${SECONDS}s] $*"; }
die() { echo "[flash-setup] ERROR: $*" >&2; exit 1; }

# Run apt-get as root, or through sudo when available.
apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root (or sudo) to apt-get install $*"
    sudo="sudo"
  fi
  log "apt-get update"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  log "apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

mkdir -p "$TOOLS"
log "cache folder: $TOOLS"
# One setup at a time per cache folder (parallel test jobs may all call this script).
if command -v flock >/dev/null; then
  exec 9>"$TOOLS/.setup.lock"
  flock 9
fi

# --- 1. Java (runs the compilers) ---------------------------------------------
if command -v java >/dev/null; then
  log "java present: $(java -version 2>&1 | head -1)"
else
  apt_install openjdk-17-jre-headless
fi
command -v node >/dev/null || die "node is missing (Node 18+ needed)"
command -v npm >/dev/null || die "npm is missing"

# npm installs go to $TOOLS (its own package.json), never into the repository tree.
if [ ! -f "$TOOLS/package.json" ]; then
  echo '{ "name": "amf-flash-tools", "private": true }' >"$TOOLS/package.json"
fi
npm_add() {
  log "npm install $*"
  (cd "$TOOLS" && npm install --no-audit --no-fund --save-exact --loglevel=error "$@")
}

# --- 2. Apache Royale compilers ------------------------------------------------
ROYALE="$TOOLS/node_modules/@apache-royale/royale-js"
if [ -f "$ROYALE/royale-asjs/js/lib/mxmlc.jar" ]; then
  log "royale-js present"
else
  npm_add "@apache-royale/royale-js@$ROYALE_VERSION"
fi
[ -f "$ROYALE/royale-asjs/js/lib/compc.jar" ] || die "compc.jar missing after install: $ROYALE"

# --- 3. Flash Player API SWC (playerglobal.swc) --------------------------------
# Royale's frameworks/libs/player/*/playerglobal.swc holds JS externs, not the Flash API:
# generate .as declarations from the ASDoc XML, then compile them with compc.
build_global() { # $1 = playerglobal | airglobal
  local name="$1" out="$TOOLS/$1.swc" work="$TOOLS/build/typedefs"
  if [ -f "$out" ]; then log "$name.swc present"; return; fi
  log "building $name.swc"
  rm -rf "$work" && mkdir -p "$work"
  # Both folders are copied: they refer to each other.
  cp -r "$ROYALE/royale-typedefs/playerglobal" "$ROYALE/royale-typedefs/airglobal" "$work/"
  local lib="$ROYALE/royale-asjs/js/lib" dir="$work/$name" logf="$TOOLS/build/$name.log"
  (
    cd "$dir"
    java -jar "$lib/compiler-playerglobalc.jar" +royalelib=externs -debug \
      -load-config="$dir/src/main/config/playerglobalc-config.xml"
    mkdir -p target && cp src/main/config/compile-as-config.xml target/
    java -jar "$lib/compc.jar" +royalelib=externs/frameworks -targets=SWF \
      -load-config="$dir/target/compile-as-config.xml" -output="$dir/target/$name.swc"
  ) >"$logf" 2>&1 || { cat "$logf" >&2; die "building $name.swc failed (log: $logf)"; }
  cp "$dir/target/$name.swc" "$out.tmp" && mv "$out.tmp" "$out"
  rm -rf "$work"
  log "built $out ($(du -h "$out" | cut -f1))"
}
build_global playerglobal
[ "${AMF_BUILD_AIRGLOBAL:-0}" = 1 ] && build_global airglobal

if [ "${AMF_SKIP_BROWSER:-0}" = 1 ]; then
  log "AMF_SKIP_BROWSER=1: skipping Ruffle, playwright-core and chromium"
  log "done"
  exit 0
fi

# --- 4. Ruffle self-hosted build + playwright-core -----------------------------
if [ -f "$TOOLS/node_modules/@ruffle-rs/ruffle/ruffle.js" ]; then
  log "ruffle present"
else
  npm_add "@ruffle-rs/ruffle@$RUFFLE_VERSION"
fi
if [ -f "$TOOLS/node_modules/playwright-core/package.json" ]; then
  log "playwright-core present"
else
  # Never run `npx playwright install`: browser downloads are not reachable here.
  npm_add "playwright-core@$PLAYWRIGHT_VERSION"
fi

# --- 5. Chromium (Debian package) ----------------------------------------------
if [ -x "$CHROMIUM" ]; then
  log "chromium present: $CHROMIUM"
else
  apt_install chromium
  [ -x "$CHROMIUM" ] || die "chromium not found at $CHROMIUM after install"
fi

log "done"
