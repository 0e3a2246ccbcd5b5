#!/usr/bin/env node
// Minimal WebSocket echo server (RFC 6455, Node built-ins only) for the socket smoke test:
// echoes every binary message back as one binary message. Text messages are ignored
// (Ruffle ignores them too). Listens on 127.0.0.1; prints "PORT <n>" once listening.
//
//   node ws-echo.mjs [--port 0] [--port-file FILE]
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const acceptFor = (key) => crypto.createHash('sha1').update(key + GUID).digest('base64');
// RFC 6455 section 1.3 example, as a guard against a mistyped GUID.
if (acceptFor('dGhlIHNhbXBsZSBub25jZQ==') !== 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=') throw new Error('bad GUID');
const log = (...a) => console.log('[ws-echo]', ...a);

// One server-to-client frame (never masked), FIN set.
function frame(opcode, payload) {
  const n = payload.length;
  let head;
  if (n < 126) head = Buffer.from([0x80 | opcode, n]);
  else if (n < 65536) { head = Buffer.alloc(4); head[0] = 0x80 | opcode; head[1] = 126; head.writeUInt16BE(n, 2); }
  else { head = Buffer.alloc(10); head[0] = 0x80 | opcode; head[1] = 127; head.writeBigUInt64BE(BigInt(n), 2); }
  return Buffer.concat([head, payload]);
}

const server = http.createServer((req, res) => { res.writeHead(426); res.end('WebSocket only\n'); });
server.on('upgrade', (req, socket) => {
  const key = req.headers['sec-websocket-key'];
  if (!key || String(req.headers.upgrade).toLowerCase() !== 'websocket') {
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    return;
  }
  const accept = acceptFor(key);
  socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
    `Sec-WebSocket-Accept: ${accept}\r\n\r\n`);
  log(`client connected from ${req.headers.origin || '?'}`);

  let buf = Buffer.alloc(0);
  let parts = [];       // fragments of the message being assembled
  let msgOpcode = 0;
  socket.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (buf.length < 2) return;
      const fin = (buf[0] & 0x80) !== 0;
      const opcode = buf[0] & 0x0f;
      const masked = (buf[1] & 0x80) !== 0;
      let len = buf[1] & 0x7f;
      let off = 2;
      if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); off = 4; }
      else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); off = 10; }
      const maskOff = off;
      if (masked) off += 4;
      if (buf.length < off + len) return;
      const payload = Buffer.from(buf.subarray(off, off + len));
      if (masked) for (let i = 0; i < len; i++) payload[i] ^= buf[maskOff + (i & 3)];
      buf = buf.subarray(off + len);

      if (opcode === 0x8) { socket.end(frame(0x8, payload.subarray(0, 2))); log('client closed'); return; }
      if (opcode === 0x9) { socket.write(frame(0xa, payload)); continue; }  // ping -> pong
      if (opcode === 0xa) continue;                                        // pong
      if (opcode !== 0x0) { msgOpcode = opcode; parts = []; }
      parts.push(payload);
      if (!fin) continue;
      const msg = Buffer.concat(parts);
      parts = [];
      if (msgOpcode === 0x2) {
        log(`echo ${msg.length} bytes: ${msg.subarray(0, 48).toString('hex')}`);
        socket.write(frame(0x2, msg));
      } else {
        log(`ignored text message (${msg.length} bytes)`);
      }
    }
  });
  socket.on('error', (e) => log(`socket error: ${e.message}`));
});

server.listen(Number(opt('--port', '0')), '127.0.0.1', () => {
  const port = server.address().port;
  const portFile = opt('--port-file', null);
  if (portFile) fs.writeFileSync(portFile, `${port}\n`);
  log(`PORT ${port}`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { server.close(); process.exit(0); });
