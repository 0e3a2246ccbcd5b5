#!/usr/bin/env node
// Run a SWF in Ruffle (self-hosted web build) inside headless Chromium and judge it
// by its console output (trace() arrives there with logLevel "info").
//
//   node run-ruffle.mjs --swf PATH --socket-proxy HOST:PORT[=ws://URL] [--socket-proxy ...]
//        [--flashvars "a=1&b=2"] [--timeout-ms 60000] [--done-regex REGEX]
//        [--fail-regex REGEX] [--screenshot OUT.png] [--renderer canvas|webgl|wgpu-webgl]
//        [--quiet | --verbose] [--ignore-errors]
//
// Exit 0: a console line matched --done-regex (default AMF_TEST_DONE).
// Exit 1: a console line matched --fail-regex (default AMF_TEST_FAIL), Ruffle logged an
//         error (uncaught ActionScript error, bad SWF, panic; off with --ignore-errors),
//         or the timeout passed. Exit 2: bad arguments or the harness itself failed.
// Env: AMF_TOOLS_DIR (cache folder of setup.sh), AMF_CHROMIUM (default /usr/bin/chromium).
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TOOLS = process.env.AMF_TOOLS_DIR || path.resolve(HERE, '../../.tools/flash');
const CHROMIUM = process.env.AMF_CHROMIUM || '/usr/bin/chromium';
const RUFFLE_DIR = path.join(TOOLS, 'node_modules/@ruffle-rs/ruffle');
const TAG = '[run-ruffle]';
const t0 = Date.now();
const log = (...a) => console.log(TAG, ...a);
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

function usage(msg) {
  if (msg) console.error(`${TAG} ${msg}`);
  console.error('usage: node run-ruffle.mjs --swf PATH --socket-proxy HOST:PORT[=ws://URL] ' +
    '[--flashvars "a=1&b=2"] [--timeout-ms 60000] [--done-regex RE] [--fail-regex RE] ' +
    '[--screenshot OUT.png] [--renderer canvas] [--quiet|--verbose] [--ignore-errors]');
  process.exit(2);
}

// ---- arguments -----------------------------------------------------------------
const opts = { proxies: [], flashvars: '', timeoutMs: 60000, done: 'AMF_TEST_DONE',
  fail: 'AMF_TEST_FAIL', swf: null, screenshot: null, quiet: false,
  verbose: false, renderer: 'canvas', ignoreErrors: false };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const eq = a.indexOf('=');
  // Accept both "--opt value" and "--opt=value".
  const [name, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
  const val = () => {
    if (inline !== undefined) return inline;
    if (i + 1 >= argv.length) usage(`${name} needs a value`);
    return argv[++i];
  };
  switch (name) {
    case '--swf': opts.swf = val(); break;
    case '--socket-proxy': opts.proxies.push(parseProxy(val())); break;
    case '--flashvars': opts.flashvars = val(); break;
    case '--timeout-ms': opts.timeoutMs = Number(val()); break;
    case '--done-regex': opts.done = val(); break;
    case '--fail-regex': opts.fail = val(); break;
    case '--screenshot': opts.screenshot = val(); break;
    case '--renderer': opts.renderer = val(); break;
    case '--quiet': opts.quiet = true; break;
    case '--verbose': opts.verbose = true; break;
    case '--ignore-errors': opts.ignoreErrors = true; break;
    case '-h': case '--help': usage();
    default: usage(`unknown argument: ${a}`);
  }
}
if (!opts.swf) usage('--swf is required');
if (!fs.existsSync(opts.swf)) usage(`SWF not found: ${opts.swf}`);
if (!(opts.timeoutMs > 0)) usage('--timeout-ms must be a positive number');
const doneRe = new RegExp(opts.done);
const failRe = new RegExp(opts.fail);
// Ruffle's own errors fail the run at once (unless --ignore-errors): Rust panics, bad SWFs,
// and uncaught ActionScript errors, which Ruffle logs as "ERROR core/src/avm2...".
const fatalRe = /^ERROR core\/src\/avm2|panicked at|Invalid SWF|Ruffle has encountered a major issue|^run-ruffle: SWF load failed/;

// HOST:PORT[=ws://URL]; the SWF's connect(host, port) must match host and port exactly.
function parseProxy(s) {
  const eq = s.indexOf('=');
  const hp = eq >= 0 ? s.slice(0, eq) : s;
  const colon = hp.lastIndexOf(':');
  const host = hp.slice(0, colon);
  const port = Number(hp.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    usage(`bad --socket-proxy ${s} (want HOST:PORT[=ws://URL])`);
  }
  const proxyUrl = eq >= 0 ? s.slice(eq + 1) : `ws://${host}:${port}/`;
  return { host, port, proxyUrl };
}

for (const f of [path.join(RUFFLE_DIR, 'ruffle.js'), CHROMIUM]) {
  if (!fs.existsSync(f)) {
    console.error(`${TAG} missing ${f}: run tests/flash/setup.sh`);
    process.exit(2);
  }
}
const require = createRequire(path.join(TOOLS, 'package.json'));
const { chromium } = require('playwright-core');

// ---- the page ------------------------------------------------------------------
const config = {
  socketProxy: opts.proxies,
  logLevel: 'info',
  autoplay: 'on',
  unmuteOverlay: 'hidden',
  splashScreen: false,
  warnOnUnsupportedContent: false,
  showSwfDownload: false,
  contextMenu: 'off',
  polyfills: false,
  publicPath: '/ruffle/',
  preferredRenderer: opts.renderer,
};
const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>run-ruffle</title>
<script>window.RufflePlayer = window.RufflePlayer || {};
window.RufflePlayer.config = ${JSON.stringify(config)};</script>
<script src="/ruffle/ruffle.js"></script></head>
<body style="margin:0"><div id="c"></div>
<script>
window.addEventListener("load", () => {
  try {
    const player = window.RufflePlayer.newest().createPlayer();
    player.style.width = "800px"; player.style.height = "600px";
    document.getElementById("c").appendChild(player);
    const api = typeof player.ruffle === "function" ? player.ruffle() : player;
    Promise.resolve(api.load({ url: "/app.swf", parameters: ${JSON.stringify(opts.flashvars)} }))
      .then(() => console.log("run-ruffle: SWF loaded"),
            (e) => console.error("run-ruffle: SWF load failed: " + e));
  } catch (e) { console.error("run-ruffle: SWF load failed: " + e); }
});
</script></body></html>`;

const MIME = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.map': 'application/json',
  '.swf': 'application/x-shockwave-flash', '.html': 'text/html; charset=utf-8' };

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const send = (code, type, body) => {
    res.writeHead(code, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(body);
  };
  if (url.pathname === '/' || url.pathname === '/index.html') return send(200, MIME['.html'], page);
  if (url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
  if (url.pathname === '/app.swf') return send(200, MIME['.swf'], fs.readFileSync(opts.swf));
  if (url.pathname.startsWith('/ruffle/')) {
    const rel = path.normalize(decodeURIComponent(url.pathname.slice('/ruffle/'.length)));
    const file = path.join(RUFFLE_DIR, rel);
    if (!rel.startsWith('..') && file.startsWith(RUFFLE_DIR + path.sep) && fs.existsSync(file)) {
      return send(200, MIME[path.extname(file)] || 'application/octet-stream', fs.readFileSync(file));
    }
  }
  send(404, 'text/plain', 'not found');
});

// ---- run -----------------------------------------------------------------------
let browser = null;
let userDataDir = null;
let finished = false;

async function cleanup() {
  if (browser) await browser.close().catch(() => {});
  browser = null;
  const closed = new Promise((r) => server.close(() => r()));
  server.closeAllConnections();
  await closed;
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  userDataDir = null;
}

let resolveResult;
const result = new Promise((r) => { resolveResult = r; });
function finish(code, why) {
  if (finished) return;
  finished = true;
  resolveResult({ code, why });
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => finish(1, `interrupted by ${sig}`));

// Ruffle logs with "%c" CSS styling: drop the markers and the CSS arguments.
function consoleText(m) {
  const text = m.text();
  const args = m.args();
  if (!text.includes('%c') || args.length === 0) return text;
  const fmt = args[0].toString();
  const styles = (fmt.match(/%c/g) || []).length;
  return [fmt.replace(/%c/g, ''), ...args.slice(1 + styles).map((a) => a.toString())].join(' ');
}
// Harmless browser chatter, shown only with --verbose.
const noiseRe = /GL Driver Message|AudioContext was not allowed|favicon\.ico/;

let pg = null;
let launching = null;
async function start() {
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;
  log(`serving ${opts.swf} at ${url}; socketProxy ${JSON.stringify(opts.proxies)}`);

  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-ruffle-profile-'));
  // launchPersistentContext: the only way to hand Chromium our own fresh --user-data-dir.
  launching = chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30000,
    // Our own signal handlers close the browser and the server (see finish/cleanup).
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required'],
  });
  browser = await launching;
  if (finished) return;  // interrupted or timed out while the browser started
  pg = browser.pages()[0] || await browser.newPage();
  const onLine = (kind, text) => {
    const show = opts.verbose || (!opts.quiet && !noiseRe.test(text));
    if (show || failRe.test(text) || doneRe.test(text)) console.log(`[${kind}] ${text}`);
    if (failRe.test(text)) finish(1, `FAIL: console line matched /${opts.fail}/`);
    else if (doneRe.test(text)) finish(0, `DONE: console line matched /${opts.done}/`);
    else if (!opts.ignoreErrors && fatalRe.test(text)) finish(1, `FAIL: Ruffle reported an error: ${text.split('\n')[0]}`);
  };
  pg.on('console', (m) => onLine(`console.${m.type()}`, consoleText(m)));
  pg.on('pageerror', (e) => onLine('pageerror', String(e && e.stack || e)));
  pg.on('crash', () => finish(1, 'FAIL: page crashed'));
  browser.on('close', () => finish(1, 'FAIL: browser closed unexpectedly'));
  await pg.goto(url);
}

// The timeout covers everything, browser start included.
const timer = setTimeout(() => finish(1, `TIMEOUT: no match of /${opts.done}/ within ${opts.timeoutMs} ms`),
  opts.timeoutMs);
let code = 2;
try {
  await Promise.race([start(), result]);
  const r = await result;
  code = r.code;
  if (opts.screenshot && pg) {
    await pg.screenshot({ path: opts.screenshot, timeout: 5000 }).catch((e) => log(`screenshot failed: ${e}`));
  }
  log(`${r.why} (${elapsed()})`);
} catch (e) {
  log(`harness error: ${e && e.stack || e}`);
  code = 2;
} finally {
  clearTimeout(timer);
  // A browser still starting is waited for, so that it gets closed too.
  if (launching) browser = await launching.catch(() => null);
  await cleanup();
}
process.exit(code);
