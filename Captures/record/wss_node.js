#!/usr/bin/node
// wss (WebSocket over TLS) server and client with Node's tls and the ws package (Debian node-ws).
// Used for wss-tls12-chacha.pcap and wss-tls13-chacha.pcap.
//
// The server listens on 127.0.0.1:PORT with the test certificate in tls/ (chat.wslens.test),
// echoes every message and stops after its first connection has closed. The client connects to
// 127.0.0.1 with servername chat.wslens.test (SNI), verifies the certificate against the same
// file, sends a fixed script, pings, and closes with 1000 "done".
// Both sides pin the TLS version and the cipher suite (Node's `ciphers` option takes TLS 1.3
// suite names such as TLS_CHACHA20_POLY1305_SHA256 as well as OpenSSL's TLS 1.2 names).
// Run the client as `node --tls-keylog=FILE` to write the NSS key log.
//
//   node wss_node.js server --port 443 --tls 1.2|1.3 --ciphers C [--deflate] [--ecdh-curve P-256]
// (--ecdh-curve: the only key exchange group the server accepts; a client whose ClientHello
// carries a key share for another group gets a HelloRetryRequest.)
//   node --tls-keylog=F wss_node.js client --port 443 --tls 1.2|1.3 --ciphers C [--deflate]
'use strict';
const fs = require('fs');
const https = require('https');
const path = require('path');
const WebSocket = require('ws');

const args = process.argv.slice(2);
const role = args[0];
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const port = Number(option('--port', '443'));
const version = option('--tls', '1.3') === '1.2' ? 'TLSv1.2' : 'TLSv1.3';
const ciphers = option('--ciphers', undefined);
const deflate = args.includes('--deflate');
const cert = fs.readFileSync(path.join(__dirname, 'tls', 'server.crt'));
const tlsOptions = { minVersion: version, maxVersion: version, ciphers, ecdhCurve: option('--ecdh-curve', undefined) };
const pattern = (n) => Buffer.from(Array.from({ length: n }, (_, i) => i % 256));
// n deterministic bytes that do not compress (the LCG of wss_python.py's noise()).
const noise = (n) => {
  const out = Buffer.alloc(n);
  let x = 1;
  for (let i = 0; i < n; i++) { x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff; out[i] = (x >> 16) & 0xff; }
  return out;
};
const script = ['hello from node over wss', 'second text', pattern(500), noise(70000),
  'Node pins its cipher suite: ' + (ciphers || 'default'), 'bye'];
setTimeout(() => { console.error(role + ': timeout'); process.exit(2); }, 40000).unref();

if (role === 'server') {
  const server = https.createServer({ ...tlsOptions, cert, key: fs.readFileSync(path.join(__dirname, 'tls', 'server.key')) });
  const wss = new WebSocket.Server({ server, perMessageDeflate: deflate });
  wss.on('connection', (ws, request) => {
    console.log('server: cipher', request.socket.getCipher().standardName, request.socket.getProtocol());
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    ws.on('close', (code, reason) => {
      console.log('server: closed', code, reason.toString());
      setTimeout(() => { wss.close(); server.close(); }, 200);
    });
  });
  server.listen(port, '127.0.0.1', () => console.log('server: listening on 127.0.0.1:' + port));
} else {
  const ws = new WebSocket('wss://127.0.0.1:' + port + '/chat',
    { ...tlsOptions, ca: cert, servername: 'chat.wslens.test', perMessageDeflate: deflate });
  let next = 0;
  const sendNext = () => {
    if (next < script.length) { ws.send(script[next]); next += 1; return; }
    ws.ping('node-ping');
  };
  ws.on('open', () => {
    console.log('client: cipher', ws._socket.getCipher().standardName, ws._socket.getProtocol());
    sendNext();
  });
  ws.on('message', () => sendNext());
  ws.on('pong', () => ws.close(1000, 'done'));
  ws.on('close', (code) => console.log('client: closed', code));
  ws.on('error', (error) => { console.error('client:', error.message); process.exit(1); });
}
